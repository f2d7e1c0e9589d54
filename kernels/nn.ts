// Network helpers without gradients (eager): softmax and log_softmax along
// an axis (max-shifted, stable), cross_entropy (mean over the batch), mse
// (mean over all elements), accuracy and one_hot. Ints compute as f32.

import type { DType } from "../compiler/core/dtype.ts";
import { isFloatDType } from "../compiler/core/dtype.ts";
import { argError, indexError, shapeError, shapeText } from "./errors.ts";
import { checkAxis } from "./shape_check.ts";
import { scratchF64, shapeSize, Tensor } from "./tensor.ts";
import { crossEntropyLoss, type SavedExps } from "./nn/cross_entropy.ts";

function floatOf(d: DType): DType {
  return isFloatDType(d) ? d : "f32";
}

/** Maps every line along `axis` through `fn(src, dst, n)` into a float tensor. */
function mapLanes(
  fn: string,
  x: Tensor,
  axis: number,
  f: (src: Float64Array, dst: Float64Array, n: number) => void,
): Tensor {
  const a = checkAxis(fn, axis, x.ndim);
  const c = x.contiguous();
  const outer = shapeSize(x.shape.slice(0, a)), n = x.shape[a];
  const inner = shapeSize(x.shape.slice(a + 1));
  const out = Tensor.zeros(floatOf(x.dtype), x.shape);
  const src = scratchF64(n), dst = scratchF64(n);
  const xd = c.data, od = out.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * n * inner + i;
      for (let k = 0; k < n; k++) src[k] = xd[c.offset + start + k * inner];
      f(src, dst, n);
      for (let k = 0; k < n; k++) od[start + k * inner] = dst[k];
    }
  }
  return out;
}

/** max and log Σ exp(x - max) of a line (max = -inf for an all -inf line). */
function shiftLog(src: Float64Array, n: number): [number, number] {
  let m = -Infinity;
  for (let k = 0; k < n; k++) m = Math.max(m, src[k]);
  if (m === -Infinity || m === Infinity) m = 0;
  let s = 0;
  for (let k = 0; k < n; k++) s += Math.exp(src[k] - m);
  return [m, Math.log(s)];
}

/** Softmax along `axis` (default -1). */
export function softmax(x: Tensor, axis = -1): Tensor {
  return mapLanes("softmax", x, axis, (src, dst, n) => {
    let m = -Infinity;
    for (let k = 0; k < n; k++) m = Math.max(m, src[k]);
    if (m === -Infinity || m === Infinity) m = 0;
    let s = 0;
    for (let k = 0; k < n; k++) s += dst[k] = Math.exp(src[k] - m);
    for (let k = 0; k < n; k++) dst[k] /= s;
  });
}

/** log(softmax(x)) along `axis` (default -1). */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return mapLanes("log_softmax", x, axis, (src, dst, n) => {
    const [m, ls] = shiftLog(src, n);
    for (let k = 0; k < n; k++) dst[k] = src[k] - m - ls;
  });
}

function checkLabels(fn: string, logits: Tensor, labels: Tensor): void {
  if (logits.ndim !== 2 || labels.ndim !== 1) {
    throw shapeError(
      fn,
      `expected logits [N, C] and labels [N], found ${
        shapeText(logits.shape)
      } and ${shapeText(labels.shape)}`,
    );
  }
  if (labels.shape[0] !== logits.shape[0]) {
    throw shapeError(
      fn,
      `${logits.shape[0]} rows of logits but ${labels.shape[0]} labels`,
    );
  }
  if (labels.dtype !== "i32" && labels.dtype !== "i8") {
    throw argError(fn, `labels must be i32, found ${labels.dtype}`);
  }
}

/**
 * Mean over the batch of -log softmax(logits)[label]; a 0-d float tensor.
 * `keep`: buffers the fused loss fills with its exponentials for the gradient.
 */
export function crossEntropy(
  logits: Tensor,
  labels: Tensor,
  keep?: SavedExps,
): Tensor {
  checkLabels("cross_entropy", logits, labels);
  const fused = crossEntropyLoss(logits, labels, keep);
  if (fused !== null) {
    const out = Tensor.zeros(logits.dtype, []);
    out.data[0] = fused;
    return out;
  }
  const ls = logSoftmax(logits, 1);
  const [rows, cols] = logits.shape;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const y = labels.data[labels.offset + r * labels.strides[0]];
    if (y < 0 || y >= cols) {
      throw indexError(y, "a label in a class axis", cols);
    }
    total -= ls.data[r * cols + y];
  }
  const out = Tensor.zeros(ls.dtype, []);
  out.data[0] = total / rows;
  return out;
}

/** Mean squared error over all elements of two same-shape tensors; a 0-d float tensor. */
export function mse(pred: Tensor, target: Tensor): Tensor {
  if (
    pred.ndim !== target.ndim ||
    pred.shape.some((d, i) => d !== target.shape[i])
  ) {
    throw shapeError(
      "mse",
      `${shapeText(pred.shape)} and ${shapeText(target.shape)}`,
    );
  }
  const p = pred.contiguous(), t = target.contiguous();
  const n = p.size;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = p.data[p.offset + i] - t.data[t.offset + i];
    s += d * d;
  }
  const dt = isFloatDType(pred.dtype) || isFloatDType(target.dtype)
    ? (pred.dtype === "f64" || target.dtype === "f64" ? "f64" : "f32")
    : "f32";
  const out = Tensor.zeros(dt, []);
  out.data[0] = s / n;
  return out;
}

/** Fraction of rows of logits [N, C] whose first argmax equals the label. */
export function accuracy(logits: Tensor, labels: Tensor): number {
  checkLabels("accuracy", logits, labels);
  const [rows, cols] = logits.shape;
  if (rows === 0) return NaN;
  const c = logits.contiguous();
  let hits = 0;
  for (let r = 0; r < rows; r++) {
    const base = c.offset + r * cols;
    let best = 0;
    for (let k = 1; k < cols; k++) {
      if (c.data[base + k] > c.data[base + best]) best = k;
    }
    if (best === labels.data[labels.offset + r * labels.strides[0]]) hits++;
  }
  return hits / rows;
}

/** One-hot f32 encoding [..., n] of int labels; a label outside [0, n) is R0003. */
export function oneHot(labels: Tensor, n: number): Tensor {
  if (isFloatDType(labels.dtype) || labels.dtype === "bool") {
    throw argError("one_hot", `labels must be i32, found ${labels.dtype}`);
  }
  if (!Number.isInteger(n) || n < 0) {
    throw argError("one_hot", `invalid class count ${n}`);
  }
  const c = labels.contiguous();
  const out = Tensor.zeros("f32", [...labels.shape, n]);
  for (let i = 0; i < c.size; i++) {
    const y = c.data[c.offset + i];
    if (y < 0 || y >= n) throw indexError(y, "one_hot with n", n);
    out.data[i * n + y] = 1;
  }
  return out;
}
