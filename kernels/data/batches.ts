// Mini-batches (spec `batches(x, y, size: 64, shuffle: true)`): pairs of
// fresh tensors holding consecutive rows of x and y, the last batch partial
// (PyTorch's drop_last=False). Shuffled rows are copied one block copy per
// row: one native call per batch where dl may load native code
// (gather_native.ts), else one `set` per row.
//
// Shuffling is defined exactly, so every engine reproduces it after seed(n):
// when `batches` is called, order = [0, 1, …, n-1]; for i from n-1 down to 1,
// j = below(i + 1) from the global generator (kernels/random.ts), swap
// order[i] and order[j]. Batch k holds rows order[k·size … (k+1)·size - 1].

import { argError } from "../errors.ts";
import { below } from "../random.ts";
import { allocOutput, Tensor, type TensorData } from "../tensor.ts";
import { nativeGather } from "./gather_native.ts";
import { heapOffsetOf } from "../runtime/wasm_heap.ts";
import { heapOps } from "../runtime/wasm_heap_ops.ts";

/** How shuffled rows are copied: natively when dl may load native code. */
export const GATHER = { native: true };

/** Options of `makeBatches`. */
export interface BatchOptions {
  /** Rows per batch (default 64). */
  size?: number;
  /** Visit the rows in a random order (default true). */
  shuffle?: boolean;
  /** Uniform int in [0, n); default the seeded global generator's `below`. */
  rng?: (n: number) => number;
}

/** An iterator of (xb, yb) pairs that knows how many it yields in all. */
export interface Batches extends IterableIterator<[Tensor, Tensor]> {
  /** Number of batches: ceil(rows / size). */
  readonly count: number;
}

/** A random permutation of 0..n-1 by Fisher–Yates from the end (see above). */
export function permutation(
  n: number,
  rng: (n: number) => number = below,
): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

function setRows(
  dst: TensorData,
  at: number,
  src: TensorData,
  from: number,
  len: number,
): void {
  // deno-lint-ignore no-explicit-any
  (dst as any).set(src.subarray(from, from + len), at);
}

/** Rows lo..hi-1 of contiguous `t` (through `order` when given), as a new tensor. */
function takeRows(
  t: Tensor,
  order: Int32Array | null,
  lo: number,
  hi: number,
): Tensor {
  const row = t.shape.slice(1).reduce((a, b) => a * b, 1);
  // Every row is written below: the storage need not be zeroed first.
  const out = Tensor.fromData(
    t.dtype,
    [hi - lo, ...t.shape.slice(1)],
    allocOutput(t.dtype, (hi - lo) * row),
  );
  if (order === null) {
    setRows(out.data, 0, t.data, lo * row, (hi - lo) * row);
  } else if (row === 1) {
    for (let i = lo; i < hi; i++) out.data[i - lo] = t.data[order[i]];
  } else {
    const src = t.data, dst = out.data;
    if (heapGather(dst, src, order, lo, hi, row)) return out;
    const nat = GATHER.native && dst.length > 0 ? nativeGather() : null;
    if (nat !== null) {
      nat(dst, src, order, lo, hi, row * src.BYTES_PER_ELEMENT);
    } else {
      for (let i = lo; i < hi; i++) {
        setRows(dst, (i - lo) * row, src, order[i] * row, row);
      }
    }
  }
  return out;
}

/**
 * Gathers rows order[lo..hi) of `src` into `dst` with Wasm's memory.copy
 * when both live in the Wasm heap (typed-array `set` on its shared memory is
 * 2-3x slower); false when they do not.
 */
function heapGather(
  dst: TensorData,
  src: TensorData,
  order: Int32Array,
  lo: number,
  hi: number,
  row: number,
): boolean {
  const d = heapOffsetOf(dst), s = heapOffsetOf(src);
  const ops = d >= 0 && s >= 0 ? heapOps() : null;
  if (ops === null) return false;
  const bytes = row * src.BYTES_PER_ELEMENT;
  for (let i = lo; i < hi; i++) {
    ops.copy(d + (i - lo) * bytes, s + order[i] * bytes, bytes);
  }
  return true;
}

/**
 * Splits `x` and `y` along their first dim into batches of `size` rows (the
 * last one partial). The shuffle order is drawn now, when this is called.
 * R0012 when either is 0-d, their first dims differ, or `size` is not a
 * positive int.
 */
export function makeBatches(
  x: Tensor,
  y: Tensor,
  opts: BatchOptions = {},
): Batches {
  const size = opts.size ?? 64;
  if (!Number.isInteger(size) || size < 1) {
    throw argError("batches", `size must be a positive int, found ${size}`);
  }
  if (x.ndim === 0 || y.ndim === 0) {
    throw argError("batches", "x and y must have at least one dimension");
  }
  const n = x.shape[0];
  if (y.shape[0] !== n) {
    throw argError(
      "batches",
      `x has ${n} rows but y has ${y.shape[0]} (their first dims must match)`,
    );
  }
  const order = (opts.shuffle ?? true) ? permutation(n, opts.rng) : null;
  const xc = x.contiguous(), yc = y.contiguous();
  const count = Math.ceil(n / size);
  let k = 0;
  const it: Batches = {
    count,
    next(): IteratorResult<[Tensor, Tensor]> {
      if (k >= count) return { done: true, value: undefined };
      const lo = k * size, hi = Math.min(n, lo + size);
      k++;
      return {
        done: false,
        value: [takeRows(xc, order, lo, hi), takeRows(yc, order, lo, hi)],
      };
    },
    [Symbol.iterator](): Batches {
      return it;
    },
  };
  return it;
}
