// f32 matmul throughput of the native backend next to PyTorch (the peer,
// bench/peers/torch_gemm.py) at 512 and 1024, one and two threads, in one
// run: rounds alternate dl and PyTorch so both see the same machine load;
// each cell is the median over rounds of each round's median GFLOPS.
//
//   deno run -A bench/native_gemm_bench.ts [ROUNDS=5] [REPS=10]
//   deno run -A bench/native_gemm_bench.ts --peer THREADS REPS N [N ...]
//   deno run -A bench/native_gemm_bench.ts --mlp [REPS=2000]
//
// --peer prints "N WALL CPU" per N (GFLOPS from the median wall time and the
// median process CPU time of REPS products), the format of
// bench/peers/matmul_peers.sh, which runs it next to PyTorch and the others.
// --mlp times the five products of one MLP 784-128-10 training step (batch
// 64) with the strides dl passes (W.T as a transposed view), one thread:
// the median of 15 batches of REPS calls, through the FFI as dl calls them.
//
// PyTorch runs as /usr/bin/python3 with OPENBLAS_NUM_THREADS and
// torch.set_num_threads both set to the thread count (Debian's torch does
// its f32 matmul in OpenBLAS, which ignores set_num_threads).

import process from "node:process";
import type { GemmParams } from "../kernels/runtime/gemm_contract.ts";
import { squareGemm } from "./square_gemm.ts";
import { nativeBackend } from "../kernels/runtime/native_backend.ts";

const SIZES = [512, 1024];
const THREADS = [1, 2];
const peer = Deno.args[0] === "--peer" || Deno.args[0] === "--mlp";
const rounds = peer ? 0 : Number(Deno.args[0] ?? 5);
const reps = peer ? 0 : Number(Deno.args[1] ?? 10);
const PEER = new URL("./peers/torch_gemm.py", import.meta.url).pathname;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[s.length >> 1]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function dlRound(n: number, threads: number): number {
  const why = nativeBackend.init({ threads });
  if (why !== null) throw new Error(why);
  const p = squareGemm(n);
  for (let i = 0; i < 3; i++) nativeBackend.sgemm(p);
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    nativeBackend.sgemm(p);
    times.push((performance.now() - t) / 1e3);
  }
  return 2 * n ** 3 / median(times) / 1e9;
}

function torchRound(threads: number): Map<number, number> | null {
  try {
    const out = new Deno.Command("/usr/bin/python3", {
      args: [PEER, String(threads), String(reps), ...SIZES.map(String)],
      env: {
        OPENBLAS_NUM_THREADS: String(threads),
        OMP_NUM_THREADS: String(threads),
      },
      stderr: "null",
    }).outputSync();
    if (!out.success) return null;
    const res = new Map<number, number>();
    for (
      const line of new TextDecoder().decode(out.stdout).trim().split("\n")
    ) {
      const [n, g] = line.split(" ").map(Number);
      res.set(n, g);
    }
    return res;
  } catch {
    return null;
  }
}

/** The --peer mode: one line "N WALL CPU" (GFLOPS) per size. */
function peerMode(threads: number, n: number, times: number): void {
  const why = nativeBackend.init({ threads });
  if (why !== null) throw new Error(why);
  const p = squareGemm(n);
  const t0 = performance.now();
  while (performance.now() - t0 < 200) nativeBackend.sgemm(p);
  const wall: number[] = [], cpu: number[] = [];
  for (let r = 0; r < times; r++) {
    const t = performance.now(), u = process.cpuUsage();
    nativeBackend.sgemm(p);
    const du = process.cpuUsage(u);
    cpu.push((du.user + du.system) / 1e6);
    wall.push((performance.now() - t) / 1e3);
  }
  const g = (s: number) => (2 * n ** 3 / s / 1e9).toFixed(2);
  console.log(n, g(median(wall)), g(median(cpu)));
}

