// The `wasm` CPU backend: f32 GEMM through a generated SIMD128 module
// (relaxed madd where the engine validates it) over one shared memory, with
// a worker pool for large products when threads > 1.

import type {
  BackendOptions,
  CpuBackend,
  GemmParams,
} from "./gemm_contract.ts";
import { gemmModule } from "../codegen/wasm_gemm.ts";
import { GEMM, type GemmExports } from "./wasm_gemm_driver.ts";
import { type WasmGemmState, wasmSgemm } from "./wasm_gemm_call.ts";
import { compileWasm, hasRelaxedSimd, hasSimd } from "./wasm_modules.ts";
import { startPool, stopPool, type WasmPool } from "./wasm_pool.ts";
import { readEnvVar, setWasmKernels } from "./wasm_elementwise.ts";
import { setWasmThreads } from "./wasm_elementwise_pool.ts";

/** Largest shared memory, in 64 KiB pages (1 GiB). */
const MAX_PAGES = 16384;

let state: WasmGemmState | null = null;

/**
 * Builds the backend state: compiles the GEMM module (relaxed or plain),
 * instantiates it over a fresh shared memory and starts `threads - 1`
 * workers. Returns the state or why the backend cannot run here.
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
  const c = compileWasm(key, () => gemmModule(o, { min: 1, max: MAX_PAGES }));
  if (!c.ok) return c.reason;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({
      initial: 1,
      maximum: MAX_PAGES,
      shared: true,
    });
  } catch (e) {
    return `cannot allocate shared Wasm memory: ${(e as Error).message}`;
  }
  const inst = new WebAssembly.Instance(c.module, { env: { memory } });
  const ex = inst.exports as unknown as GemmExports;
  const threads = Math.max(1, Math.floor(opts.threads));
  let pool: WasmPool | null = null;
  if (threads > 1) {
    const p = startPool(c.module, memory, threads - 1);
    if (typeof p === "string") return p;
    pool = p;
  }
  return { memory, ex, pool, threads, maxBytes: MAX_PAGES * 65536 };
}

/** Stops the workers of a state made by createWasmGemm. */
export function disposeWasmGemm(st: WasmGemmState): void {
  if (st.pool !== null) stopPool(st.pool);
}

let chosen: BackendOptions = { threads: 1 };

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
 * on the first GEMM (a run without matmuls pays nothing).
 */
export const wasmBackend: CpuBackend = {
  name: "wasm",
  init(opts: BackendOptions): string | null {
    if (typeof WebAssembly !== "object" || !hasSimd()) {
      return "this engine has no WebAssembly SIMD128";
    }
    try {
      new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    } catch (e) {
      return `cannot allocate shared Wasm memory: ${(e as Error).message}`;
    }
    if (state !== null) disposeWasmGemm(state);
    state = null;
    chosen = { threads: Math.max(1, Math.floor(opts.threads)) };
    // Fused element-wise kernels run as Wasm too (DL_WASM_KERNELS=0: JS).
    setWasmKernels(readEnvVar("DL_WASM_KERNELS") !== "0");
    setWasmThreads(chosen.threads);
    return null;
  },
  sgemm(p: GemmParams<Float32Array>): void {
    wasmSgemm(current(), p);
  },
};
