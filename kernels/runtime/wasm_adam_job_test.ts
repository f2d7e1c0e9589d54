// Adam steps split across the GEMM pool (wasm_adam_job.ts) give the same
// bits as one call of `adam` on the main thread, for any thread count, and
// touch nothing past the parameter.

import assert from "node:assert/strict";
import { ADAM_MODULE_KEY, adamFunc } from "../codegen/wasm_adam.ts";
import { heapInstance } from "./wasm_heap_ops.ts";
import { heapAlloc, heapFree, wasmHeap } from "./wasm_heap.ts";
import {
  ADAM_SPLIT_MIN_QUADS,
  type AdamFn,
  runAdamOnPool,
} from "./wasm_adam_job.ts";
import { withWasmGemm } from "./wasm_test_helpers.ts";

const SENTINEL = 12345.5;

/** p, g, m, v blocks of `quads` quads plus one sentinel quad each, seeded. */
function blocks(quads: number, seed: number): number[] {
  const mem = wasmHeap() as WebAssembly.Memory;
  const out: number[] = [];
  let x = seed;
  for (let b = 0; b < 4; b++) {
    const at = heapAlloc((quads + 1) * 16);
    assert.ok(at >= 0);
    const f = new Float32Array(mem.buffer, at, (quads + 1) * 4);
    for (let i = 0; i < quads * 4; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const u = x / 2147483648 - 0.5;
      f[i] = b === 3 ? Math.abs(u) * 0.01 : u; // v >= 0
    }
    f.fill(SENTINEL, quads * 4);
    out.push(at);
  }
  return out;
}

function read(at: number, quads: number): Float32Array {
  const mem = wasmHeap() as WebAssembly.Memory;
  return new Float32Array(mem.buffer, at, (quads + 1) * 4).slice();
}

function args(quads: number, [p, g, m, v]: number[], decoupled: boolean) {
  return [
    quads,
    p,
    g,
    m,
    v,
    quads * 4,
    quads * 4,
    1,
    decoupled ? 1 : 0,
    0.9,
    0.1,
    0.999,
    0.001,
    Math.sqrt(1 - 0.999 ** 3),
    0.001 / (1 - 0.9 ** 3),
    1e-8,
    decoupled ? 0 : 0.01,
    decoupled ? 1 - 0.001 * 0.01 : 1,
  ];
}

for (const threads of [2, 3]) {
  for (const decoupled of [false, true]) {
    Deno.test(`Adam on ${threads} threads (decoupled ${decoupled}) matches one call bit for bit`, () => {
      const adam = heapInstance(ADAM_MODULE_KEY, () => [adamFunc()])
        ?.adam as AdamFn;
      assert.ok(adam !== undefined);
      // Not a multiple of any chunk size, so the last chunk is partial.
      const quads = ADAM_SPLIT_MIN_QUADS * 3 + 37;
      const one = blocks(quads, 7), many = blocks(quads, 7);
      withWasmGemm(threads, (st) => {
        assert.ok(st.pool !== null);
        for (let step = 0; step < 3; step++) {
          adam(...args(quads, one, decoupled));
          assert.ok(
            runAdamOnPool(st.pool, adam, args(quads, many, decoupled)),
          );
        }
      });
      for (let b = 0; b < 4; b++) {
        const a = read(one[b], quads), c = read(many[b], quads);
        assert.deepEqual(c, a);
        assert.deepEqual([...c.subarray(quads * 4)], [
          SENTINEL,
          SENTINEL,
          SENTINEL,
          SENTINEL,
        ]);
      }
      for (const at of [...one, ...many]) heapFree(at);
    });
  }
}

Deno.test("small Adam steps stay on the main thread", () => {
  const adam = heapInstance(ADAM_MODULE_KEY, () => [adamFunc()])
    ?.adam as AdamFn;
  const quads = ADAM_SPLIT_MIN_QUADS - 1;
  const b = blocks(quads, 3);
  withWasmGemm(2, (st) => {
    assert.equal(runAdamOnPool(st.pool!, adam, args(quads, b, false)), false);
  });
  for (const at of b) heapFree(at);
});
