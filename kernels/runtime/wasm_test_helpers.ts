// Helpers shared by the Wasm backend's tests.

import assert from "node:assert/strict";
import { createWasmGemm, disposeWasmGemm } from "./wasm_backend.ts";
import type { WasmGemmState } from "./wasm_gemm_call.ts";
import { waitPoolReady } from "./wasm_pool.ts";

/** Runs `body` with a Wasm GEMM state of `threads` threads (its pool
 * started), disposing of the state afterwards. */
export function withWasmGemm(
  threads: number,
  body: (st: WasmGemmState) => void,
): void {
  const st = createWasmGemm({ threads });
  if (typeof st === "string") throw new Error(st);
  try {
    if (st.pool !== null) assert.ok(waitPoolReady(st.pool, 10_000));
    body(st);
  } finally {
    disposeWasmGemm(st);
  }
}
