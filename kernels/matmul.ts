// `@` with numpy matmul rules: rank-1 operands act as vectors (their unit
// dim is dropped from the result), batch dims broadcast. Each matrix product
// is one strided GEMM on the active CPU backend (kernels/runtime/registry.ts):
// transposed and sliced operands pass as strides, without copies. f32 runs
// sgemm, f64 dgemm; int results are computed with dgemm and must fit i32
// (R0001).

import { isFloatDType } from "../compiler/core/dtype.ts";
import { checkI32, opDTypes } from "../compiler/core/ops.ts";
import { matmulShape } from "../compiler/core/shape.ts";
import { broadcastShapeOf } from "./broadcast.ts";
import { shapeError } from "./errors.ts";
import { dgemm, sgemm } from "./runtime/mod.ts";
import type { FloatArray, GemmParams } from "./runtime/gemm_contract.ts";
import {
  allocData,
  allocOutput,
  contiguousStrides,
  copyInto,
  Tensor,
  type TensorData,
} from "./tensor.ts";

/** An operand as GEMM sees it: float storage, shape, strides, offset. */
interface View {
  readonly data: FloatArray;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/** numpy `matmul` (`@`) of two tensors of rank >= 1. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 2 && b.ndim === 2 && a.shape[1] === b.shape[0]) {
    return matmul2d(a, b);
  }
  const s = matmulShape(a.shape, b.shape);
  if (!s.ok) throw shapeError("@", s.message);
  const { result } = opDTypes("matmul", [a.dtype, b.dtype]);
  const f32 = result === "f32";
  const A = floatView(a, f32), B = floatView(b, f32);
  // Vectors become matrices: [k] → [1, k] on the left, [k, 1] on the right.
  const As = a.ndim === 1 ? asRow(A) : A;
  const Bs = b.ndim === 1 ? asColumn(B) : B;
  const ra = As.shape.length, rb = Bs.shape.length;
  const m = As.shape[ra - 2], k = As.shape[ra - 1], n = Bs.shape[rb - 1];
  const batch = broadcastShapeOf("@", [
    As.shape.slice(0, -2),
    Bs.shape.slice(0, -2),
  ]);
  const outShape = s.shape as number[];
  const out = Tensor.zeros(result, outShape);
  const total = out.size;
  if (total === 0) return out;
  const c: FloatArray = isFloatDType(result)
    ? out.data as FloatArray
    : allocData("f64", total) as Float64Array;
  runBatches(As, Bs, batch, { m, n, k }, c);
  if (!isFloatDType(result)) toInt(c, out.data);
  return out;
}

/** A product of two matrices (inner dims equal): one GEMM, no batch walk. */
function matmul2d(a: Tensor, b: Tensor): Tensor {
  const { result } = opDTypes("matmul", [a.dtype, b.dtype]);
  const f32 = result === "f32";
  const A = floatView(a, f32), B = floatView(b, f32);
  const m = a.shape[0], k = a.shape[1], n = b.shape[1];
  // The GEMM overwrites C (zeros when k is 0): no need to zero it first.
  const out = isFloatDType(result)
    ? Tensor.fromData(result, [m, n], allocOutput(result, m * n))
    : Tensor.zeros(result, [m, n]);
  if (m === 0 || n === 0) return out;
  const float = isFloatDType(result);
  const c: FloatArray = float
    ? out.data as FloatArray
    : allocData("f64", m * n) as Float64Array;
  gemm({
    m,
    n,
    k,
    a: A.data,
    aOffset: A.offset,
    aRowStride: A.strides[0],
    aColStride: A.strides[1],
    b: B.data,
    bOffset: B.offset,
    bRowStride: B.strides[0],
    bColStride: B.strides[1],
    c,
    cOffset: 0,
    ldc: n,
    accumulate: false,
  });
  if (!float) toInt(c, out.data);
  return out;
}

/** `t`'s storage as f32 (for f32 results) or f64, copied only if it is not. */
function floatView(t: Tensor, f32: boolean): View {
  const data = t.data;
  if (f32 ? data instanceof Float32Array : data instanceof Float64Array) {
    return {
      data: data as FloatArray,
      shape: t.shape,
      strides: t.strides,
      offset: t.offset,
    };
  }
  const buf = allocData(f32 ? "f32" : "f64", t.size) as FloatArray;
  copyInto(t, buf, 0);
  return {
    data: buf,
    shape: t.shape,
    strides: contiguousStrides(t.shape),
    offset: 0,
  };
}

function asRow(v: View): View {
  return { ...v, shape: [1, v.shape[0]], strides: [0, v.strides[0]] };
}

function asColumn(v: View): View {
  return { ...v, shape: [v.shape[0], 1], strides: [v.strides[0], 0] };
}

/** Strides of `v`'s batch dims broadcast to `batch` (0 on broadcast dims). */
function batchStrides(v: View, batch: readonly number[]): number[] {
  const r = v.shape.length - 2, lead = batch.length - r;
  const out = new Array<number>(batch.length).fill(0);
  for (let i = lead; i < batch.length; i++) {
    out[i] = v.shape[i - lead] === 1 ? 0 : v.strides[i - lead];
  }
  return out;
}

/**
 * One GEMM per batch element, writing C contiguously. When B is shared by
 * every batch element and A's batch dims continue its rows, the batches
 * fold into one taller GEMM.
 */
function runBatches(
  A: View,
  B: View,
  batch: readonly number[],
  dims: { m: number; n: number; k: number },
  c: FloatArray,
): void {
  const { m, n, k } = dims;
  const ra = A.shape.length, rb = B.shape.length;
  const aBatch = batchStrides(A, batch), bBatch = batchStrides(B, batch);
  let count = 1;
  for (const d of batch) count *= d;
  const p = {
    m,
    n,
    k,
    a: A.data,
    aOffset: A.offset,
    aRowStride: A.strides[ra - 2],
    aColStride: A.strides[ra - 1],
    b: B.data,
    bOffset: B.offset,
    bRowStride: B.strides[rb - 2],
    bColStride: B.strides[rb - 1],
    c,
    cOffset: 0,
    ldc: n,
    accumulate: false,
  };
  if (foldable(aBatch, bBatch, batch, m, p.aRowStride)) {
    gemm({ ...p, m: m * count });
    return;
  }
  const idx = new Array<number>(batch.length).fill(0);
  for (let bi = 0; bi < count; bi++) {
    let ao = A.offset, bo = B.offset;
    for (let d = 0; d < batch.length; d++) {
      ao += idx[d] * aBatch[d];
      bo += idx[d] * bBatch[d];
    }
    p.aOffset = ao;
    p.bOffset = bo;
    p.cOffset = bi * m * n;
    gemm(p);
    for (let d = batch.length - 1; d >= 0; d--) {
      if (++idx[d] < batch[d]) break;
      idx[d] = 0;
    }
  }
}

/** True when B has no batch strides and A's batch dims extend its row dim. */
function foldable(
  aBatch: readonly number[],
  bBatch: readonly number[],
  batch: readonly number[],
  m: number,
  aRowStride: number,
): boolean {
  if (batch.length === 0 || bBatch.some((s, i) => s !== 0 && batch[i] > 1)) {
    return false;
  }
  let expect = m * aRowStride;
  for (let d = batch.length - 1; d >= 0; d--) {
    if (batch[d] !== 1 && aBatch[d] !== expect) return false;
    expect *= batch[d];
  }
  return true;
}

function gemm(p: GemmParams): void {
  if (p.c instanceof Float32Array) sgemm(p as GemmParams<Float32Array>);
  else dgemm(p as GemmParams<Float64Array>);
}

/** Copies binary64 sums into int storage; R0001 when one leaves i32. */
function toInt(src: FloatArray, dst: TensorData): void {
  for (let i = 0; i < src.length; i++) dst[i] = checkI32(src[i]);
}
