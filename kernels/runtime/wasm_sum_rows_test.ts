// sum_rows (kernels/codegen/wasm_sum_rows.ts) against the plain f64 loop it
// replaces: the same bits, with tail columns, several outer blocks, an
// offset, and -0, ±inf and NaN among the values.

import assert from "node:assert/strict";
import { sumRowsWasm } from "./wasm_sum_rows.ts";
import { heapAlloc, heapFree, heapViewAt, wasmHeap } from "./wasm_heap.ts";

const ignore = typeof wasmHeap() === "string";

/** The reference: each column from 0 down its rows, in f64. */
function reference(
  x: Float32Array,
  base: number,
  outer: number,
  n: number,
  inner: number,
): Float64Array {
  const acc = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += x[base + (o * n + k) * inner + i];
      acc[o * inner + i] = s;
    }
  }
  return acc;
}

for (
  const [outer, n, inner] of [[1, 64, 128], [1, 64, 10], [3, 5, 7], [2, 1, 4], [
    1,
    0,
    6,
  ]]
) {
  Deno.test({
    name: `sum_rows ${outer}x${n}x${inner} matches the f64 loop exactly`,
    ignore,
    fn: () => {
      const base = 3, len = base + outer * n * inner;
      const at = heapAlloc(len * 4);
      assert.ok(at >= 0);
      const x = heapViewAt("f32", at, len) as Float32Array;
      let seed = 11;
      for (let i = 0; i < len; i++) {
        seed = (seed * 69069 + 1) % 4294967296;
        x[i] = (seed / 4294967296 - 0.5) * 1e3;
      }
      if (len > base + 4) {
        x[base] = -0;
        x[base + 1] = Infinity;
        x[base + 2] = NaN;
      }
      const got = new Float64Array(outer * inner).fill(42);
      assert.ok(sumRowsWasm(got, x, base, outer, n, inner));
      const want = reference(x, base, outer, n, inner);
      // Object.is: -0 is not 0, NaN is NaN (whatever its payload).
      for (let i = 0; i < want.length; i++) {
        assert.ok(Object.is(got[i], want[i]), `${i}: ${got[i]} != ${want[i]}`);
      }
      heapFree(at);
    },
  });
}

Deno.test("sum_rows leaves storage outside the heap to the JS loop", () => {
  const acc = new Float64Array(4).fill(42);
  assert.equal(sumRowsWasm(acc, new Float32Array(8), 0, 1, 2, 4), false);
  assert.deepEqual([...acc], [42, 42, 42, 42]);
});
