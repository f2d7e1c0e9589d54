// The gradient of cross_entropy(logits, labels) with respect to the logits
// as one loop: (softmax(logits) - one_hot(labels)) * (g / N), rounded as the
// eager ops it replaces round (softmax stored in the logits' dtype, then the
// subtraction and the product each rounded), so the values are identical.

import { Tensor } from "../tensor.ts";

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
  const od = out.data, e = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = xo + r * rs;
    let m = -Infinity;
    for (let k = 0; k < cols; k++) m = Math.max(m, x[base + k * cs]);
    if (m === -Infinity || m === Infinity) m = 0;
    let s = 0;
    for (let k = 0; k < cols; k++) s += e[k] = Math.exp(x[base + k * cs] - m);
    const label = y[yo + r * ys];
    for (let k = 0; k < cols; k++) {
      const p = round(e[k] / s);
      const d = round(k === label ? p - 1 : p - 0);
      od[r * cols + k] = d * scale;
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
    for (let k = 0; k < cols; k++) s += Math.exp(x[base + k * cs] - m);
    total -= round(x[base + label * cs] - m - Math.log(s));
  }
  return total / rows;
}
