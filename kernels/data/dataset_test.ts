// Tests of dataset lookup (order $DL_DATA → system → shipped sample, file
// name variants, errors) with temporary folders, and of loading the sample.

import assert from "node:assert/strict";
import { fromFlat } from "../creation.ts";
import { findDataset, loadDataset } from "./dataset.ts";
import { saveIdx } from "./idx.ts";
import { assertKernelError, tempDir } from "./test_helpers.ts";

/** Writes a tiny split (n images of 28×28 and n labels) into `dir`. */
function writeSplit(dir: string, prefix: string, n: number, gz = true): void {
  Deno.mkdirSync(dir, { recursive: true });
  const ext = gz ? ".gz" : "";
  saveIdx(
    fromFlat(new Array(n * 784).fill(1), [n, 28, 28], "i32"),
    `${dir}/${prefix}-images-idx3-ubyte${ext}`,
    { type: "ubyte" },
  );
  saveIdx(
    fromFlat(new Array(n).fill(2), [n], "i32"),
    `${dir}/${prefix}-labels-idx1-ubyte${ext}`,
    { type: "ubyte" },
  );
}

function found(r: ReturnType<typeof findDataset>) {
  assert.ok(r.ok, r.ok ? "" : r.error.message);
  return r.files;
}

Deno.test("dataset: $DL_DATA first, then the system folder, then the sample", () => {
  const [root, cleanup] = tempDir();
  try {
    const env = { DL_DATA: `${root}/mine/` };
    const places = {
      env,
      systemDir: `${root}/sys`,
      sampleDir: `${root}/sample`,
    };
    writeSplit(`${root}/sample`, "train", 1);
    assert.equal(
      found(findDataset("fashion-mnist", "train", places)).source,
      "sample",
    );
    writeSplit(`${root}/sys/fashion-mnist`, "train", 2);
    const sys = found(findDataset("fashion-mnist", "train", places));
    assert.equal(sys.source, "system");
    assert.equal(
      sys.images,
      `${root}/sys/fashion-mnist/train-images-idx3-ubyte.gz`,
    );
    writeSplit(`${root}/mine/FashionMNIST/raw`, "train", 3, false);
    const mine = found(findDataset("fashion-mnist", "train", places));
    assert.equal(mine.source, "DL_DATA");
    assert.equal(
      mine.labels,
      `${root}/mine/FashionMNIST/raw/train-labels-idx1-ubyte`,
    );
    assert.equal(
      loadDataset("fashion-mnist", "train", places).images.shape[0],
      3,
    );
  } finally {
    cleanup();
  }
});

Deno.test("dataset: test split uses t10k files; dotted names are found", () => {
  const [root, cleanup] = tempDir();
  try {
    const dir = `${root}/fashion_mnist`;
    Deno.mkdirSync(dir);
    Deno.writeFileSync(`${dir}/t10k-images.idx3-ubyte`, new Uint8Array(1));
    Deno.writeFileSync(`${dir}/t10k-labels.idx1-ubyte`, new Uint8Array(1));
    const f = found(
      findDataset("fashion-mnist", "test", {
        systemDir: root,
        sampleDir: null,
      }),
    );
    assert.equal(f.images, `${dir}/t10k-images.idx3-ubyte`);
    assert.equal(f.dir, dir);
    const miss = findDataset("fashion-mnist", "train", {
      systemDir: root,
      sampleDir: null,
    });
    assert.ok(!miss.ok);
  } finally {
    cleanup();
  }
});

Deno.test("dataset: images without labels do not count as found", () => {
  const [root, cleanup] = tempDir();
  try {
    writeSplit(`${root}/fashion-mnist`, "train", 1);
    Deno.removeSync(`${root}/fashion-mnist/train-labels-idx1-ubyte.gz`);
    const r = findDataset("fashion-mnist", "train", {
      systemDir: root,
      sampleDir: null,
    });
    assert.ok(!r.ok);
    assert.equal(r.error.code, "R0015");
    assert.match(r.error.message, /sudo apt-get install dataset-fashion-mnist/);
    assert.match(r.error.message, /\$DL_DATA \(not set\)/);
  } finally {
    cleanup();
  }
});

Deno.test("dataset: mnist is found only where a user put it", () => {
  const [root, cleanup] = tempDir();
  try {
    const none = findDataset("mnist", "train", {
      env: { DL_DATA: root },
      systemDir: `${root}/sys`,
      sampleDir: `${root}/s`,
    });
    assert.ok(!none.ok);
    assert.match(none.error.message, /dataset `mnist` not found/);
    assert.match(none.error.message, /no Debian package provides MNIST/);
    assert.match(none.error.message, new RegExp(`${root}/mnist/`));
    writeSplit(`${root}/MNIST/raw`, "t10k", 2);
    assert.equal(
      found(findDataset("mnist", "test", { env: { DL_DATA: root } })).source,
      "DL_DATA",
    );
  } finally {
    cleanup();
  }
});

Deno.test("dataset: unknown names and splits are R0012 values", () => {
  const a = findDataset("cifar", "train");
  assert.ok(!a.ok);
  assert.equal(a.error.code, "R0012");
  assert.match(a.error.message, /unknown dataset "cifar"/);
  const b = findDataset("mnist", "validation");
  assert.ok(!b.ok);
  assert.match(b.error.message, /unknown split "validation"/);
  assertKernelError(() => loadDataset("x", "train"), "R0012", "`dataset`");
});

Deno.test("dataset: loadDataset checks that images and labels agree", () => {
  const [root, cleanup] = tempDir();
  try {
    writeSplit(`${root}/fashion-mnist`, "train", 2);
    saveIdx(
      fromFlat([1, 2, 3], [3], "i32"),
      `${root}/fashion-mnist/train-labels-idx1-ubyte.gz`,
      { type: "ubyte" },
    );
    assertKernelError(
      () => loadDataset("fashion-mnist", "train", { systemDir: root }),
      "R0011",
      "expected 2 labels (one per image), found shape [3]",
    );
    saveIdx(
      fromFlat([1, 2], [2], "i32"),
      `${root}/fashion-mnist/train-images-idx3-ubyte.gz`,
      { type: "ubyte" },
    );
    assertKernelError(
      () => loadDataset("fashion-mnist", "train", { systemDir: root }),
      "R0011",
      "found rank 1",
    );
  } finally {
    cleanup();
  }
});

Deno.test("dataset: the shipped sample is balanced and gives a note", () => {
  const opts = { systemDir: "/nonexistent-dl-datasets" };
  const train = loadDataset("fashion-mnist", "train", opts);
  assert.equal(train.files.source, "sample");
  assert.deepEqual([...train.images.shape], [3000, 28, 28]);
  assert.equal(train.images.dtype, "i32");
  assert.deepEqual([...train.labels.shape], [3000]);
  const counts = new Array(10).fill(0);
  for (const c of train.labels.data) counts[c]++;
  assert.deepEqual(counts, new Array(10).fill(300));
  assert.match(
    train.note ?? "",
    /3000-image sample.*sudo apt-get install dataset-fashion-mnist/,
  );
  const test = loadDataset("fashion-mnist", "test", opts);
  assert.deepEqual([...test.images.shape], [1000, 28, 28]);
  let max = 0;
  for (const v of test.images.data) max = Math.max(max, v);
  assert.ok(max <= 255 && max > 200, `max pixel ${max}`);
});
