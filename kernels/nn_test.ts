// Tests for the network helpers against numpy values: softmax and
// log_softmax (stable for large logits, any axis), cross_entropy, mse,
// accuracy and one_hot, with their shape and label errors.

import assert from "node:assert/strict";
import { fromFlat, tensor } from "./creation.ts";
import {
  accuracy,
  crossEntropy,
  logSoftmax,
  mse,
  oneHot,
  softmax,
} from "./nn.ts";
import { transpose } from "./shape_ops.ts";
import { toArray } from "./tensor.ts";

const LOGITS = [[1, 2, 3], [-1, 0, 1000]];

Deno.test("softmax and log_softmax are stable and match numpy", () => {
  const x = tensor(LOGITS, "f32");
  assert.deepEqual(
    toArray(softmax(x)),
    [0.09003057330846786, 0.2447284758090973, 0.6652409434318542, 0, 0, 1],
  );
  assert.deepEqual(
    toArray(logSoftmax(x)),
    [
      -2.4076058864593506,
      -1.4076060056686401,
      -0.40760597586631775,
      -1001,
      -1000,
      0,
    ],
  );
  const y = tensor([[0.5, -1.5], [2.0, 0.25], [1.0, 1.0]]);
  assert.deepEqual(
    toArray(softmax(y, 0)),
    [
      0.14024437963962555,
      0.05280640348792076,
      0.6285316944122314,
      0.30387988686561584,
      0.23122389614582062,
      0.6433137059211731,
    ],
  );
  // A strided view along its last axis gives the same as the copy.
  assert.deepEqual(
    toArray(softmax(transpose(y))),
    toArray(transpose(softmax(y, 0))),
  );
  assert.equal(softmax(tensor([1, 2])).dtype, "f32");
  assert.equal(softmax(fromFlat([1, 2], [2], "f64")).dtype, "f64");
  assert.throws(() => softmax(y, 2), { code: "R0012" });
});

Deno.test("cross_entropy is the batch mean of -log softmax at the label", () => {
  const ce = crossEntropy(tensor(LOGITS, "f32"), tensor([2, 0]));
  assert.deepEqual(ce.shape, []);
  assert.equal(ce.dtype, "f32");
  assert.deepEqual(toArray(ce), [Math.fround(500.7038)]);
  assert.throws(
    () => crossEntropy(tensor(LOGITS, "f32"), tensor([3, 0])),
    { code: "R0003" },
  );
  assert.throws(
    () => crossEntropy(tensor(LOGITS, "f32"), tensor([0])),
    { code: "R0008" },
  );
  assert.throws(
    () => crossEntropy(tensor(LOGITS, "f32"), tensor([0.0, 1.0], "f32")),
    { code: "R0012" },
  );
  assert.throws(
    () => crossEntropy(tensor([1, 2], "f32"), tensor([0])),
    { code: "R0008" },
  );
});

Deno.test("mse, accuracy, one_hot", () => {
  const m = mse(tensor([1, 2, 3], "f32"), tensor([1.5, 2, 1], "f32"));
  assert.deepEqual(m.shape, []);
  assert.deepEqual(toArray(m), [Math.fround((0.25 + 0 + 4) / 3)]);
  assert.throws(() => mse(tensor([1, 2]), tensor([1, 2, 3])), {
    code: "R0008",
  });
  const logits = tensor([[0.1, 0.9], [0.8, 0.2], [0.5, 0.5]]);
  assert.equal(accuracy(logits, tensor([1, 1, 0])), 2 / 3);
  const oh = oneHot(tensor([2, 0]), 3);
  assert.equal(oh.dtype, "f32");
  assert.deepEqual(oh.shape, [2, 3]);
  assert.deepEqual(toArray(oh), [0, 0, 1, 1, 0, 0]);
  assert.deepEqual(oneHot(tensor([[1], [0]]), 2).shape, [2, 1, 2]);
  assert.throws(() => oneHot(tensor([3]), 3), { code: "R0003" });
  assert.throws(() => oneHot(tensor([0.5]), 3), { code: "R0012" });
});
