// Tests for tensor printing: exact strings for 0-d, 1-d, 2-d, 3-d, bool,
// i32, f32 shortest round-trip, f64, empty, strided views and summarised
// (> 1000 elements) tensors.

import assert from "node:assert/strict";
import { floatScalar, intScalar } from "../compiler/core/scalar.ts";
import { arange, fromFlat, tensor } from "./creation.ts";
import { formatTensor } from "./format.ts";
import { index } from "./indexing.ts";
import { reduce } from "./reduce.ts";
import { reshape, transpose } from "./shape_ops.ts";
import type { Tensor } from "./tensor.ts";

Deno.test("the four reference formats", () => {
  assert.equal(
    formatTensor(tensor([[1.0, 2.5], [-3.0, 4.0]])),
    "tensor([[ 1.0,  2.5],\n        [-3.0,  4.0]], dtype=f32, shape=[2, 2])",
  );
  assert.equal(
    formatTensor(tensor([1, 2, 3])),
    "tensor([1, 2, 3], dtype=i32, shape=[3])",
  );
  assert.equal(
    formatTensor(tensor([true, false])),
    "tensor([true, false], dtype=bool, shape=[2])",
  );
  assert.equal(formatTensor(tensor([])), "tensor([], dtype=f32, shape=[0])");
});

Deno.test("0-d tensors print as scalars of their dtype", () => {
  assert.equal(formatTensor(reduce("sum", tensor([30, 40], "f32"))), "70.0");
  assert.equal(formatTensor(reduce("sum", tensor([20, 6]))), "26");
  assert.equal(formatTensor(fromFlat([1], [], "bool")), "true");
  assert.equal(formatTensor(fromFlat([0.1], [], "f64")), "0.1");
  assert.equal(formatTensor(fromFlat([0.1], [], "f32")), "0.1");
});

Deno.test("elements: f32 shortest round-trip, f64, specials, padding", () => {
  assert.equal(
    formatTensor(tensor([floatScalar(0.1), floatScalar(1 / 3), intScalar(2)])),
    "tensor([       0.1, 0.33333334,        2.0], dtype=f32, shape=[3])",
  );
  assert.equal(
    formatTensor(fromFlat([0.1, 1 / 3], [2], "f64")),
    "tensor([               0.1, 0.3333333333333333], dtype=f64, shape=[2])",
  );
  assert.equal(
    formatTensor(tensor([NaN, Infinity, -Infinity, -0, 1e21, 1e-7])),
    "tensor([  nan,   inf,  -inf,  -0.0, 1e+21,  1e-7], dtype=f32, shape=[6])",
  );
  assert.equal(
    formatTensor(tensor([[-5, 10], [200, 3]])),
    "tensor([[ -5,  10],\n        [200,   3]], dtype=i32, shape=[2, 2])",
  );
});

Deno.test("3-d tensors separate 2-d blocks with a blank line", () => {
  const x = reshape(arange(intScalar(8)), [2, 2, 2]);
  assert.equal(
    formatTensor(x),
    "tensor([[[0, 1],\n" +
      "         [2, 3]],\n" +
      "\n" +
      "        [[4, 5],\n" +
      "         [6, 7]]], dtype=i32, shape=[2, 2, 2])",
  );
  const y = reshape(arange(intScalar(4)), [2, 1, 1, 2]);
  assert.equal(
    formatTensor(y),
    "tensor([[[[0, 1]]],\n\n\n        [[[2, 3]]]], dtype=i32, shape=[2, 1, 1, 2])",
  );
});

Deno.test("views print their own elements", () => {
  const x = reshape(arange(intScalar(6)), [2, 3]);
  assert.equal(
    formatTensor(transpose(x)),
    "tensor([[0, 3],\n        [1, 4],\n        [2, 5]], dtype=i32, shape=[3, 2])",
  );
  assert.equal(
    formatTensor(index(x, [{}, { step: -2 }]) as Tensor),
    "tensor([[2, 0],\n        [5, 3]], dtype=i32, shape=[2, 2])",
  );
  assert.equal(
    formatTensor(fromFlat([], [2, 0], "i32")),
    "tensor([], dtype=i32, shape=[2, 0])",
  );
});

Deno.test("more than 1000 elements are summarised with …", () => {
  assert.equal(
    formatTensor(arange(intScalar(1001))),
    "tensor([   0,    1,    2, …,  998,  999, 1000], dtype=i32, shape=[1001])",
  );
  assert.equal(
    formatTensor(arange(intScalar(1000))).includes("…"),
    false,
  );
  assert.equal(
    formatTensor(reshape(arange(intScalar(2000)), [2, 1000])),
    "tensor([[   0,    1,    2, …,  997,  998,  999],\n" +
      "        [1000, 1001, 1002, …, 1997, 1998, 1999]], dtype=i32, shape=[2, 1000])",
  );
  assert.equal(
    formatTensor(reshape(arange(intScalar(1400)), [100, 14])),
    "tensor([[   0,    1,    2, …,   11,   12,   13],\n" +
      "        [  14,   15,   16, …,   25,   26,   27],\n" +
      "        [  28,   29,   30, …,   39,   40,   41],\n" +
      "        …,\n" +
      "        [1358, 1359, 1360, …, 1369, 1370, 1371],\n" +
      "        [1372, 1373, 1374, …, 1383, 1384, 1385],\n" +
      "        [1386, 1387, 1388, …, 1397, 1398, 1399]], dtype=i32, shape=[100, 14])",
  );
  const big = reshape(arange(intScalar(7 * 7 * 30)), [30, 7, 7]);
  const text = formatTensor(big);
  assert.ok(
    text.startsWith("tensor([[[   0,    1,    2, …,    4,    5,    6],"),
  );
  assert.ok(text.includes("]],\n\n        …,\n\n        [[1323"));
  assert.ok(text.endsWith("1469]]], dtype=i32, shape=[30, 7, 7])"));
});
