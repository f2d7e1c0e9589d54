// numpy broadcasting for concrete shapes: the broadcast shape of operands,
// zero-stride broadcast views, and dim coalescing so that strided loops run
// long inner rows (same-shape contiguous operands collapse to one dim).

import { broadcastShapes } from "../compiler/core/shape.ts";
import { shapeError, shapeText } from "./errors.ts";
import { Tensor } from "./tensor.ts";

/** The broadcast of `shapes`; throws R0008 naming `op` when they are incompatible. */
export function broadcastShapeOf(
  op: string,
  shapes: readonly (readonly number[])[],
): number[] {
  let out: readonly number[] = shapes[0];
  for (let i = 1; i < shapes.length; i++) {
    if (sameDims(out, shapes[i])) continue; // the common case: nothing to do
    const r = broadcastShapes(out, shapes[i]);
    if (!r.ok) {
      throw shapeError(
        op,
        `cannot broadcast ${shapeText(out)} with ${shapeText(shapes[i])}`,
      );
    }
    out = r.shape as number[];
  }
  return [...out];
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Strides of `t` seen with `shape` (which it broadcasts to): 0 on broadcast dims. */
export function broadcastStrides(
  t: Tensor,
  shape: readonly number[],
): number[] {
  const r = shape.length, lead = r - t.shape.length;
  const out = new Array<number>(r);
  for (let i = 0; i < r; i++) {
    const j = i - lead;
    out[i] = j < 0 || t.shape[j] === 1 ? 0 : t.strides[j];
  }
  return out;
}

/** A view of `t` broadcast to `shape` (zero strides); R0008 naming `op` if it cannot. */
export function broadcastTo(
  t: Tensor,
  shape: readonly number[],
  op = "broadcast_to",
): Tensor {
  const r = broadcastShapes(t.shape, shape);
  const ok = r.ok && r.shape.length === shape.length &&
    r.shape.every((d, i) => d === shape[i]);
  if (!ok) {
    throw shapeError(
      op,
      `cannot broadcast ${shapeText(t.shape)} to ${shapeText(shape)}`,
    );
  }
  return new Tensor(
    t.dtype,
    [...shape],
    broadcastStrides(t, shape),
    t.offset,
    t.data,
  );
}

/**
 * Merges adjacent dims that every stride list walks contiguously, and drops
 * size-1 dims. Returns the reduced shape and strides (at least one dim).
 */
export function coalesce(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d === 1) continue;
    const last = outShape.length - 1;
    if (
      last >= 0 &&
      strides.every((s, k) => outStrides[k][last] === s[i] * d)
    ) {
      outShape[last] *= d;
      for (let k = 0; k < strides.length; k++) {
        outStrides[k][last] = strides[k][i];
      }
    } else {
      outShape.push(d);
      for (let k = 0; k < strides.length; k++) {
        outStrides[k].push(strides[k][i]);
      }
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (const s of outStrides) s.push(0);
  }
  return { shape: outShape, strides: outStrides };
}
