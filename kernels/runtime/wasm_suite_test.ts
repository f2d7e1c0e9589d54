// The wasm backend against the shared backend GEMM suite, on two threads
// (the suite's products below the threading threshold run on one), and its
// epilogue on heap operands (C in place).

import { runGemmSuite } from "../../tests/backends/gemm_suite.ts";
import assert from "node:assert/strict";
import { wasmBackend } from "./wasm_backend.ts";
import { heapView } from "./wasm_heap.ts";
import { applyEpilogue } from "./gemm_epilogue.ts";

runGemmSuite("wasm", wasmBackend, { threads: 2 });

const view = (len: number, seed: number) => {
  const v = heapView("f32", len) as Float32Array;
  for (let i = 0; i < len; i++) v[i] = ((i * seed) % 17) / 8 - 1;
  return v;
};

// C in place on the heap. m = 48 is whole 6-row panels; 49, 65 and 5 end in a
// partial panel, which macro_r<rows> computes and stores alone: the rows of
// the block past m (here a guard of sentinels) must stay untouched. 48*64*700
// multiply-adds are past the threading threshold.
for (
  const { m, n, k, acc } of [
    { m: 48, n: 64, k: 700, acc: false },
    { m: 49, n: 64, k: 700, acc: true },
    { m: 65, n: 64, k: 300, acc: false },
    { m: 5, n: 16, k: 33, acc: true },
  ]
) {
  Deno.test(
    `wasm sgemm: epilogue on heap operands, C in place, two threads, ${m}x${n}x${k}${
      acc ? " accumulating" : ""
    }`,
    () => {
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
        accumulate: acc,
      };
      const epilogue = { bias, biasOffset: 0, act: "relu" as const };
      const guard = 6 * n;
      const c = view(m * n + guard, 11);
      c.fill(12345, m * n);
      const want = Float32Array.from(c.subarray(0, m * n));
      wasmBackend.sgemm({ ...base, c, epilogue });
      wasmBackend.sgemm({ ...base, c: want });
      applyEpilogue({ ...base, c: want, epilogue });
      assert.deepEqual(Array.from(c.subarray(0, m * n)), Array.from(want));
      assert.ok(want.some((x) => x === 0) && want.some((x) => x > 0));
      assert.ok(c.subarray(m * n).every((x) => x === 12345), "rows past m");
    },
  );
}
