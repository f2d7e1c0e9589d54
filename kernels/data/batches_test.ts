// Tests of mini-batches: order, the partial last batch, the documented
// shuffle (reproducible after seed), fresh storage, and argument errors.

import assert from "node:assert/strict";
import { fromFlat } from "../creation.ts";
import type { DType } from "../../compiler/core/dtype.ts";
import { seed } from "../random.ts";
import { Tensor, toArray } from "../tensor.ts";
import { heapOffsetOf, heapView, wasmHeap } from "../runtime/wasm_heap.ts";
import { setPoolBacking, setStoragePooling } from "../runtime/storage_pool.ts";
import { makeBatches, permutation } from "./batches.ts";
import { assertKernelError, assertTensor } from "./test_helpers.ts";

const seq = (n: number, dtype: DType) =>
  fromFlat(Array.from({ length: n }, (_, i) => i), [n], dtype);

Deno.test("batches: in order, last batch partial, shapes kept", () => {
  const x = fromFlat(Array.from({ length: 10 }, (_, i) => i), [5, 2], "f32");
  const y = fromFlat([0, 1, 2, 3, 4], [5], "i32");
  const it = makeBatches(x, y, { size: 2, shuffle: false });
  assert.equal(it.count, 3);
  const got = [...it];
  assert.equal(got.length, 3);
  assertTensor(got[0][0], "f32", [2, 2], [0, 1, 2, 3]);
  assertTensor(got[0][1], "i32", [2], [0, 1]);
  assertTensor(got[2][0], "f32", [1, 2], [8, 9]);
  assertTensor(got[2][1], "i32", [1], [4]);
  assert.deepEqual([...it], [], "an iterator is used up once");
});

Deno.test("batches: the shuffle is the documented Fisher–Yates", () => {
  const draws: number[] = [];
  const rng = (n: number) => {
    draws.push(n);
    return 0;
  };
  // j = 0 every time: swap(3,0), swap(2,0), swap(1,0) on [0,1,2,3].
  assert.deepEqual([...permutation(4, rng)], [1, 2, 3, 0]);
  assert.deepEqual(draws, [4, 3, 2]);
  const x = fromFlat([10, 11, 12, 13], [4, 1], "i32");
  const y = fromFlat([0, 1, 2, 3], [4], "i32");
  const [[xb, yb], [xb2]] = makeBatches(x, y, { size: 3, rng: () => 0 });
  assertTensor(xb, "i32", [3, 1], [11, 12, 13]);
  assertTensor(yb, "i32", [3], [1, 2, 3]);
  assertTensor(xb2, "i32", [1, 1], [10]);
});

Deno.test("batches: shuffling is reproducible after seed and a permutation", () => {
  const x = seq(100, "f32");
  const y = seq(100, "i32");
  const run = () => {
    seed(7);
    return [...makeBatches(x, y, { size: 32 })].map(([a, b]) => {
      assert.deepEqual(toArray(a), toArray(b), "rows of x and y stay paired");
      return toArray(b);
    });
  };
  const first = run(), second = run();
  assert.deepEqual(first, second);
  assert.deepEqual(first.map((b) => b.length), [32, 32, 32, 4]);
  const all = first.flat();
  assert.notDeepEqual(all, toArray(y), "shuffled");
  assert.deepEqual([...all].sort((a, b) => a - b), toArray(y));
});

Deno.test("batches: the order is drawn when batches is called", () => {
  const x = seq(8, "i32");
  seed(1);
  const a = makeBatches(x, x, { size: 8 });
  seed(1);
  const b = makeBatches(x, x, { size: 8 });
  seed(99); // draws after the call do not change the order
  assert.deepEqual(toArray([...a][0][0]), toArray([...b][0][0]));
});

Deno.test("batches: batches are fresh tensors, not views of x", () => {
  const x = fromFlat([1, 2, 3, 4], [4], "f32");
  const [[xb]] = makeBatches(x, x, { size: 4, shuffle: false });
  xb.data[0] = 99;
  assert.equal(x.data[0], 1);
});

