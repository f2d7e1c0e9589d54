// Basic indexing with numpy's rules: ints (negative from the end) and slices
// (negative steps included) make views that share storage; indexing every
// dim gives a scalar. setIndex writes a broadcast scalar or tensor through
// such a view, converting to the target's dtype.

import { isFloatDType } from "../compiler/core/dtype.ts";
import { type Scalar, scalarNumber } from "../compiler/core/scalar.ts";
import { broadcastTo } from "./broadcast.ts";
import { convertValues } from "./cast.ts";
import { argError, indexError } from "./errors.ts";
import { scalarAt } from "./shape_ops.ts";
import { allocData, copyInto, scratchF64, Tensor } from "./tensor.ts";

/** A slice `start:stop:step`; absent parts take numpy's defaults. */
export interface SliceItem {
  readonly start?: number;
  readonly stop?: number;
  readonly step?: number;
}

/** One item of an index: an int (negative counts from the end) or a slice. */
export type IndexItem = number | SliceItem;

/** numpy's slice resolution: first index, step and count for a dim of `len`. */
export function resolveSlice(
  s: SliceItem,
  len: number,
): { start: number; step: number; count: number } {
  const step = s.step ?? 1;
  if (step === 0 || !Number.isInteger(step)) {
    throw argError("[]", `slice step must be a non-zero int, found ${step}`);
  }
  for (const v of [s.start, s.stop]) {
    if (v !== undefined && !Number.isInteger(v)) {
      throw argError("[]", `slice bounds must be ints, found ${v}`);
    }
  }
  const clampIdx = (v: number, lo: number, hi: number): number => {
    const w = v < 0 ? v + len : v;
    return w < lo ? lo : w > hi ? hi : w;
  };
  let start: number, stop: number;
  if (step > 0) {
    start = s.start === undefined ? 0 : clampIdx(s.start, 0, len);
    stop = s.stop === undefined ? len : clampIdx(s.stop, 0, len);
  } else {
    start = s.start === undefined ? len - 1 : clampIdx(s.start, -1, len - 1);
    stop = s.stop === undefined ? -1 : clampIdx(s.stop, -1, len - 1);
  }
  const count = Math.max(0, Math.ceil((stop - start) / step));
  return { start, step, count };
}

/** The view (or single element offset) that `items` select from `x`. */
function select(
  x: Tensor,
  items: readonly IndexItem[],
): { view: Tensor; scalar: boolean } {
  if (items.length > x.ndim) {
    throw argError(
      "[]",
      `too many indices: tensor of rank ${x.ndim} indexed with ${items.length}`,
    );
  }
  let offset = x.offset;
  const shape: number[] = [], strides: number[] = [];
  let ints = 0;
  for (let d = 0; d < x.ndim; d++) {
    const it: IndexItem = d < items.length ? items[d] : {};
    const len = x.shape[d], st = x.strides[d];
    if (typeof it === "number") {
      const i = it < 0 ? it + len : it;
      if (!Number.isInteger(it) || i < 0 || i >= len) {
        throw indexError(it, `axis ${d}`, len);
      }
      offset += i * st;
      ints++;
    } else {
      const r = resolveSlice(it, len);
      if (r.count > 0) offset += r.start * st;
      shape.push(r.count);
      strides.push(st * r.step);
    }
  }
  const view = new Tensor(x.dtype, shape, strides, offset, x.data);
  return { view, scalar: ints === x.ndim && x.ndim > 0 };
}

/**
 * `x[items]`: a view sharing storage, or a scalar (float for f32/f64, int,
 * bool) when every dim is indexed by an int. Out-of-range ints are R0003.
 */
export function index(x: Tensor, items: readonly IndexItem[]): Tensor | Scalar {
  const { view, scalar } = select(x, items);
  return scalar ? scalarAt(x.dtype, x.data[view.offset]) : view;
}

/**
 * `x[items] = value`: writes `value` (a scalar or a tensor broadcast to the
 * selection) into `x`'s storage, converted to `x.dtype`.
 */
export function setIndex(
  x: Tensor,
  items: readonly IndexItem[],
  value: Tensor | Scalar,
): void {
  const { view } = select(x, items);
  const n = view.size;
  if (n === 0) return;
  let vals: ArrayLike<number>;
  let srcFloat: boolean;
  if (value instanceof Tensor) {
    const b = broadcastTo(value, view.shape, "[]=");
    // A copy first, so overlapping source and target (x[1:] = x[:-1]) work.
    const buf = scratchF64(n);
    copyInto(b, buf, 0);
    vals = buf;
    srcFloat = isFloatDType(value.dtype);
  } else {
    vals = scratchF64(n).fill(scalarNumber(value));
    srcFloat = value.kind === "float";
  }
  const conv = allocData(x.dtype, n);
  convertValues(vals, conv, x.dtype, srcFloat);
  writeStrided(view, conv);
}

/** Writes contiguous `src` values into the (possibly strided) view `dst`. */
function writeStrided(dst: Tensor, src: ArrayLike<number>): void {
  const rank = dst.ndim, d = dst.data;
  if (rank === 0) {
    d[dst.offset] = src[0];
    return;
  }
  const shape = dst.shape, strides = dst.strides;
  const inner = shape[rank - 1], st = strides[rank - 1];
  const idx = new Array<number>(rank).fill(0);
  let base = dst.offset, o = 0;
  for (;;) {
    for (let j = 0, p = base; j < inner; j++, p += st) d[p] = src[o++];
    let k = rank - 2;
    for (; k >= 0; k--) {
      idx[k]++;
      base += strides[k];
      if (idx[k] < shape[k]) break;
      base -= strides[k] * shape[k];
      idx[k] = 0;
    }
    if (k < 0) return;
  }
}
