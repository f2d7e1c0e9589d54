// Small graph-building helpers shared by the VJP rules: undoing broadcasting
// (sum over broadcast dims), re-expanding a reduced gradient, scalars, and
// constant tensors computed element by element.

import { floatScalar, type Scalar } from "../../compiler/core/scalar.ts";
import * as T from "../graph/traced.ts";
import { copyInto, scratchF64, Tensor } from "../tensor.ts";

/** A float scalar operand. */
export function f(v: number): Scalar {
  return floatScalar(v);
}

/** Sums `g` down to `shape` (the inverse of numpy broadcasting). */
export function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  let r = g;
  while (r.ndim > shape.length) r = T.reduce("sum", r, { axis: 0 });
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1 && r.shape[i] !== 1) {
      r = T.reduce("sum", r, { axis: i, keepdims: true });
    }
  }
  return sameShape(r.shape, shape) ? r : T.reshape(r, shape);
}

/** True when two shapes are equal. */
export function sameShape(
  a: readonly number[],
  b: readonly number[],
): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Normalises a possibly negative axis against `rank`. */
export function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/**
 * Brings a reduction's gradient (or result) `g` back to the input's shape
 * `shape` with broadcasting, given the reduction's axis and keepdims.
 */
export function expandReduced(
  g: Tensor,
  shape: readonly number[],
  axis: number | undefined,
  keepdims: boolean,
): Tensor {
  let r = g;
  if (!keepdims) {
    r = axis === undefined
      ? T.reshape(r, shape.map(() => 1))
      : T.unsqueeze(r, normAxis(axis, shape.length));
  }
  return T.broadcastTo(r, shape);
}

/** Number of elements a reduction combines into each result. */
export function reducedCount(
  shape: readonly number[],
  axis: number | undefined,
): number {
  if (axis === undefined) return shape.reduce((a, b) => a * b, 1);
  return shape[normAxis(axis, shape.length)];
}

/** A constant tensor (same dtype and shape as `x`) of `fn` applied to each element. */
export function mapConst(x: Tensor, fn: (v: number) => number): Tensor {
  const buf = scratchF64(x.size);
  copyInto(x, buf, 0);
  const out = Tensor.zeros(x.dtype, x.shape);
  for (let i = 0; i < buf.length; i++) out.data[i] = fn(buf[i]);
  return out;
}
