// Element-wise ops: ONE strided loop driver for unary, binary and ternary
// ops, taking the scalar evaluator from the op table (the loop itself is
// compiled per op and storage kind by loop_cache.ts). Operands broadcast
// (numpy rules); dims are coalesced so that contiguous operands run as one
// flat loop. Dtypes follow opDTypes; a scalar takes the tensor's dtype.
// With the JIT on (kernels/jit/), ops that cannot fail — float ops, and
// integer ops whose evaluator never throws — return pending tensors that
// fuse into one generated kernel; the others run here at once, so that
// integer overflow and division by zero surface at their expression.

import type { DType } from "../compiler/core/dtype.ts";
import { isFloatDType } from "../compiler/core/dtype.ts";
import {
  type BinaryOpName,
  type OpDef,
  opDTypes,
  type OpName,
  OPS,
  type TernaryOpName,
  type UnaryOpName,
} from "../compiler/core/ops.ts";
import { type Scalar, scalarNumber } from "../compiler/core/scalar.ts";
import { broadcastShapeOf, broadcastStrides, coalesce } from "./broadcast.ts";
import { asDType } from "./cast.ts";
import { elementwiseLoop } from "./loop_cache.ts";
import { jsTemplate } from "./codegen/js_ops.ts";
import { JIT } from "./jit/config.ts";
import { lazyElementwise } from "./jit/lazy.ts";
import type { ElementwiseOpName } from "./schedule/loop_ir.ts";
import { shapeSize, Tensor } from "./tensor.ts";

/** A tensor or a scalar operand of an element-wise op. */
export type Operand = Tensor | Scalar;

const SCALAR_DTYPE = { int: "i32", float: "f32", bool: "bool" } as const;

function dtypeOf(x: Operand): DType {
  return x instanceof Tensor ? x.dtype : SCALAR_DTYPE[x.kind];
}

/** Operand storage seen through the output's shape. */
interface Src {
  data: ArrayLike<number>;
  offset: number;
  strides: number[];
}

function toSrc(x: Operand, compute: DType, shape: readonly number[]): Src {
  if (x instanceof Tensor) {
    // Only i32 → f32 changes values (rounding); other widenings are exact.
    const t = x.dtype === "i32" && compute === "f32" ? asDType(x, "f32") : x;
    return {
      data: t.data,
      offset: t.offset,
      strides: broadcastStrides(t, shape),
    };
  }
  let v = scalarNumber(x);
  if (compute === "f32") v = Math.fround(v);
  return { data: [v], offset: 0, strides: shape.map(() => 0) };
}

/** Big enough results, or any result with a pending operand, are lazy. */
function worthLazy(size: number, operands: readonly Operand[]): boolean {
  if (size === 0) return false;
  if (size >= JIT.minSize) return true;
  return operands.some((x) => x instanceof Tensor && x.isPending);
}

/** The name used in error messages: the operator token or the op name. */
function opLabel(op: OpName): string {
  const def: OpDef = OPS[op];
  return def.symbol ?? op;
}

/**
 * Applies `op` element-wise to `operands` (for `where`, the first is the
 * condition). Returns a new contiguous tensor of the broadcast shape.
 */
export function elementwise(op: OpName, operands: readonly Operand[]): Tensor {
  const def: OpDef = OPS[op];
  const valueOps = def.condition ? operands.slice(1) : operands;
  const dtypes = opDTypes(op, valueOps.map(dtypeOf));
  const { compute, result } = dtypes;
  const f = (isFloatDType(compute) ? def.evalF : def.evalI) ??
    def.evalF!;
  const shape = broadcastShapeOf(
    opLabel(op),
    operands.map((x) => (x instanceof Tensor ? x.shape : [])),
  );
  const mode = f === def.evalF ? "F" : "I";
  if (
    JIT.enabled && def.kind !== "reduce" && def.kind !== "matmul" &&
    jsTemplate(op as ElementwiseOpName, mode) !== undefined &&
    worthLazy(shapeSize(shape), operands)
  ) {
    return lazyElementwise(
      op as ElementwiseOpName,
      mode,
      dtypes,
      shape,
      operands,
    );
  }
  const out = Tensor.zeros(result, shape);
  if (out.size === 0) return out;
  const srcs = operands.map((x, i) =>
    toSrc(x, def.condition && i === 0 ? "bool" : compute, shape)
  );
  const c = coalesce(shape, srcs.map((s) => s.strides));
  const kinds = srcs.map((s) => s.data.constructor.name).join(",");
  const key = `${op}:${f === def.evalF ? "F" : "I"}:${kinds}:${result}`;
  const loop = elementwiseLoop(key, f, srcs.length as 1 | 2 | 3);
  const [a, b = a, cc = a] = srcs;
  const [sa, sb = sa, sc = sa] = c.strides;
  loop(
    a.data,
    a.offset,
    sa,
    b.data,
    b.offset,
    sb,
    cc.data,
    cc.offset,
    sc,
    c.shape,
    out.data,
  );
  return out;
}

/** An element-wise unary op (`exp`, `neg`, `not`, …). */
export function unary(op: UnaryOpName, x: Tensor): Tensor {
  return elementwise(op, [x]);
}

/** An element-wise binary op with broadcasting; scalars take the tensor's dtype. */
export function binary(op: BinaryOpName, a: Operand, b: Operand): Tensor {
  return elementwise(op, [a, b]);
}

/** An element-wise ternary op (`where`, `clip`) with broadcasting. */
export function ternary(
  op: TernaryOpName,
  a: Operand,
  b: Operand,
  c: Operand,
): Tensor {
  return elementwise(op, [a, b, c]);
}
