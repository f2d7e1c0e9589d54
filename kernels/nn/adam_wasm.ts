// Adam/AdamW for f32 parameters as a Wasm SIMD loop in f32x4 (four elements
// per iteration) with the f32 formulas of nn/optim_f32.ts's JS loop, so the
// results are bit-identical (no fused multiply-adds; f32x4 sqrt and div are
// correctly rounded). The moments and the staging of the parameter and its
// gradient live in heap blocks (runtime/wasm_heap.ts; freed when their views
// are collected); one instance over the heap serves every parameter.

import { ADAM_MODULE_KEY, adamFunc } from "../codegen/wasm_adam.ts";
import { heapAlloc, heapFree, wasmHeap } from "../runtime/wasm_heap.ts";
import { heapInstance } from "../runtime/wasm_heap_ops.ts";
import { startedWasmGemm } from "../runtime/wasm_backend.ts";
import { runAdamOnPool } from "../runtime/wasm_adam_job.ts";

/** Hyper-parameters of one Adam step (binary64; each loop rounds to f32). */
export interface AdamScalars {
  readonly b1: number;
  readonly c1: number;
  readonly b2: number;
  readonly c2: number;
  readonly sb2: number;
  readonly step: number;
  readonly eps: number;
  readonly wd: number;
  readonly shrink: number;
  readonly decoupled: boolean;
}

/** One parameter's Wasm state: heap blocks holding m, v and staging for p and g. */
export interface AdamWasm {
  /** First and second moments (views into the instance's memory). */
  readonly m: Float32Array;
  readonly v: Float32Array;
  readonly p: Float32Array;
  readonly g: Float32Array;
  readonly run: (...args: number[]) => void;
  readonly offsets: readonly [number, number, number, number];
}

let adamRun: ((...args: number[]) => void) | null | undefined;

/** The `adam` export of the one instance over the heap, or null. */
function adamFunction(): ((...args: number[]) => void) | null {
  if (adamRun !== undefined) return adamRun;
  const e = heapInstance(ADAM_MODULE_KEY, () => [adamFunc()]);
  // Without Wasm the JS loop runs.
  adamRun = e === null ? null : e.adam as (...args: number[]) => void;
  return adamRun;
}

/** Frees a block once the view over it is collected. */
const blocks = new FinalizationRegistry<number>(heapFree);

/** A zeroed f32 view of `n` elements over a fresh block of `bytes`, or null. */
function block(bytes: number, n: number): Float32Array | null {
  const at = heapAlloc(bytes);
  if (at < 0) return null;
  const v = new Float32Array((wasmHeap() as WebAssembly.Memory).buffer, at, n);
  new Float32Array(v.buffer, at, bytes >> 2).fill(0);
  blocks.register(v, at);
  return v;
}

/**
 * A Wasm state for a parameter of `n` elements whose gradient spans at most
 * `n` elements of its storage; null where Wasm SIMD is unavailable or the
 * heap is full.
 */
export function newAdamWasm(n: number): AdamWasm | null {
  const run = adamFunction();
  if (run === null) return null;
  const q = Math.ceil(n / 4);
  const m = block(q * 16, n), v = block(q * 16, n), p = block(q * 16, n);
  const g = block((q * 4 + 4) * 4, n + 4);
  if (m === null || v === null || p === null || g === null) return null;
  return {
    m,
    v,
    p,
    g,
    run,
    offsets: [p.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset],
  };
}

/**
 * One Adam step over the staged parameter (`st.p`) and gradient (`st.g`,
 * element (r, c) at `r * grs + c * gcs`, rows of `cols`), or over the heap
 * blocks at byte offsets `pAt` / `gAt` in place of either when given.
 */
export function runAdamWasm(
  st: AdamWasm,
  n: number,
  cols: number,
  grs: number,
  gcs: number,
  s: AdamScalars,
  pAt = -1,
  gAt = -1,
): void {
  const [pOff, gOff, mOff, vOff] = st.offsets;
  const args = [
    Math.ceil(n / 4),
    pAt >= 0 ? pAt : pOff,
    gAt >= 0 ? gAt : gOff,
    mOff,
    vOff,
    cols,
    grs,
    gcs,
    s.decoupled ? 1 : 0,
    s.b1,
    s.c1,
    s.b2,
    s.c2,
    s.sb2,
    s.step,
    s.eps,
    s.wd,
    s.shrink,
  ];
  // Big dense steps run on the GEMM pool's threads too, when it has started.
  const pool = startedWasmGemm()?.pool ?? null;
  const dense = gcs === 1 && grs === cols;
  if (dense && pool !== null && runAdamOnPool(pool, st.run, args)) return;
  st.run(...args);
}