/** One MLP-step product: name, m n k, A and B strides (row, column). */
const MLP_SHAPES: [string, number, number, number, number[], number[]][] = [
  ["x @ W1.T", 64, 128, 784, [784, 1], [1, 784]],
  ["h @ W2.T", 64, 10, 128, [128, 1], [1, 128]],
  ["dy @ W2 (dh)", 64, 128, 10, [10, 1], [128, 1]],
  ["dy.T @ h (dW2)", 10, 128, 64, [1, 10], [128, 1]],
  ["dh.T @ x (dW1)", 128, 784, 64, [1, 128], [784, 1]],
];

/** The --mlp mode: a table of the MLP step's products. */
function mlpMode(times: number): void {
  const why = nativeBackend.init({ threads: 1 });
  if (why !== null) throw new Error(why);
  console.log("| product | m x n x k | us | GFLOPS |");
  console.log("| --- | --- | --- | --- |");
  for (const [name, m, n, k, as, bs] of MLP_SHAPES) {
    const a = new Float32Array(m * k).map(() => Math.random() - 0.5);
    const b = new Float32Array(k * n).map(() => Math.random() - 0.5);
    const p: GemmParams<Float32Array> = {
      m,
      n,
      k,
      a,
      aOffset: 0,
      aRowStride: as[0],
      aColStride: as[1],
      b,
      bOffset: 0,
      bRowStride: bs[0],
      bColStride: bs[1],
      c: new Float32Array(m * n),
      cOffset: 0,
      ldc: n,
      accumulate: false,
    };
    for (let i = 0; i < times; i++) nativeBackend.sgemm(p);
    const per: number[] = [];
    for (let r = 0; r < 15; r++) {
      const t = performance.now();
      for (let i = 0; i < times; i++) nativeBackend.sgemm(p);
      per.push((performance.now() - t) * 1e3 / times);
    }
    const us = median(per);
    console.log(
      `| ${name} | ${m}x${n}x${k} | ${us.toFixed(1)} | ${
        (2 * m * n * k / us / 1e3).toFixed(0)
      } |`,
    );
  }
}

if (Deno.args[0] === "--mlp") {
  mlpMode(Number(Deno.args[1] ?? 2000));
  Deno.exit(0);
}

if (Deno.args[0] === "--peer") {
  const [threads, times, ...ns] = Deno.args.slice(1).map(Number);
  for (const n of ns) peerMode(threads, n, times);
  Deno.exit(0);
}

const dl = new Map<string, number[]>();
const torch = new Map<string, number[]>();
const push = (m: Map<string, number[]>, key: string, v: number) =>
  m.set(key, [...(m.get(key) ?? []), v]);
for (let round = 0; round < rounds; round++) {
  for (const th of THREADS) {
    for (const n of SIZES) push(dl, `${n}/${th}`, dlRound(n, th));
    const peer = torchRound(th);
    for (const n of SIZES) {
      const g = peer?.get(n);
      if (g !== undefined) push(torch, `${n}/${th}`, g);
    }
  }
}

console.log(
  `native vs PyTorch f32 matmul, ${rounds} rounds x ${reps} reps (GFLOPS)`,
);
console.log("| n    | threads | dl native | PyTorch | ratio |");
console.log("| ---- | ------- | --------- | ------- | ----- |");
for (const th of THREADS) {
  for (const n of SIZES) {
    const d = median(dl.get(`${n}/${th}`)!);
    const t = torch.get(`${n}/${th}`);
    const tm = t === undefined ? NaN : median(t);
    console.log(
      `| ${String(n).padEnd(4)} | ${String(th).padEnd(7)} | ${
        d.toFixed(1).padStart(9)
      } | ${(t === undefined ? "n/a" : tm.toFixed(1)).padStart(7)} | ${
        (t === undefined ? "n/a" : (d / tm).toFixed(2)).padStart(5)
      } |`,
    );
  }
}
