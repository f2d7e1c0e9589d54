// Element-wise ops: ONE strided loop driver for unary, binary and ternary
// ops, taking the scalar evaluator from the op table. Operands broadcast
// (numpy rules); dims are coalesced so that contiguous operands run as one
// flat loop. Dtypes follow opDTypes; a scalar takes the tensor's dtype.

import type { DType } from "../compiler/core/dtype.ts";
import { isFloatDType } from "../compiler/core/dtype.ts";
import {
  type BinaryOpName,
  type OpDef,
  opDTypes,
  type OpName,
  OPS,
  type ScalarFn,
  type TernaryOpName,
  type UnaryOpName,
} from "../compiler/core/ops.ts";
import { type Scalar, scalarNumber } from "../compiler/core/scalar.ts";
import { broadcastShapeOf, broadcastStrides, coalesce } from "./broadcast.ts";
import { asDType } from "./cast.ts";
import { Tensor, type TensorData } from "./tensor.ts";

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
  const { compute, result } = opDTypes(op, valueOps.map(dtypeOf));
  const f = (isFloatDType(compute) ? def.evalF : def.evalI) ??
    def.evalF!;
  const shape = broadcastShapeOf(
    opLabel(op),
    operands.map((x) => (x instanceof Tensor ? x.shape : [])),
  );
  const out = Tensor.zeros(result, shape);
  if (out.size === 0) return out;
  const srcs = operands.map((x, i) =>
    toSrc(x, def.condition && i === 0 ? "bool" : compute, shape)
  );
  const c = coalesce(shape, srcs.map((s) => s.strides));
  runLoop(f, srcs, c.shape, c.strides, out.data);
  return out;
}

/**
 * The strided loop: an odometer over the outer dims and a tight inner loop
 * over the last dim, writing the output contiguously.
 */
function runLoop(
  f: ScalarFn,
  srcs: readonly Src[],
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  out: TensorData,
): void {
  const rank = shape.length, inner = shape[rank - 1];
  const k = srcs.length;
  const a = srcs[0], b = srcs[k > 1 ? 1 : 0], c = srcs[k > 2 ? 2 : 0];
  const ad = a.data, bd = b.data, cd = c.data;
  const sa = strides[0][rank - 1];
  const sb = strides[k > 1 ? 1 : 0][rank - 1];
  const sc = strides[k > 2 ? 2 : 0][rank - 1];
  const idx = new Array<number>(rank).fill(0);
  let pa = a.offset, pb = b.offset, pc = c.offset, o = 0;
  for (;;) {
    if (k === 1) {
      for (let j = 0, p = pa; j < inner; j++, p += sa) {
        out[o++] = f(ad[p], 0, 0);
      }
    } else if (k === 2) {
      for (let j = 0, p = pa, q = pb; j < inner; j++, p += sa, q += sb) {
        out[o++] = f(ad[p], bd[q], 0);
      }
    } else {
      for (
        let j = 0, p = pa, q = pb, r = pc;
        j < inner;
        j++, p += sa, q += sb, r += sc
      ) {
        out[o++] = f(ad[p], bd[q], cd[r]);
      }
    }
    let d = rank - 2;
    for (; d >= 0; d--) {
      idx[d]++;
      pa += strides[0][d];
      if (k > 1) pb += strides[1][d];
      if (k > 2) pc += strides[2][d];
      if (idx[d] < shape[d]) break;
      pa -= strides[0][d] * shape[d];
      if (k > 1) pb -= strides[1][d] * shape[d];
      if (k > 2) pc -= strides[2][d] * shape[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
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
