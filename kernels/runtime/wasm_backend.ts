// The `wasm` CPU backend: f32 GEMM through a generated SIMD128 module
// (relaxed madd where the engine validates it) over the backend's one shared
// memory (wasm_heap.ts), with a worker pool for large products when
// threads > 1.

import type {
  BackendOptions,
  CpuBackend,
  GemmParams,
} from "./gemm_contract.ts";
import { gemmModule } from "../codegen/wasm_gemm.ts";
import {
  GEMM,
  type GemmExports,
  HEADER_BYTES,
  PACK_BYTES,
} from "./wasm_gemm_driver.ts";
import { type WasmGemmState, wasmSgemm } from "./wasm_gemm_call.ts";
import { compileWasm, hasRelaxedSimd, hasSimd } from "./wasm_modules.ts";
import { startPool, stopPool, type WasmPool } from "./wasm_pool.ts";
import { setWasmKernels } from "./wasm_elementwise.ts";
import { readEnv } from "./env.ts";
import { EPILOGUE_ACTS } from "../codegen/wasm_gemm_epilogue.ts";
import type { UnaryOpName } from "../../compiler/core/ops.ts";
import { setWasmThreads } from "./wasm_elementwise_pool.ts";
import { HEAP_MAX_PAGES, heapAlloc, heapFree, wasmHeap } from "./wasm_heap.ts";
import { heapModule } from "./wasm_heap_ops.ts";
import { onFirstBigStorage } from "./storage_pool.ts";
import { ADAM_MODULE_KEY, adamFunc } from "../codegen/wasm_adam.ts";

let state: WasmGemmState | null = null;

/**
 * Builds the backend state: compiles the GEMM module (relaxed or plain),
 * instantiates it over the heap, takes a heap block for its job header and
 * every thread's packing space, and starts `threads - 1` workers. Returns
 * the state or why the backend cannot run here.
 */
export function createWasmGemm(
  opts: BackendOptions & { readonly relaxed?: boolean },
): WasmGemmState | string {
  if (typeof WebAssembly !== "object" || !hasSimd()) {
    return "this engine has no WebAssembly SIMD128";
  }
  const relaxed = opts.relaxed ?? hasRelaxedSimd();
  const o = { mr: GEMM.MR, nr: GEMM.NR, relaxed, unroll: GEMM.UNROLL };
  const key = `sgemm-${o.mr}x${o.nr}-u${o.unroll}${relaxed ? "-relaxed" : ""}`;
  const c = compileWasm(
    key,
    () => gemmModule(o, { min: 1, max: HEAP_MAX_PAGES }),
  );
  if (!c.ok) return c.reason;
  const memory = wasmHeap();
  if (typeof memory === "string") return memory;
  const threads = Math.max(1, Math.floor(opts.threads));
  const header = heapAlloc(HEADER_BYTES + threads * PACK_BYTES);
  if (header < 0) return "the Wasm heap cannot hold the GEMM packing space";
  const h = new Int32Array(memory.buffer, header, HEADER_BYTES >> 2);
  h.fill(0);
  const inst = new WebAssembly.Instance(c.module, { env: { memory } });
  const ex = inst.exports as unknown as GemmExports;
  let pool: WasmPool | null = null;
  if (threads > 1) {
    const adam = heapModule(ADAM_MODULE_KEY, () => [adamFunc()]);
    const p = startPool(c.module, adam, memory, threads - 1, header);
    if (typeof p === "string") {
      heapFree(header);
      return p;
    }
    pool = p;
  }
  return {
    memory,
    ex,
    pool,
    threads,
    maxBytes: HEAP_MAX_PAGES * 65536,
    header,
    h,
  };
}

/**
 * Stops the workers of a state made by createWasmGemm and frees its heap
 * block (kept when a worker may still read its header).
 */
export function disposeWasmGemm(st: WasmGemmState): void {
  if (st.pool === null || stopPool(st.pool)) heapFree(st.header);
}

let chosen: BackendOptions = { threads: 1 };

/** The backend's state if a GEMM has built it, else null. */
export function startedWasmGemm(): WasmGemmState | null {
  return state;
}

/** The backend's state, built on the first GEMM (so start-up stays cheap). */
function current(): WasmGemmState {
  if (state === null) {
    const st = createWasmGemm(chosen);
    if (typeof st === "string") throw new Error(st);
    state = st;
  }
  return state;
}

/**
 * The Wasm backend record. `init` checks that the engine has SIMD128 and
 * records the thread count; the module is compiled and the workers started
 * at the first data set in the heap or the first GEMM, whichever comes
 * first (a run without either pays nothing).
 */
export const wasmBackend: CpuBackend = {
  name: "wasm",
  storage: "wasm-heap",
  epilogueActs: EPILOGUE_ACTS as readonly UnaryOpName[],
  init(opts: BackendOptions): string | null {
    if (typeof WebAssembly !== "object" || !hasSimd()) {
      return "this engine has no WebAssembly SIMD128";
    }
    const mem = wasmHeap();
    if (typeof mem === "string") return mem;
    if (state !== null) disposeWasmGemm(state);
    state = null;
    chosen = { threads: Math.max(1, Math.floor(opts.threads)) };
    // Fused element-wise kernels run as Wasm too (DL_WASM_KERNELS=0: JS).
    setWasmKernels(readEnv("DL_WASM_KERNELS") !== "0");
    setWasmThreads(chosen.threads);
    // The GEMM module and its workers are made at the first data set (not
    // at start-up, which scalar programs pay, nor inside the first training
    // step); where that fails, the first GEMM reports why.
    onFirstBigStorage(() => {
      if (state !== null) return;
      const st = createWasmGemm(chosen);
      if (typeof st !== "string") state = st;
    });
    return null;
  },
  sgemm(p: GemmParams<Float32Array>): void {
    wasmSgemm(current(), p);
  },
};
