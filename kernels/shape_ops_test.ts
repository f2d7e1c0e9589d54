// Tests for shape ops: reshape (views, -1, copies of strided inputs),
// transpose and `.T`, flatten, squeeze, unsqueeze, concat, stack, item, len,
// broadcastTo and astype.

import assert from "node:assert/strict";
import { floatScalar, intScalar } from "../compiler/core/scalar.ts";
import { broadcastTo } from "./broadcast.ts";
import { astype } from "./cast.ts";
import { arange, fromFlat, tensor } from "./creation.ts";
import { KernelError } from "./errors.ts";
import { setIndex } from "./indexing.ts";
import {
  concat,
  flatten,
  item,
  len,
  reshape,
  squeeze,
  stack,
  transpose,
  transposeLast2,
  unsqueeze,
} from "./shape_ops.ts";
import { type Tensor, toArray } from "./tensor.ts";

function throwsCode(f: () => unknown, code: string): void {
  assert.throws(f, (e) => e instanceof KernelError && e.code === code);
}

const r = (n: number, shape: number[]): Tensor =>
  reshape(arange(intScalar(n)), shape);

Deno.test("reshape: -1, views of contiguous data, copies of strided data", () => {
  const x = arange(intScalar(6));
  const y = reshape(x, [2, -1]);
  assert.deepEqual(y.shape, [2, 3]);
  assert.equal(y.data, x.data);
  setIndex(y, [1, 1], intScalar(40));
  assert.deepEqual(toArray(x), [0, 1, 2, 3, 40, 5]);
  const t = transpose(reshape(x, [2, 3]));
  const z = reshape(t, [6]);
  assert.notEqual(z.data, x.data);
  assert.deepEqual(toArray(z), [0, 3, 1, 40, 2, 5]);
  assert.deepEqual(reshape(x, [1, 6, 1]).shape, [1, 6, 1]);
  assert.throws(
    () => reshape(x, [4, -1]),
    (e) =>
      e instanceof KernelError && e.code === "R0008" &&
      e.message ===
        "shape mismatch in `reshape`: cannot reshape [6] into [4, -1]",
  );
  throwsCode(() => reshape(x, [-1, -1]), "R0008");
  throwsCode(() => reshape(x, [7]), "R0008");
});

Deno.test("transpose and .T are views", () => {
  const x = r(24, [2, 3, 4]);
  const t = transpose(x);
  assert.deepEqual(t.shape, [4, 3, 2]);
  assert.equal(t.data, x.data);
  assert.deepEqual(toArray(transpose(r(6, [2, 3]))), [0, 3, 1, 4, 2, 5]);
  const p = transpose(x, [1, 0, 2]);
  assert.deepEqual(p.shape, [3, 2, 4]);
  assert.deepEqual(toArray(p).slice(0, 8), [0, 1, 2, 3, 12, 13, 14, 15]);
  assert.deepEqual(transposeLast2(x).shape, [2, 4, 3]);
  assert.deepEqual(toArray(transposeLast2(r(6, [2, 3]))), [0, 3, 1, 4, 2, 5]);
  const v = arange(intScalar(3));
  assert.equal(transposeLast2(v), v);
  throwsCode(() => transpose(x, [0, 0, 1]), "R0012");
  throwsCode(() => transpose(x, [0, 1]), "R0012");
});

