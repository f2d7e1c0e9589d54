// Tests for creation: zeros ones full arange linspace eye tensor fromFlat,
// their default dtypes and argument errors.

import assert from "node:assert/strict";
import { boolScalar, floatScalar, intScalar } from "../compiler/core/scalar.ts";
import {
  arange,
  eye,
  fromFlat,
  full,
  linspace,
  ones,
  tensor,
  zeros,
} from "./creation.ts";
import { ALLOC_LIMITS, toArray } from "./tensor.ts";

Deno.test("zeros, ones, full with dtypes", () => {
  const z = zeros([2, 3]);
  assert.equal(z.dtype, "f32");
  assert.deepEqual(z.shape, [2, 3]);
  assert.deepEqual(toArray(z), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(toArray(ones([2], "i32")), [1, 1]);
  assert.equal(ones([2], "bool").dtype, "bool");
  assert.deepEqual(toArray(full([2], floatScalar(0.1))), [
    Math.fround(0.1),
    Math.fround(0.1),
  ]);
  assert.deepEqual(toArray(full([1], floatScalar(2.9), "i32")), [2]);
  assert.deepEqual(toArray(full([1], boolScalar(true), "f32")), [1]);
  assert.deepEqual(zeros([]).shape, []);
  assert.equal(zeros([0, 4]).size, 0);
  assert.throws(() => zeros([-1]), { code: "R0012" });
  assert.throws(() => ones([1.5]), { code: "R0012" });
  assert.throws(() => zeros([1e12, 1e12]), { code: "R0007" });
});

Deno.test("arange: ints give i32, any float gives f32", () => {
  const a = arange(intScalar(5));
  assert.equal(a.dtype, "i32");
  assert.deepEqual(toArray(a), [0, 1, 2, 3, 4]);
  assert.deepEqual(toArray(arange(intScalar(2), intScalar(8), intScalar(3))), [
    2,
    5,
  ]);
  assert.deepEqual(
    toArray(arange(intScalar(5), intScalar(0), intScalar(-2))),
    [5, 3, 1],
  );
  const f = arange(intScalar(0), floatScalar(1), floatScalar(0.25));
  assert.equal(f.dtype, "f32");
  assert.deepEqual(toArray(f), [0, 0.25, 0.5, 0.75]);
  assert.deepEqual(toArray(arange(intScalar(3), undefined, undefined, "f64")), [
    0,
    1,
    2,
  ]);
  assert.equal(arange(intScalar(3), undefined, undefined, "f64").dtype, "f64");
  assert.deepEqual(arange(intScalar(-3)).shape, [0]);
  assert.throws(() => arange(floatScalar(1e300)), { code: "R0007" });
  assert.throws(
    () => arange(intScalar(0), intScalar(3), intScalar(0)),
    { code: "R0012" },
  );
});

Deno.test("linspace and eye", () => {
  assert.deepEqual(toArray(linspace(0, 1, 5)), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(toArray(linspace(2, 3, 1)), [2]);
  assert.deepEqual(linspace(0, 1, 0).shape, [0]);
  const l = toArray(linspace(0, 1, 3, "f64"));
  assert.deepEqual(l, [0, 0.5, 1]);
  assert.throws(() => linspace(0, 1, -1), { code: "R0012" });
  assert.deepEqual(toArray(eye(3)), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
  assert.equal(eye(2, "i32").dtype, "i32");
});

Deno.test("tensor from nested values infers the dtype", () => {
  const i = tensor([[1, 2], [3, 4]]);
  assert.equal(i.dtype, "i32");
  assert.deepEqual(i.shape, [2, 2]);
  const f = tensor([1, floatScalar(2)]);
  assert.equal(f.dtype, "f32");
  assert.equal(tensor([1, 2.5]).dtype, "f32");
  assert.equal(tensor([true, false]).dtype, "bool");
  assert.equal(tensor([1, 2], "f64").dtype, "f64");
  const e = tensor([]);
  assert.equal(e.dtype, "f32");
  assert.deepEqual(e.shape, [0]);
  assert.deepEqual(tensor([[], []]).shape, [2, 0]);
  assert.deepEqual(tensor(5).shape, []);
  assert.throws(() => tensor([[1, 2], [3]]), { code: "R0012" });
  assert.throws(() => tensor([[1, 2], 3]), { code: "R0012" });
  assert.throws(() => tensor([1, [2]]), { code: "R0012" });
  assert.throws(() => tensor([true, 1]), { code: "R0012" });
  assert.deepEqual(toArray(fromFlat([1, 2, 3, 4], [2, 2], "i32")), [
    1,
    2,
    3,
    4,
  ]);
  assert.throws(() => fromFlat([1, 2, 3], [2, 2], "i32"), { code: "R0012" });
});

Deno.test("creation: a tensor past ALLOC_LIMITS.maxElements is R0007", () => {
  const old = ALLOC_LIMITS.maxElements;
  ALLOC_LIMITS.maxElements = 100;
  try {
    assert.equal(toArray(arange(intScalar(100))).length, 100);
    assert.throws(() => arange(intScalar(101)), { code: "R0007" });
    assert.throws(() => zeros([11, 10]), { code: "R0007" });
  } finally {
    ALLOC_LIMITS.maxElements = old;
  }
});
