// sgemm throughput of every registered CPU backend that initializes here, at
// an MLP layer (64×784 · 784×128) and square 256 and 512, next to the naive
// i-k-j loop the old matmul used (the baseline). GFLOPS = 2·m·n·k / time.
//
//   deno bench --allow-read --allow-env bench/gemm_bench.ts
//   DL_THREADS=4 deno bench ... (threads passed to the backends' init)

import { backendNames } from "../kernels/runtime/mod.ts";
import { activeBackend, selectBackend } from "../kernels/runtime/registry.ts";
import type {
  CpuBackend,
  GemmParams,
} from "../kernels/runtime/gemm_contract.ts";

const SHAPES: readonly [number, number, number][] = [
  [64, 128, 784],
  [256, 256, 256],
  [512, 512, 512],
];

function params(m: number, n: number, k: number): GemmParams<Float32Array> {
  const a = new Float32Array(m * k), b = new Float32Array(k * n);
  for (let i = 0; i < a.length; i++) a[i] = ((i * 7) % 13 - 6) / 8;
  for (let i = 0; i < b.length; i++) b[i] = ((i * 5) % 11 - 5) / 8;
  return {
    m,
    n,
    k,
    a,
    aOffset: 0,
    aRowStride: k,
    aColStride: 1,
    b,
    bOffset: 0,
    bRowStride: n,
    bColStride: 1,
    c: new Float32Array(m * n),
    cOffset: 0,
    ldc: n,
    accumulate: false,
  };
}

/** The old matmul's kernel: i-k-j over f64 copies with a row accumulator. */
function naive(p: GemmParams<Float32Array>): void {
  const { m, n, k } = p;
  const a = Float64Array.from(p.a), b = Float64Array.from(p.b);
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let q = 0; q < k; q++) {
      const aiq = a[i * k + q], bo = q * n;
      for (let j = 0; j < n; j++) row[j] += aiq * b[bo + j];
    }
    for (let j = 0; j < n; j++) p.c[i * n + j] = row[j];
  }
}

const threads = Math.max(1, Number(Deno.env.get("DL_THREADS") ?? "1") || 1);
const backends: CpuBackend[] = [];
for (const name of backendNames()) {
  const why = selectBackend(name, { threads });
  if (why === null) backends.push(activeBackend());
  else console.error(`gemm_bench: ${name} skipped: ${why}`);
}

for (const [m, n, k] of SHAPES) {
  const group = `sgemm ${m}x${k}·${k}x${n}`;
  const p = params(m, n, k);
  const flops = 2 * m * n * k;
  Deno.bench({
    name: `naive ${m}x${n}x${k}`,
    group,
    baseline: true,
    fn: () => naive(p),
  });
  for (const b of backends) {
    Deno.bench({
      name: `${b.name} ${m}x${n}x${k} (${(flops / 1e6).toFixed(0)} MFLOP)`,
      group,
      fn: () => b.sgemm(p),
    });
  }
}
