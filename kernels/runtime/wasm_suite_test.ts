// The wasm backend against the shared backend GEMM suite, on two threads
// (the suite's products below the threading threshold run on one), and its
// epilogue on heap operands (C in place).

import { runGemmSuite } from "../../tests/backends/gemm_suite.ts";
import assert from "node:assert/strict";
import { wasmBackend } from "./wasm_backend.ts";
import { heapView } from "./wasm_heap.ts";
import { applyEpilogue } from "./gemm_epilogue.ts";

runGemmSuite("wasm", wasmBackend, { threads: 2 });

Deno.test("wasm sgemm: epilogue on heap operands, C written in place, on two threads", () => {
  // 48x64 are whole 6x8 micro-tiles, so C is written in place; 48*64*700
  // multiply-adds are past the threading threshold.
  const [m, n, k] = [48, 64, 700];
  const view = (len: number, seed: number) => {
    const v = heapView("f32", len) as Float32Array;
    for (let i = 0; i < len; i++) v[i] = ((i * seed) % 17) / 8 - 1;
    return v;
  };
  const a = view(m * k, 3), b = view(k * n, 5), bias = view(n, 7);
  const base = {
    m,
    n,
    k,
    a,
    aOffset: 0,
    aRowStride: k,
    aColStride: 1,
    b,
    bOffset: 0,
    bRowStride: 1,
    bColStride: k,
    cOffset: 0,
    ldc: n,
    accumulate: false,
  };
  const epilogue = { bias, biasOffset: 0, act: "relu" as const };
  const c = heapView("f32", m * n) as Float32Array;
  wasmBackend.sgemm({ ...base, c, epilogue });
  const want = new Float32Array(m * n);
  wasmBackend.sgemm({ ...base, c: want });
  applyEpilogue({ ...base, c: want, epilogue });
  assert.deepEqual(Array.from(c), Array.from(want));
  assert.ok(want.some((x) => x === 0) && want.some((x) => x > 0));
});
