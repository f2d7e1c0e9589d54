// GETIDX's tensor cache: what a one-index read of a rank-1 tensor needs
// (storage, offset, stride, length, result tag), resolved once per tensor
// instead of on every read. Two entries, so a loop reading two tensors
// (`a[i] * b[i]`) hits on both. A tensor's storage, shape, strides, offset
// and dtype never change once its data is computed, so an entry stays valid.

import { Tensor, type TensorData } from "../kernels/tensor.ts";
import { TAG_FLOAT, TAG_INT } from "./vm_values.ts";

const NO_DATA = new Float64Array(0);

/** One cached tensor; `tag` 0 means "not a rank-1 numeric tensor" (slow path). */
export class IndexEntry {
  /** The value this entry describes (a tensor, or anything else with tag 0). */
  t: unknown = null;
  data: TensorData = NO_DATA;
  off = 0;
  stride = 0;
  len = 0;
  tag = 0;
}

/** Describes `t` in `e`: a rank-1 f32/f64/i32/i8 tensor gets its storage and result tag. */
function fill(e: IndexEntry, t: unknown): void {
  e.t = t;
  e.tag = 0;
  if (!(t instanceof Tensor) || t.shape.length !== 1) return;
  const dt = t.dtype;
  if (dt === "bool") return;
  e.data = t.data;
  e.off = t.offset;
  e.stride = t.strides[0];
  e.len = t.shape[0];
  e.tag = dt === "f32" || dt === "f64" ? TAG_FLOAT : TAG_INT;
}

/**
 * A miss in both entries: the first entry's tensor moves to the second and
 * `t` takes the first. Returns the first entry.
 */
export function refill(e0: IndexEntry, e1: IndexEntry, t: unknown): IndexEntry {
  e1.t = e0.t, e1.data = e0.data, e1.off = e0.off;
  e1.stride = e0.stride, e1.len = e0.len, e1.tag = e0.tag;
  fill(e0, t);
  return e0;
}
