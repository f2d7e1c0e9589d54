// TF.js's f32 matmul throughput on its Wasm backend (XNNPACK), the peer of
// bench/wasm_gemm_bench.ts. Needs the npm packages in .tools/tfjs (the
// peers script installs them).
// usage: deno run -A bench/peers/tfjs_gemm.ts THREADS REPS N [N ...]
// Prints "N WALL CPU" per N: GFLOPS from the median wall time and the median
// process CPU time of REPS products after warm-up; on stderr, the version
// and thread count.

import { createRequire } from "node:module";
import process from "node:process";

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

/** GFLOPS of an N×N product from the median of times in ms. */
function gflops(n: number, ms: number[]): number {
  const s = [...ms].sort((x, y) => x - y);
  return 2 * n ** 3 / Math.max(s[s.length >> 1], 1e-6) / 1e6;
}

for (const n of sizes) {
  const a = tf.randomNormal([n, n]), b = tf.randomNormal([n, n]);
  for (let i = 0; i < 3; i++) tf.matMul(a, b).dataSync();
  const wall: number[] = [], cpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now(), u = process.cpuUsage();
    const c = tf.matMul(a, b);
    c.dataSync();
    const du = process.cpuUsage(u);
    cpu.push((du.user + du.system) / 1000);
    wall.push(performance.now() - t);
    c.dispose();
  }
  console.log(n, gflops(n, wall), gflops(n, cpu));
  a.dispose();
  b.dispose();
}
