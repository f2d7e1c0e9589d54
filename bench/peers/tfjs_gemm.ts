// TF.js's f32 matmul throughput on its Wasm backend (XNNPACK), the peer of
// bench/wasm_gemm_bench.ts. Needs the npm packages in .tools/tfjs (the
// peers script installs them).
// usage: deno run -A bench/peers/tfjs_gemm.ts THREADS REPS N [N ...]
// Prints "N GFLOPS" per N (median of REPS products after warm-up) and, on
// stderr, the Wasm binary TF.js picked and its thread count.

import { createRequire } from "node:module";

const root = new URL("../../.tools/tfjs/node_modules/", import.meta.url);
const require = createRequire(root);
// deno-lint-ignore no-explicit-any
const tf: any = require("@tensorflow/tfjs-core");
// deno-lint-ignore no-explicit-any
const wasm: any = require("@tensorflow/tfjs-backend-wasm");

const [threads, reps, ...sizes] = Deno.args.map(Number);
wasm.setWasmPaths(
  new URL("@tensorflow/tfjs-backend-wasm/dist/", root).pathname,
);
if (threads > 1) wasm.setThreadsCount(threads);
await tf.setBackend("wasm");
await tf.ready();
console.error(
  `tfjs ${tf.version_core} wasm backend, threads: ${wasm.getThreadsCount()}`,
);

for (const n of sizes) {
  const a = tf.randomNormal([n, n]), b = tf.randomNormal([n, n]);
  for (let i = 0; i < 3; i++) tf.matMul(a, b).dataSync();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    times.push(performance.now() - t);
    c.dispose();
  }
  times.sort((x, y) => x - y);
  console.log(n, 2 * n ** 3 / times[times.length >> 1] / 1e6);
  a.dispose();
  b.dispose();
}
