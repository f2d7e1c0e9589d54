// Tests for the Tensor class and storage helpers: strides, contiguity,
// copies, element access of views, and dim coalescing for loops.

import assert from "node:assert/strict";
import { coalesce } from "./broadcast.ts";
import {
  allocData,
  contiguousStrides,
  copyInto,
  shapeSize,
  Tensor,
  toArray,
} from "./tensor.ts";

Deno.test("storage types and strides", () => {
  assert.ok(allocData("f32", 2) instanceof Float32Array);
  assert.ok(allocData("f64", 2) instanceof Float64Array);
  assert.ok(allocData("i32", 2) instanceof Int32Array);
  assert.ok(allocData("bool", 2) instanceof Uint8Array);
  assert.ok(allocData("i8", 2) instanceof Int8Array);
  assert.deepEqual(contiguousStrides([2, 3, 4]), [12, 4, 1]);
  assert.deepEqual(contiguousStrides([]), []);
  assert.equal(shapeSize([]), 1);
  assert.equal(shapeSize([3, 0]), 0);
});

Deno.test("contiguity, copies and views", () => {
  const t = Tensor.fromData("i32", [2, 3], Int32Array.from([0, 1, 2, 3, 4, 5]));
  assert.equal(t.size, 6);
  assert.equal(t.ndim, 2);
  assert.ok(t.isContiguous);
  assert.equal(t.contiguous(), t);
  const tr = new Tensor("i32", [3, 2], [1, 3], 0, t.data);
  assert.ok(!tr.isContiguous);
  assert.deepEqual(toArray(tr), [0, 3, 1, 4, 2, 5]);
  assert.equal(tr.at(1), 3);
  const c = tr.contiguous();
  assert.notEqual(c.data, t.data);
  assert.deepEqual(Array.from(c.data), [0, 3, 1, 4, 2, 5]);
  const row = new Tensor("i32", [3], [1], 3, t.data);
  assert.ok(row.isContiguous);
  assert.notEqual(row.contiguous(), row, "offset views are copied");
  assert.deepEqual(toArray(row.contiguous()), [3, 4, 5]);
  const unit = new Tensor("i32", [1, 3], [99, 1], 0, t.data);
  assert.ok(unit.isContiguous, "size-1 dims may have any stride");
  const dst = new Float64Array(8);
  copyInto(tr, dst, 2);
  assert.deepEqual(Array.from(dst), [0, 0, 0, 3, 1, 4, 2, 5]);
  const s = new Tensor("f32", [], [], 2, Float32Array.from([1, 2, 3]));
  assert.deepEqual(toArray(s), [3]);
});

Deno.test("coalesce merges contiguous dims and drops unit dims", () => {
  assert.deepEqual(coalesce([2, 3, 4], [[12, 4, 1], [12, 4, 1]]), {
    shape: [24],
    strides: [[1], [1]],
  });
  assert.deepEqual(coalesce([2, 3, 4], [[12, 4, 1], [0, 0, 1]]), {
    shape: [6, 4],
    strides: [[4, 1], [0, 1]],
  });
  assert.deepEqual(coalesce([2, 1, 3], [[3, 3, 1], [1, 0, 2]]), {
    shape: [2, 3],
    strides: [[3, 1], [1, 2]],
  });
  assert.deepEqual(coalesce([1, 1], [[5, 5]]), { shape: [1], strides: [[0]] });
});