Deno.test("flatten from start (default 1), squeeze, unsqueeze", () => {
  const x = r(24, [2, 3, 4]);
  assert.deepEqual(flatten(x).shape, [2, 12]);
  assert.deepEqual(flatten(x, 0).shape, [24]);
  assert.deepEqual(flatten(x, -2).shape, [2, 12]);
  assert.deepEqual(flatten(x, 2).shape, [2, 3, 4]);
  assert.deepEqual(flatten(arange(intScalar(3))).shape, [3]);
  assert.deepEqual(flatten(transpose(x)).shape, [4, 6]);
  assert.deepEqual(toArray(flatten(transpose(x))).slice(0, 6), [
    0,
    12,
    4,
    16,
    8,
    20,
  ]);
  const s = r(6, [1, 3, 1, 2]);
  assert.deepEqual(squeeze(s).shape, [3, 2]);
  assert.deepEqual(squeeze(s, 2).shape, [1, 3, 2]);
  assert.deepEqual(squeeze(s, -4).shape, [3, 1, 2]);
  throwsCode(() => squeeze(s, 1), "R0012");
  const u = r(6, [2, 3]);
  assert.deepEqual(unsqueeze(u, 0).shape, [1, 2, 3]);
  assert.deepEqual(unsqueeze(u, 2).shape, [2, 3, 1]);
  assert.deepEqual(unsqueeze(u, -1).shape, [2, 3, 1]);
  assert.deepEqual(toArray(unsqueeze(transpose(u), 1)), toArray(transpose(u)));
  throwsCode(() => unsqueeze(u, 4), "R0012");
});

Deno.test("concat and stack", () => {
  const a = r(6, [2, 3]),
    b = reshape(arange(intScalar(10), intScalar(13)), [1, 3]);
  const c0 = concat([a, b]);
  assert.deepEqual(c0.shape, [3, 3]);
  assert.deepEqual(toArray(c0), [0, 1, 2, 3, 4, 5, 10, 11, 12]);
  const c1 = concat([a, transpose(r(4, [2, 2]))], 1);
  assert.deepEqual(c1.shape, [2, 5]);
  assert.deepEqual(toArray(c1), [0, 1, 2, 0, 2, 3, 4, 5, 1, 3]);
  throwsCode(() => concat([a, b], 1), "R0008");
  throwsCode(() => concat([a, astype(a, "f32")]), "R0012");
  throwsCode(() => concat([]), "R0012");
  const s0 = stack([a, a]);
  assert.deepEqual(s0.shape, [2, 2, 3]);
  const s2 = stack([a, transpose(transpose(a))], -1);
  assert.deepEqual(s2.shape, [2, 3, 2]);
  assert.deepEqual(toArray(s2), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  throwsCode(() => stack([a, b]), "R0008");
});

Deno.test("item, len, broadcastTo", () => {
  assert.deepEqual(item(fromFlat([2.5], [1, 1], "f32")), floatScalar(2.5));
  assert.deepEqual(item(fromFlat([7], [], "i32")), intScalar(7));
  throwsCode(() => item(arange(intScalar(2))), "R0012");
  assert.equal(len(r(6, [3, 2])), 3);
  throwsCode(() => len(fromFlat([1], [], "f32")), "R0012");
  const b = broadcastTo(tensor([1, 2, 3]), [2, 3]);
  assert.deepEqual(b.strides, [0, 1]);
  assert.deepEqual(toArray(b), [1, 2, 3, 1, 2, 3]);
  throwsCode(() => broadcastTo(tensor([1, 2]), [3]), "R0008");
});

Deno.test("astype conversions", () => {
  const f = tensor([-2.7, -0.5, 0, 1.9]);
  assert.deepEqual(toArray(astype(f, "i32")), [-2, 0, 0, 1]);
  assert.deepEqual(toArray(astype(f, "bool")), [1, 1, 0, 1]);
  assert.deepEqual(toArray(astype(tensor([16777217]), "f32")), [16777216]);
  assert.deepEqual(toArray(astype(tensor([true, false]), "f64")), [1, 0]);
  assert.deepEqual(toArray(astype(tensor([-128, 127]), "i8")), [-128, 127]);
  throwsCode(() => astype(tensor([128]), "i8"), "R0009");
  throwsCode(() => astype(tensor([NaN]), "i32"), "R0009");
  throwsCode(() => astype(fromFlat([3e9], [1], "f64"), "i32"), "R0009");
  const same = tensor([1, 2]);
  const c = astype(same, "i32");
  assert.notEqual(c.data, same.data);
});
