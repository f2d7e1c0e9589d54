// Staged vs in-place Wasm launches (kernels/runtime/wasm_heap.ts): the fused
// chain of 8 f32 ops over 4,000,000 elements against a memcpy-like pass of
// the same bytes, with operands and output as JS arrays (staged and copied
// back) or as heap views (used in place), on 1 and 2 threads; and f32 GEMM
// with JS-array vs heap-view operands. Rounds alternate; medians printed.
// usage: deno run -A bench/wasm_heap_bench.ts [ROUNDS] [chain|gemm]...

import { JIT, withJit } from "../kernels/jit/config.ts";
import { pendingNode } from "../kernels/jit/lazy.ts";
import { type Launch, lowerMap } from "../kernels/schedule/lower.ts";
import { Tensor } from "../kernels/tensor.ts";
import { chain8 } from "./chain8.ts";
import type { GemmParams } from "../kernels/runtime/gemm_contract.ts";
import { squareGemm } from "./square_gemm.ts";
import { createWasmGemm } from "../kernels/runtime/wasm_backend.ts";
import { runWasmLaunch } from "../kernels/runtime/wasm_elementwise.ts";
import {
  setWasmThreads,
  waitWasmThreads,
} from "../kernels/runtime/wasm_elementwise_pool.ts";
import { wasmSgemm } from "../kernels/runtime/wasm_gemm_call.ts";
import { waitPoolReady } from "../kernels/runtime/wasm_pool.ts";
import { heapView } from "../kernels/runtime/wasm_heap.ts";

const rounds = Number(Deno.args[0] ?? "15");
const parts = Deno.args.slice(1);
const want = (p: string) => parts.length === 0 || parts.includes(p);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Runs every case once per round, in turn; prints medians (ms) and ratios. */
function compare(
  title: string,
  cases: [string, () => void][],
  per: number,
): void {
  const times = cases.map(() => [] as number[]);
  for (const [, fn] of cases) for (let i = 0; i < 3; i++) fn(); // warm-up
  for (let r = 0; r < rounds; r++) {
    cases.forEach(([, fn], i) => {
      const t = performance.now();
      for (let j = 0; j < per; j++) fn();
      times[i].push((performance.now() - t) / per);
    });
  }
  const base = median(times[0]);
  console.log(`\n${title} (median of ${rounds} rounds, ms; ratio to first)`);
  cases.forEach(([name], i) => {
    const m = median(times[i]);
    console.log(
      `  ${name.padEnd(48)} ${m.toFixed(3).padStart(9)}  ${
        (m / base).toFixed(2)
      }x`,
    );
  });
}

const N = 4_000_000;

function operand(seed: number, heap: boolean): Tensor {
  const d = heap ? heapView("f32", N) as Float32Array : new Float32Array(N);
  for (let i = 0; i < N; i++) d[i] = Math.sin(i * 0.001 + seed);
  return Tensor.fromData("f32", [N], d);
}

/** The launch of sqrt(relu(((x * 1.5 + y) - 0.25) * y)) * 0.1 + 1. */
function chainLaunch(x: Tensor, y: Tensor): Launch {
  return withJit(true, () => lowerMap(pendingNode(chain8(x, y))!));
}

if (want("chain")) {
  const old = JIT.backend;
  JIT.backend = "wasm";
  const lp = chainLaunch(operand(1, false), operand(2, false));
  const lh = chainLaunch(operand(1, true), operand(2, true));
  const src = new Float32Array(N), dst = new Float32Array(N);
  src.fill(1.5);
  const outPlain = new Float32Array(N);
  const outHeap = heapView("f32", N) as Float32Array;
  for (const threads of [1, 2]) {
    setWasmThreads(threads);
    if (!waitWasmThreads(10_000)) throw new Error("workers did not start");
    compare(`chain of 8 ops over 4M f32, ${threads} thread(s)`, [
      ["copy 4M f32 (Float32Array.set)", () => dst.set(src)],
      ["staged: arrays in, array out", () => void runWasmLaunch(lp, outPlain)],
      ["heap views in, array out", () => void runWasmLaunch(lh, outPlain)],
      [
        "in place: heap views in, heap view out",
        () => void runWasmLaunch(lh, outHeap),
      ],
    ], 3);
  }
  setWasmThreads(1);
  JIT.backend = old;
}

function square(n: number, heap: boolean): GemmParams<Float32Array> {
  return heap
    ? squareGemm(n, (len) => heapView("f32", len) as Float32Array)
    : squareGemm(n);
}

if (want("gemm")) {
  for (const threads of [1, 2]) {
    const st = createWasmGemm({ threads });
    if (typeof st === "string") throw new Error(st);
    if (st.pool !== null) waitPoolReady(st.pool, 10_000);
    for (const n of [64, 256, 512, 1024]) {
      const p = square(n, false), h = square(n, true);
      const per = Math.max(1, Math.round(2e8 / n ** 3));
      compare(`sgemm ${n}x${n}x${n}, ${threads} thread(s)`, [
        ["arrays (staged)", () => wasmSgemm(st, p)],
        ["heap views (in place)", () => wasmSgemm(st, h)],
      ], per);
    }
  }
  Deno.exit(0); // the GEMM workers would keep the process alive
}
