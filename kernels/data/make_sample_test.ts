// Tests of the sample maker: stratified, order-keeping, deterministic.

import assert from "node:assert/strict";
import { fromFlat } from "../creation.ts";
import { toArray } from "../tensor.ts";
import { loadIdx, saveIdx } from "./idx.ts";
import { gatherRows, makeSample, stratifiedIndices } from "./make_sample.ts";
import { assertTensor, tempDir } from "./test_helpers.ts";

Deno.test("make_sample: the first k rows of each class, in file order", () => {
  const labels = fromFlat([2, 0, 2, 1, 0, 2, 0, 1], [8], "i32");
  assert.deepEqual([...stratifiedIndices(labels, 2)], [0, 1, 2, 3, 4, 7]);
  assert.deepEqual([...stratifiedIndices(labels, 1)], [0, 1, 3]);
  const x = fromFlat([0, 1, 2, 3, 4, 5], [3, 2], "i32");
  assertTensor(gatherRows(x, Int32Array.from([2, 0])), "i32", [2, 2], [
    4,
    5,
    0,
    1,
  ]);
});

Deno.test("make_sample: writes both splits, identical on a second run", () => {
  const [root, cleanup] = tempDir();
  try {
    const src = `${root}/fashion-mnist`;
    Deno.mkdirSync(src);
    for (const [prefix, n] of [["train", 700], ["t10k", 250]] as const) {
      const labels = Array.from({ length: n }, (_, i) => (i * 7) % 10);
      const images = Array.from({ length: n * 784 }, (_, i) => i % 251);
      saveIdx(
        fromFlat(images, [n, 28, 28], "i32"),
        `${src}/${prefix}-images-idx3-ubyte.gz`,
        { type: "ubyte" },
      );
      saveIdx(
        fromFlat(labels, [n], "i32"),
        `${src}/${prefix}-labels-idx1-ubyte.gz`,
        { type: "ubyte" },
      );
    }
    const files = makeSample(root, `${root}/out`);
    assert.equal(files.length, 4);
    const first = files.map((f) => Deno.readFileSync(f));
    makeSample(root, `${root}/out`);
    assert.deepEqual(files.map((f) => Deno.readFileSync(f)), first);
    const trainLabels = loadIdx(`${root}/out/train-labels-idx1-ubyte.gz`);
    assert.equal(trainLabels.size, 700); // 70 per class < 300: all kept
    const testLabels = toArray(
      loadIdx(`${root}/out/t10k-labels-idx1-ubyte.gz`),
    );
    assert.equal(testLabels.length, 250);
    const images = loadIdx(`${root}/out/t10k-images-idx3-ubyte.gz`);
    assert.deepEqual([...images.shape], [250, 28, 28]);
  } finally {
    cleanup();
  }
});
