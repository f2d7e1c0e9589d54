// VJP rules of the graph's shape ops (reshape, transpose, broadcast, concat,
// stack, indexing and its scatter) and of the network composites with
// dedicated rules (softmax, log_softmax, cross_entropy, mse).

import type { IndexItem } from "../indexing.ts";
import * as I from "../indexing.ts";
import { type GNode, isTracing } from "../graph/node.ts";
import { crossEntropyGrad, type SavedExps } from "../nn/cross_entropy.ts";
import * as T from "../graph/traced.ts";
import { oneHot } from "../nn.ts";
import { Tensor } from "../tensor.ts";
import { f, normAxis, unbroadcast } from "./helpers.ts";
import type { VjpRule } from "./vjp_rules.ts";

const a0 = (n: GNode): Tensor => n.args[0] as Tensor;

/** A zero tensor of `shape` holding `g` at `items` (the adjoint of indexing). */
export function scatter(
  g: Tensor,
  shape: readonly number[],
  items: readonly IndexItem[],
): Tensor {
  const out = Tensor.zeros(g.dtype, shape);
  I.setIndex(out, items, g);
  return T.traced("scatter", [g], out, { items });
}

function sliceAlong(
  rank: number,
  axis: number,
  item: IndexItem,
): IndexItem[] {
  const items: IndexItem[] = [];
  for (let i = 0; i < axis; i++) items.push({});
  items.push(item);
  for (let i = axis + 1; i < rank; i++) items.push({});
  return items;
}

function indexT(g: Tensor, items: readonly IndexItem[]): Tensor {
  return T.index(g, items) as Tensor;
}

function invert(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => inv[p] = i);
  return inv;
}

/** Rules of shape ops and network composites. */
export const SHAPE_RULES = {
  leaf: () => [],
  identity: (g) => [g],
  reshape: (g, n) => [T.reshape(g, a0(n).shape)],
  transpose: (g, n) => [T.transpose(g, invert(n.attrs.perm as number[]))],
  broadcast_to: (g, n) => [unbroadcast(g, a0(n).shape)],
  astype: (g, n) => [T.astype(g, a0(n).dtype)],
  concat: (g, n, want) => {
    const rank = g.ndim, axis = normAxis(n.attrs.axis as number, rank);
    let at = 0;
    return n.args.map((x, i) => {
      const len = (x as Tensor).shape[axis];
      const item = { start: at, stop: at + len };
      at += len;
      return want[i] ? indexT(g, sliceAlong(rank, axis, item)) : null;
    });
  },
  stack: (g, n, want) => {
    const axis = normAxis(n.attrs.axis as number, g.ndim);
    return n.args.map((_, i) =>
      want[i] ? indexT(g, sliceAlong(g.ndim, axis, i)) : null
    );
  },
  index: (g, n) => [
    scatter(g, a0(n).shape, n.attrs.items as IndexItem[]),
  ],
  scatter: (g, n) => [indexT(g, n.attrs.items as IndexItem[])],
  softmax: (g, n) => {
    const axis = n.attrs.axis as number, y = n.value;
    const s = T.reduce("sum", T.binary("mul", g, y), { axis, keepdims: true });
    return [T.binary("mul", y, T.binary("sub", g, s))];
  },
  log_softmax: (g, n) => {
    const axis = n.attrs.axis as number;
    const s = T.reduce("sum", g, { axis, keepdims: true });
    return [T.binary("sub", g, T.binary("mul", T.unary("exp", n.value), s))];
  },
  cross_entropy: (g, n) => {
    const [logits, labels] = n.args as Tensor[];
    if (!isTracing()) {
      const exps = n.attrs.exps as SavedExps | undefined;
      const fused = crossEntropyGrad(logits, labels, g, exps);
      if (fused !== null) return [fused, null];
    }
    const p = T.softmax(logits, 1);
    const hot = oneHot(labels, logits.shape[1]);
    const scale = T.binary("div", g, f(logits.shape[0]));
    return [T.binary("mul", T.binary("sub", p, hot), scale), null];
  },
  mse: (g, n, want) => {
    const [p, t] = n.args as Tensor[];
    const d = T.binary(
      "mul",
      T.binary("sub", p, t),
      T.binary("mul", g, f(2 / Math.max(1, p.size))),
    );
    return [want[0] ? d : null, want[1] ? T.unary("neg", d) : null];
  },
} as const satisfies Record<string, VjpRule>;
