// The gradient of cross_entropy(logits, labels) with respect to the logits
// as one loop: (softmax(logits) - one_hot(labels)) * (g / N), rounded as the
// eager ops it replaces round (softmax stored in the logits' dtype, then the
// subtraction and the product each rounded), so the values are identical.
// The loss can save its exponentials and row sums with its output tensor;
// the gradient rule of that output reuses them (the tape has checked that
// the logits are unchanged since), so a training step takes each exp once.

import { Tensor } from "../tensor.ts";

/** Logits this big or smaller keep their exponentials for the gradient. */
const KEEP_MAX = 1 << 16;

/** A loss's exp(x - rowmax), row-major, and its row sums. */
export interface SavedExps {
  readonly e: Float64Array;
  readonly s: Float64Array;
  /** Set by crossEntropyLoss once every row is written. */
  filled: boolean;
}

/** Buffers for `logits`' exponentials (undefined when too big to keep). */
export function expsFor(logits: Tensor): SavedExps | undefined {
  const [rows, cols] = logits.shape;
  if (logits.ndim !== 2 || rows * cols > KEEP_MAX) return undefined;
  return {
    e: new Float64Array(rows * cols),
    s: new Float64Array(rows),
    filled: false,
  };
}

const id = (x: number): number => x;

/**
 * The logits' gradient for upstream gradient `g` (0-d, the logits' float
 * dtype); null when an argument is outside this fast path (the caller then
 * builds the gradient from traced ops).
 */
export function crossEntropyGrad(
  logits: Tensor,
  labels: Tensor,
  g: Tensor,
  saved?: SavedExps,
): Tensor | null {
  const dt = logits.dtype;
  if (
    (dt !== "f32" && dt !== "f64") || g.dtype !== dt || g.size !== 1 ||
    logits.ndim !== 2 || labels.ndim !== 1 ||
    (labels.dtype !== "i32" && labels.dtype !== "i8")
  ) {
    return null;
  }
  const [rows, cols] = logits.shape;
  const round = dt === "f32" ? Math.fround : id;
  const gv = g.data[g.offset];
  const scale = round(gv / round(rows));
  const x = logits.data, xo = logits.offset;
  const [rs, cs] = logits.strides;
  const y = labels.data, yo = labels.offset, ys = labels.strides[0];
  for (let r = 0; r < rows; r++) {
    const label = y[yo + r * ys];
    if (!(label >= 0 && label < cols)) return null;
  }
  const out = Tensor.zeros(dt, logits.shape);
  const od = out.data;
  const have = saved?.filled === true && saved.s.length === rows ? saved : null;
  const e = have !== null ? have.e : scratchRow(cols);
  for (let r = 0; r < rows; r++) {
    let s: number, eo = 0;
    if (have !== null) {
      s = have.s[r];
      eo = r * cols;
    } else {
      const base = xo + r * rs;
      let m = -Infinity;
      for (let k = 0; k < cols; k++) m = Math.max(m, x[base + k * cs]);
      if (m === -Infinity || m === Infinity) m = 0;
      s = 0;
      for (let k = 0; k < cols; k++) s += e[k] = Math.exp(x[base + k * cs] - m);
    }
    const label = y[yo + r * ys], o = r * cols;
    if (dt === "f32") {
      for (let k = 0; k < cols; k++) {
        const p = Math.fround(e[eo + k] / s);
        od[o + k] = Math.fround(k === label ? p - 1 : p) * scale;
      }
    } else {
      for (let k = 0; k < cols; k++) {
        const p = e[eo + k] / s;
        od[o + k] = (k === label ? p - 1 : p) * scale;
      }
    }
  }
  return out;
}

/**
 * The mean over rows of -log softmax(logits)[label] as one loop per row (no
 * log-softmax tensor), each term rounded to the logits' dtype as the stored
 * log-softmax would be; null for non-float logits or a label out of range
 * (the caller's general path then computes or reports it).
 */
export function crossEntropyLoss(
  logits: Tensor,
  labels: Tensor,
  keep?: SavedExps,
): number | null {
  const dt = logits.dtype;
  if ((dt !== "f32" && dt !== "f64") || logits.ndim !== 2) return null;
  const [rows, cols] = logits.shape;
  const round = dt === "f32" ? Math.fround : id;
  const x = logits.data, xo = logits.offset;
  const [rs, cs] = logits.strides;
  const y = labels.data, yo = labels.offset, ys = labels.strides[0];
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const label = y[yo + r * ys];
    if (!(label >= 0 && label < cols)) return null;
    const base = xo + r * rs;
    let m = -Infinity;
    for (let k = 0; k < cols; k++) m = Math.max(m, x[base + k * cs]);
    if (m === -Infinity || m === Infinity) m = 0;
    let s = 0;
    if (keep !== undefined) {
      const e = keep.e, o = r * cols;
      for (let k = 0; k < cols; k++) {
        s += e[o + k] = Math.exp(x[base + k * cs] - m);
      }
      keep.s[r] = s;
    } else {
      for (let k = 0; k < cols; k++) s += Math.exp(x[base + k * cs] - m);
    }
    total -= round(x[base + label * cs] - m - Math.log(s));
  }
  if (keep !== undefined) keep.filled = true;
  return total / rows;
}

let row = new Float64Array(0);

/** A reused scratch row of at least `n` binary64 values. */
function scratchRow(n: number): Float64Array {
  if (row.length < n) row = new Float64Array(n);
  return row;
}
