// The Wasm backend builds its GEMM (module, job header, workers) at the
// first data set in the heap, before any matmul, so a training loop's first
// step does not pay for it.

import assert from "node:assert/strict";
import {
  selectBackend,
  selectedBackendName,
} from "../../kernels/runtime/registry.ts";
import "../../kernels/runtime/mod.ts";
import { startedWasmGemm } from "../../kernels/runtime/wasm_backend.ts";
import {
  POOL_LIMITS,
  setStoragePooling,
} from "../../kernels/runtime/storage_pool.ts";
import { Tensor } from "../../kernels/tensor.ts";
import { waitPoolReady } from "../../kernels/runtime/wasm_pool.ts";

Deno.test("wasm backend: the first data set starts the GEMM and its workers", () => {
  const prev = selectedBackendName() ?? "js";
  assert.equal(selectBackend("wasm", { threads: 2 }), null);
  setStoragePooling(true);
  try {
    assert.equal(startedWasmGemm(), null, "init builds nothing");
    Tensor.zeros("f32", [1024]); // small: not a data set
    assert.equal(startedWasmGemm(), null);
    const data = Tensor.zeros("f32", [POOL_LIMITS.maxBytes / 4 + 1]);
    const st = startedWasmGemm();
    assert.ok(st !== null, "a data set started the GEMM");
    assert.ok(st.pool !== null && waitPoolReady(st.pool, 10_000));
    assert.equal(data.size, POOL_LIMITS.maxBytes / 4 + 1);
  } finally {
    setStoragePooling(false);
    selectBackend("wasm", { threads: 1 }); // stops the workers
    selectBackend(prev, { threads: 1 });
  }
});
