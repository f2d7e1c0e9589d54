// f32 matmul throughput of the wasm backend's sgemm, in the peers' format.
// usage: deno run -A bench/wasm_gemm_bench.ts THREADS REPS N [N ...]
//        deno run -A bench/wasm_gemm_bench.ts THREADS REPS mlp
// (`mlp`: the five GEMMs of one MLP 784-128-10 training step at batch 64,
// with the strides the forward and backward pass use; prints "NAME US" per
// product, the minimum over REPS rounds of 50 calls.)
// Prints "N WALL CPU" per N: GFLOPS = 2 N^3 / time from the median wall time
// and the median process CPU time of REPS products (C = A·B, row-major N×N
// operands in JS typed arrays, staging copies included) after warm-up. bench/peers/matmul_peers.sh runs it next
// to PyTorch, numpy and TF.js.

import process from "node:process";
import type { GemmParams } from "../kernels/runtime/gemm_contract.ts";
import { squareGemm } from "./square_gemm.ts";
import {
  createWasmGemm,
  disposeWasmGemm,
} from "../kernels/runtime/wasm_backend.ts";
import { wasmSgemm } from "../kernels/runtime/wasm_gemm_call.ts";
import { waitPoolReady } from "../kernels/runtime/wasm_pool.ts";

const [threads, reps] = Deno.args.map(Number);
const sizes = Deno.args.slice(2).filter((a) => a !== "mlp").map(Number);
const st = createWasmGemm({ threads });
if (typeof st === "string") throw new Error(st);
if (st.pool !== null && !waitPoolReady(st.pool, 10_000)) {
  throw new Error("workers did not start");
}

/** GFLOPS of an N×N product from the median of times in ms. */
function gflops(n: number, ms: number[]): number {
  const s = [...ms].sort((x, y) => x - y);
  return 2 * n ** 3 / Math.max(s[s.length >> 1], 1e-6) / 1e6;
}

function rnd(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() - 0.5;
  return a;
}

/** m×k · k×n with A and B strides (rows, cols). */
function product(
  [m, n, k]: number[],
  [ars, acs, brs, bcs]: number[],
): GemmParams<Float32Array> {
  return {
    m,
    n,
    k,
    a: rnd(m * k),
    aOffset: 0,
    aRowStride: ars,
    aColStride: acs,
    b: rnd(k * n),
    bOffset: 0,
    bRowStride: brs,
    bColStride: bcs,
    c: new Float32Array(m * n),
    cOffset: 0,
    ldc: n,
    accumulate: false,
  };
}

const MLP: [string, GemmParams<Float32Array>][] = [
  ["X@W1.T(64x784x128)", product([64, 128, 784], [784, 1, 1, 784])],
  ["H@W2.T(64x128x10)", product([64, 10, 128], [128, 1, 1, 128])],
  ["g.T@H(10x64x128)", product([10, 128, 64], [1, 10, 128, 1])],
  ["g@W2(64x10x128)", product([64, 128, 10], [10, 1, 128, 1])],
  ["dZ.T@X(128x64x784)", product([128, 784, 64], [1, 128, 784, 1])],
];

if (Deno.args.includes("mlp")) {
  for (const [name, p] of MLP) {
    const t0 = performance.now();
    while (performance.now() - t0 < 300) wasmSgemm(st, p);
    let best = Infinity;
    for (let r = 0; r < reps; r++) {
      const t = performance.now();
      for (let i = 0; i < 50; i++) wasmSgemm(st, p);
      best = Math.min(best, (performance.now() - t) / 50);
    }
    console.log(name, (best * 1000).toFixed(1));
  }
}

for (const n of sizes) {
  const p = squareGemm(n);
  // Warm-up long enough for V8 to tier the kernel up to optimized code.
  const t0 = performance.now();
  while (performance.now() - t0 < 300) wasmSgemm(st, p);
  const wall: number[] = [], cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now(), u = process.cpuUsage();
    wasmSgemm(st, p);
    const du = process.cpuUsage(u);
    cpu.push((du.user + du.system) / 1000);
    wall.push(performance.now() - t);
  }
  console.log(n, gflops(n, wall), gflops(n, cpu));
}
disposeWasmGemm(st);
