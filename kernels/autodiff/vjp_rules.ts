// THE table of gradient rules: one vector-Jacobian product per
// differentiable op, as data. A rule takes the gradient `g` of a node's
// value and returns one gradient per argument (null: none). Rules build more
// graph with the traced ops, so gradients can be differentiated again.

import type { DiffOpName, GraphOpName } from "../graph/graph_ops.ts";
import type { Arg, GNode } from "../graph/node.ts";
import * as T from "../graph/traced.ts";
import { Tensor } from "../tensor.ts";
import { CONV_RULES } from "./vjp_conv.ts";
import { EXTRA_RULES, geluGrad } from "./extra_ops.ts";
import { SHAPE_RULES } from "./vjp_shape.ts";
import {
  expandReduced,
  f,
  reducedCount,
  sameShape,
  unbroadcast,
} from "./helpers.ts";

/** A VJP rule: gradients of the node's arguments from the gradient of its value. */
export type VjpRule = (
  g: Tensor,
  n: GNode,
  want: readonly boolean[],
) => readonly (Tensor | null)[];

const shapeOf = (a: Arg): readonly number[] =>
  a instanceof Tensor ? a.shape : [];
const mul = (a: Arg, b: Arg) => T.binary("mul", a, b);
const div = (a: Arg, b: Arg) => T.binary("div", a, b);
const sub = (a: Arg, b: Arg) => T.binary("sub", a, b);
const neg = (a: Tensor) => T.unary("neg", a);
const mask = (op: "gt" | "ge" | "lt" | "le" | "eq", a: Arg, b: Arg) =>
  T.binary(op, a, b);

/** Gradient of both operands of an element-wise binary op. */
function pair(
  n: GNode,
  da: () => Tensor,
  db: () => Tensor,
  want: readonly boolean[],
): (Tensor | null)[] {
  return [
    want[0] ? unbroadcast(da(), shapeOf(n.args[0])) : null,
    want[1] ? unbroadcast(db(), shapeOf(n.args[1])) : null,
  ];
}

/**
 * `g` for the second operand of add/sub. When the first operand takes `g`
 * as it is and the second sums it down (a bias), a pending `g` is computed
 * once here, so the sum and the first operand's consumers read the same
 * storage instead of each computing the expression.
 */
function shared(g: Tensor, n: GNode, want: readonly boolean[]): Tensor {
  if (want[0] && g.isPending && shapeOf(n.args[1]).length < g.ndim) {
    void g.data;
  }
  return g;
}

/** maximum/minimum: the chosen side takes g; ties split it (PyTorch). */
function pick(first: "gt" | "lt"): VjpRule {
  return (g, n, want) => {
    const [a, b] = n.args;
    const wa = T.binary(
      "add",
      mask(first, a, b),
      mul(mask("eq", a, b), f(0.5)),
    );
    return pair(
      n,
      () => mul(g, wa),
      () => mul(g, T.binary("sub", f(1), wa)),
      want,
    );
  };
}

function reduceAttrs(n: GNode) {
  return {
    x: n.args[0] as Tensor,
    axis: n.attrs.axis as number | undefined,
    keepdims: n.attrs.keepdims as boolean,
    ddof: (n.attrs.ddof as number | undefined) ?? 0,
  };
}

/** max/min reductions: g spread evenly over the elements equal to the result. */
const extremum: VjpRule = (g, n) => {
  const { x, axis, keepdims } = reduceAttrs(n);
  const hit = T.astype(
    mask("eq", x, expandReduced(n.value, x.shape, axis, keepdims)),
    x.dtype,
  );
  const count = T.reduce("sum", hit, { axis, keepdims: true });
  const share = div(hit, count);
  return [mul(expandReduced(g, x.shape, axis, keepdims), share)];
};

/** d var / dx = 2 (x - mean) / (n - ddof). */
function varianceGrad(n: GNode): Tensor {
  const { x, axis, ddof } = reduceAttrs(n);
  const m = T.reduce("mean", x, { axis, keepdims: true });
  const dof = reducedCount(x.shape, axis) - ddof;
  return mul(sub(x, m), f(2 / dof));
}

const a0 = (n: GNode): Tensor => n.args[0] as Tensor;

/** True for a matrix that is the transposed view of a contiguous one. */
const isTransposed = (t: Tensor): boolean =>
  t.ndim === 2 && t.shape[0] > 1 && t.shape[1] > 1 && t.strides[0] === 1 &&
  t.strides[1] === t.shape[0];

/** `t` reshaped to `shape` (itself when it has that shape already). */
const fit = (t: Tensor, shape: readonly number[]): Tensor =>
  sameShape(t.shape, shape) ? t : T.reshape(t, shape);

