// The benchmarks' square f32 GEMM: C = A·B over n×n row-major operands with
// pseudo-random entries in [-0.5, 0.5) (shared by the Wasm, native and heap
// GEMM benchmarks).

import type { GemmParams } from "../kernels/runtime/gemm_contract.ts";

/**
 * GEMM parameters for n×n operands made by `alloc` (plain arrays by
 * default), A and B filled, C left as allocated.
 */
export function squareGemm(
  n: number,
  alloc: (len: number) => Float32Array = (len) => new Float32Array(len),
): GemmParams<Float32Array> {
  const a = alloc(n * n), b = alloc(n * n), c = alloc(n * n);
  for (let i = 0; i < a.length; i++) {
    a[i] = Math.random() - 0.5;
    b[i] = Math.random() - 0.5;
  }
  return {
    m: n,
    n,
    k: n,
    a,
    aOffset: 0,
    aRowStride: n,
    aColStride: 1,
    b,
    bOffset: 0,
    bRowStride: n,
    bColStride: 1,
    c,
    cOffset: 0,
    ldc: n,
    accumulate: false,
  };
}
