// `@` with numpy matmul rules: rank-1 operands act as vectors (their unit
// dim is dropped from the result), batch dims broadcast. The kernel is an
// i-k-j loop over contiguous copies with binary64 accumulation per output
// row (blocked GEMM comes later); int results outside i32 are R0001.

import { isFloatDType } from "../compiler/core/dtype.ts";
import { checkI32, opDTypes } from "../compiler/core/ops.ts";
import { matmulShape } from "../compiler/core/shape.ts";
import { broadcastShapeOf, broadcastStrides } from "./broadcast.ts";
import { asDType } from "./cast.ts";
import { shapeError } from "./errors.ts";
import { copyInto, scratchF64, Tensor, type TensorData } from "./tensor.ts";

/** numpy `matmul` (`@`) of two tensors of rank >= 1. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const s = matmulShape(a.shape, b.shape);
  if (!s.ok) throw shapeError("@", s.message);
  const { compute, result } = opDTypes("matmul", [a.dtype, b.dtype]);
  const a1 = a.dtype === "i32" && compute === "f32" ? asDType(a, "f32") : a;
  const b1 = b.dtype === "i32" && compute === "f32" ? asDType(b, "f32") : b;
  // Promote vectors to matrices: [k] → [1, k] on the left, [k, 1] on the right.
  const A = a1.ndim === 1
    ? new Tensor(
      a1.dtype,
      [1, a1.shape[0]],
      [0, a1.strides[0]],
      a1.offset,
      a1.data,
    )
    : a1;
  const B = b1.ndim === 1
    ? new Tensor(
      b1.dtype,
      [b1.shape[0], 1],
      [b1.strides[0], 0],
      b1.offset,
      b1.data,
    )
    : b1;
  const m = A.shape[A.ndim - 2], k = A.shape[A.ndim - 1];
  const n = B.shape[B.ndim - 1];
  const batch = broadcastShapeOf("@", [
    A.shape.slice(0, -2),
    B.shape.slice(0, -2),
  ]);
  const out = Tensor.zeros(result, s.shape as number[]);
  const aBatch = broadcastStrides(batchView(A), batch);
  const bBatch = broadcastStrides(batchView(B), batch);
  const aBuf = scratchF64(m * k), bBuf = scratchF64(k * n);
  const row = scratchF64(n);
  const intOut = !isFloatDType(result);
  const idx = new Array<number>(batch.length).fill(0);
  let lastB = -1;
  for (let bi = 0, total = out.size / (m * n || 1); bi < total; bi++) {
    let ao = A.offset, bo = B.offset;
    for (let d = 0; d < batch.length; d++) {
      ao += idx[d] * aBatch[d];
      bo += idx[d] * bBatch[d];
    }
    copyMatrix(A, ao, aBuf);
    if (bo !== lastB) copyMatrix(B, bo, bBuf);
    lastB = bo;
    gemm(aBuf, bBuf, row, m, k, n, out.data, bi * m * n, intOut);
    for (let d = batch.length - 1; d >= 0; d--) {
      if (++idx[d] < batch[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** A view of just the batch dims of `t` (for their broadcast strides). */
function batchView(t: Tensor): Tensor {
  return new Tensor(
    t.dtype,
    t.shape.slice(0, -2),
    t.strides.slice(0, -2),
    t.offset,
    t.data,
  );
}

/** Copies the matrix formed by the last two dims of `t` at `offset` into `buf`. */
function copyMatrix(t: Tensor, offset: number, buf: Float64Array): void {
  const r = t.ndim;
  const view = new Tensor(
    t.dtype,
    [t.shape[r - 2], t.shape[r - 1]],
    [t.strides[r - 2], t.strides[r - 1]],
    offset,
    t.data,
  );
  copyInto(view, buf, 0);
}

/** out[o + i*n + j] = Σ_k a[i*k + kk] * b[kk*n + j], one row at a time. */
function gemm(
  a: Float64Array,
  b: Float64Array,
  row: Float64Array,
  m: number,
  k: number,
  n: number,
  out: TensorData,
  o: number,
  intOut: boolean,
): void {
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let kk = 0; kk < k; kk++) {
      const aik = a[i * k + kk], bo = kk * n;
      for (let j = 0; j < n; j++) row[j] += aik * b[bo + j];
    }
    const oi = o + i * n;
    if (intOut) { for (let j = 0; j < n; j++) out[oi + j] = checkI32(row[j]); }
    else for (let j = 0; j < n; j++) out[oi + j] = row[j];
  }
}