/** Rules of the op table's differentiable ops. */
const OP_RULES = {
  add: (g, n, w) => pair(n, () => g, () => shared(g, n, w), w),
  sub: (g, n, w) => pair(n, () => g, () => neg(shared(g, n, w)), w),
  mul: (g, n, w) =>
    pair(n, () => mul(g, n.args[1]), () => mul(g, n.args[0]), w),
  div: (g, n, w) =>
    pair(
      n,
      () => div(g, n.args[1]),
      () => neg(div(mul(g, n.value), n.args[1])),
      w,
    ),
  mod: (g, n, w) => {
    const [a, b] = n.args;
    const q = T.unary("sign", div(a, b));
    const trunc = mul(q, T.unary("floor", T.unary("abs", div(a, b))));
    return pair(n, () => g, () => neg(mul(g, trunc)), w);
  },
  pow: (g, n, w) => {
    const [a, b] = n.args;
    return pair(
      n,
      () => mul(g, mul(b, T.binary("pow", a, sub(b, f(1))))),
      () => mul(g, mul(n.value, T.unary("log", a as Tensor))),
      w,
    );
  },
  maximum: pick("gt"),
  minimum: pick("lt"),
  neg: (g) => [neg(g)],
  abs: (g, n) => [mul(g, T.unary("sign", a0(n)))],
  relu: (g, n) => [mul(g, mask("gt", a0(n), f(0)))],
  exp: (g, n) => [mul(g, n.value)],
  log: (g, n) => [div(g, n.args[0])],
  sqrt: (g, n) => [div(g, mul(n.value, f(2)))],
  sin: (g, n) => [mul(g, T.unary("cos", a0(n)))],
  cos: (g, n) => [neg(mul(g, T.unary("sin", a0(n))))],
  tanh: (g, n) => [mul(g, sub(f(1), mul(n.value, n.value)))],
  sigmoid: (g, n) => [mul(g, mul(n.value, sub(f(1), n.value)))],
  gelu: (g, n) => [mul(g, geluGrad(a0(n)))],
  where: (g, n, w) => {
    const [c, a, b] = n.args;
    return [
      null,
      w[1] ? unbroadcast(T.ternary("where", c, g, f(0)), shapeOf(a)) : null,
      w[2] ? unbroadcast(T.ternary("where", c, f(0), g), shapeOf(b)) : null,
    ];
  },
  clip: (g, n, w) => {
    const [x, lo, hi] = n.args;
    const below = mask("lt", x, lo), above = mask("gt", x, hi);
    const inside = T.ternary(
      "where",
      below,
      f(0),
      T.ternary("where", above, f(0), f(1)),
    );
    return [
      w[0] ? unbroadcast(mul(g, inside), shapeOf(x)) : null,
      w[1] ? unbroadcast(mul(g, below), shapeOf(lo)) : null,
      w[2] ? unbroadcast(mul(g, above), shapeOf(hi)) : null,
    ];
  },
  sum: (g, n) => {
    const { x, axis, keepdims } = reduceAttrs(n);
    return [expandReduced(g, x.shape, axis, keepdims)];
  },
  mean: (g, n) => {
    const { x, axis, keepdims } = reduceAttrs(n);
    const k = reducedCount(x.shape, axis);
    return [div(expandReduced(g, x.shape, axis, keepdims), f(k))];
  },
  prod: (g, n) => {
    const { x, axis, keepdims } = reduceAttrs(n);
    const out = expandReduced(n.value, x.shape, axis, keepdims);
    return [mul(expandReduced(g, x.shape, axis, keepdims), div(out, x))];
  },
  max: extremum,
  min: extremum,
  var: (g, n) => {
    const { x, axis, keepdims } = reduceAttrs(n);
    return [mul(expandReduced(g, x.shape, axis, keepdims), varianceGrad(n))];
  },
  std: (g, n) => {
    const { x, axis, keepdims } = reduceAttrs(n);
    const dvar = div(
      varianceGrad(n),
      mul(expandReduced(n.value, x.shape, axis, keepdims), f(2)),
    );
    return [mul(expandReduced(g, x.shape, axis, keepdims), dvar)];
  },
  logsumexp: (g, n) => {
    const { x, axis, keepdims } = reduceAttrs(n);
    const p = T.unary(
      "exp",
      sub(x, expandReduced(n.value, x.shape, axis, keepdims)),
    );
    return [mul(expandReduced(g, x.shape, axis, keepdims), p)];
  },
  matmul: (g, n, w) => {
    const [a, b] = n.args as Tensor[];
    const a2 = a.ndim === 1 ? T.unsqueeze(a, 0) : a;
    const b2 = b.ndim === 1 ? T.unsqueeze(b, -1) : b;
    let g2 = g;
    if (a.ndim === 1) g2 = T.unsqueeze(g2, g2.ndim - (b.ndim === 1 ? 0 : 1));
    if (b.ndim === 1) g2 = T.unsqueeze(g2, -1);
    const da = () =>
      fit(unbroadcast(T.matmul(g2, T.transposeLast2(b2)), a2.shape), a.shape);
    // A transposed matrix (Linear's weight.T) gets its gradient as the
    // transpose of g^T a: the same products and sums, but the gradient of
    // the weight itself comes out contiguous.
    const db = () =>
      a.ndim === 2 && isTransposed(b)
        ? T.transposeLast2(T.matmul(T.transposeLast2(g), a))
        : fit(
          unbroadcast(T.matmul(T.transposeLast2(a2), g2), b2.shape),
          b.shape,
        );
    return [w[0] ? da() : null, w[1] ? db() : null];
  },
} as const satisfies Record<DiffOpName, VjpRule>;

/** Every VJP rule, by op name (op-table ops and graph ops). */
export const VJP_RULES: Readonly<Record<DiffOpName | GraphOpName, VjpRule>> = {
  ...OP_RULES,
  ...SHAPE_RULES,
  ...CONV_RULES,
  ...EXTRA_RULES,
} satisfies Record<DiffOpName | GraphOpName, VjpRule>;
