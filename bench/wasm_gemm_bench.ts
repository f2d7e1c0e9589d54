// f32 matmul throughput of the wasm backend's sgemm, in the peers' format.
// usage: deno run -A bench/wasm_gemm_bench.ts THREADS REPS N [N ...]
// Prints "N GFLOPS" per N: the median of REPS timed products (C = A·B,
// row-major N×N operands in JS typed arrays, staging copies included) after
// warm-up; GFLOPS = 2 N^3 / time. bench/peers/matmul_peers.sh runs it next
// to PyTorch, numpy and TF.js.

import type { GemmParams } from "../kernels/runtime/gemm_contract.ts";
import {
  createWasmGemm,
  disposeWasmGemm,
} from "../kernels/runtime/wasm_backend.ts";
import { wasmSgemm } from "../kernels/runtime/wasm_gemm_call.ts";
import { waitPoolReady } from "../kernels/runtime/wasm_pool.ts";

const [threads, reps, ...sizes] = Deno.args.map(Number);
const st = createWasmGemm({ threads });
if (typeof st === "string") throw new Error(st);
if (st.pool !== null && !waitPoolReady(st.pool, 10_000)) {
  throw new Error("workers did not start");
}

function square(n: number): GemmParams<Float32Array> {
  const a = new Float32Array(n * n), b = new Float32Array(n * n);
  for (let i = 0; i < a.length; i++) {
    a[i] = Math.random() - 0.5;
    b[i] = Math.random() - 0.5;
  }
  const c = new Float32Array(n * n);
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

for (const n of sizes) {
  const p = square(n);
  // Warm-up long enough for V8 to tier the kernel up to optimized code.
  const t0 = performance.now();
  while (performance.now() - t0 < 300) wasmSgemm(st, p);
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    wasmSgemm(st, p);
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  console.log(n, 2 * n ** 3 / times[times.length >> 1] / 1e6);
}
disposeWasmGemm(st);