Deno.test("batches: empty inputs give no batches; bad arguments are R0012", () => {
  const e = fromFlat([], [0, 3], "f32");
  assert.equal([...makeBatches(e, fromFlat([], [0], "i32"))].length, 0);
  const x = fromFlat([1, 2, 3], [3], "f32");
  assertKernelError(
    () => makeBatches(x, fromFlat([1, 2], [2], "i32")),
    "R0012",
    "`batches`",
    "x has 3 rows but y has 2",
  );
  assertKernelError(
    () => makeBatches(x, x, { size: 0 }),
    "R0012",
    "size must be a positive int, found 0",
  );
  assertKernelError(
    () => makeBatches(x, x, { size: 1.5 }),
    "R0012",
    "found 1.5",
  );
  assertKernelError(
    () => makeBatches(fromFlat([1], [], "f32"), x),
    "R0012",
    "at least one dimension",
  );
});

Deno.test("batches: the native row gather equals the JS copy", async () => {
  const { GATHER } = await import("./batches.ts");
  const { Tensor } = await import("../tensor.ts");
  const { nativeGather } = await import("./gather_native.ts");
  const n = 37;
  for (const dtype of ["f32", "f64", "i32", "i8", "bool"] as const) {
    const vals: number[] = Array.from(
      { length: n * 6 },
      (_, i) => (i * 7) % 2 ? 1 : 0,
    );
    if (dtype !== "bool") vals.forEach((_, i) => vals[i] = (i * 37) % 101);
    const x = fromFlat(vals, [n, 2, 3], dtype);
    // The same elements over storage that starts 5 elements into its buffer.
    const wide = fromFlat([0, 0, 0, 0, 0, ...vals], [n * 6 + 5], dtype);
    const sub = wide.data.subarray(5);
    const xs = Tensor.fromData(dtype, [n, 2, 3], sub);
    const y = seq(n, "i32");
    const run = (t: typeof x, native: boolean) => {
      GATHER.native = native;
      try {
        return [...makeBatches(t, y, { size: 8, rng: (k) => (k * 5 + 3) % k })]
          .map(([a, b]) => [toArray(a), toArray(b)]);
      } finally {
        GATHER.native = true;
      }
    };
    const js = run(x, false);
    assert.equal(js.length, 5);
    assert.deepEqual(run(x, true), js, dtype);
    assert.deepEqual(run(xs, true), js, `${dtype} (offset storage)`);
  }
  // Where native code may load (-A and a clang), it does.
  const { findToolchain } = await import("../runtime/native_toolchain.ts");
  if (
    Deno.permissions.querySync({ name: "ffi" }).state === "granted" &&
    typeof findToolchain() !== "string"
  ) {
    assert.notEqual(nativeGather(), null);
  }
});

Deno.test({
  name:
    "batches: rows of Wasm heap storage gathered into heap storage (memory.copy) equal the plain gather",
  ignore: typeof wasmHeap() === "string",
  fn: () => {
    // Batches of 48 rows of 110 f32: 21 KB, pooled.
    const x = seq(96 * 110, "f32"), y = seq(96, "i32");
    const rows = Tensor.fromData("f32", [96, 110], x.data);
    const d = heapView("f32", x.size)!;
    d.set(x.data);
    const heapRows = Tensor.fromData("f32", [96, 110], d);
    const gather = (t: Tensor) => {
      seed(3);
      return [...makeBatches(t, y, { size: 48 })].map(([a]) => a);
    };
    const want = gather(rows).map(toArray);
    setStoragePooling(true);
    setPoolBacking("wasm-heap");
    try {
      const got = gather(heapRows);
      assert.ok(got.every((b) => heapOffsetOf(b.data) >= 0), "heap batches");
      assert.deepEqual(got.map(toArray), want);
    } finally {
      setPoolBacking("array");
      setStoragePooling(false);
    }
  },
});
