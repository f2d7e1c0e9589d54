// Tests of the IDX reader and writer: byte-exact headers, every element type,
// gzip (ours and Python's), and every way a file can be broken.

import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { fromFlat } from "../creation.ts";
import { loadIdx, readIdx, saveIdx, writeIdx } from "./idx.ts";
import { assertKernelError, assertTensor, tempDir } from "./test_helpers.ts";

const FIXTURES = new URL("../../tests/data/idx/", import.meta.url);

Deno.test("idx: reads a hand-built ubyte file as i32", () => {
  const bytes = new Uint8Array([
    0,
    0,
    0x08,
    2,
    0,
    0,
    0,
    2,
    0,
    0,
    0,
    3,
    0,
    1,
    2,
    253,
    254,
    255,
  ]);
  assertTensor(readIdx(bytes), "i32", [2, 3], [0, 1, 2, 253, 254, 255]);
});

Deno.test("idx: big-endian ints, shorts, bytes, floats and doubles", () => {
  const int = new Uint8Array([
    0,
    0,
    0x0c,
    1,
    0,
    0,
    0,
    2,
    0xff,
    0xff,
    0xff,
    0xfe,
    0,
    0,
    1,
    0,
  ]);
  assertTensor(readIdx(int), "i32", [2], [-2, 256]);
  const short = new Uint8Array([
    0,
    0,
    0x0b,
    1,
    0,
    0,
    0,
    2,
    0x80,
    0,
    0x01,
    0x02,
  ]);
  assertTensor(readIdx(short), "i32", [2], [-32768, 258]);
  const byte = new Uint8Array([0, 0, 0x09, 1, 0, 0, 0, 2, 0x80, 0x7f]);
  assertTensor(readIdx(byte), "i32", [2], [-128, 127]);
  const float = new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0xc0, 0, 0]);
  assertTensor(readIdx(float), "f32", [1], [1.5]);
  const double = new Uint8Array([0, 0, 0x0e, 0, 0xc0, 0x04, 0, 0, 0, 0, 0, 0]);
  assertTensor(readIdx(double), "f64", [], [-2.5]);
});

Deno.test("idx: writer emits the exact header and big-endian data", () => {
  const t = fromFlat([1, -2], [2], "i32");
  assert.deepEqual(
    [...writeIdx(t)],
    [0, 0, 0x0c, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xfe],
  );
  const u = fromFlat([7, 255], [1, 2], "i32");
  assert.deepEqual(
    [...writeIdx(u, { type: "ubyte" })],
    [0, 0, 0x08, 2, 0, 0, 0, 1, 0, 0, 0, 2, 7, 255],
  );
});

Deno.test("idx: round trip for every type, plain and gzip", () => {
  const ints = fromFlat([-7, 0, 5, 100, -100, 3], [3, 2], "i32");
  const small = fromFlat([0, 1, 250, 3, 4, 255], [2, 3], "i32");
  const cases = [
    { t: small, type: "ubyte" as const },
    { t: ints, type: "byte" as const },
    { t: ints, type: "short" as const },
    { t: ints, type: "int" as const },
    { t: fromFlat([0.5, -1.25, 3e-5], [3], "f32"), type: "float" as const },
    { t: fromFlat([Math.PI, -1e300], [2, 1], "f64"), type: "double" as const },
  ];
  for (const { t, type } of cases) {
    for (const gzip of [false, true]) {
      const back = readIdx(writeIdx(t, { type, gzip }));
      const dtype = type === "float"
        ? "f32"
        : type === "double"
        ? "f64"
        : "i32";
      assertTensor(back, dtype, [...t.shape], Array.from(t.data));
    }
  }
});

Deno.test("idx: reads Python-gzipped and plain fixture files", () => {
  for (const f of ["labels-idx1-ubyte", "labels-idx1-ubyte.gz"]) {
    const path = decodeURIComponent(new URL(f, FIXTURES).pathname);
    assertTensor(loadIdx(path), "i32", [5], [3, 1, 4, 1, 5]);
  }
});

Deno.test("idx: save and load a .gz file through the file system", () => {
  const [dir, cleanup] = tempDir();
  try {
    const t = fromFlat([1, 2, 3, 4], [2, 2], "f32");
    saveIdx(t, `${dir}/x-idx2-float.gz`);
    const raw = Deno.readFileSync(`${dir}/x-idx2-float.gz`);
    assert.deepEqual([raw[0], raw[1]], [0x1f, 0x8b]);
    assertTensor(loadIdx(`${dir}/x-idx2-float.gz`), "f32", [2, 2], [
      1,
      2,
      3,
      4,
    ]);
  } finally {
    cleanup();
  }
});

Deno.test("idx: broken files are R0011 saying what is wrong", () => {
  const good = writeIdx(fromFlat([1, 2, 3], [3], "i32"), { type: "ubyte" });
  assertKernelError(
    () => readIdx(new Uint8Array([0, 0]), "a.idx"),
    "R0011",
    "`a.idx`",
    "expected at least 4 bytes, found 2",
  );
  assertKernelError(
    () => readIdx(new Uint8Array([1, 2, 8, 1]), "b"),
    "R0011",
    "bad magic number 0x01 0x02",
  );
  assertKernelError(
    () => readIdx(new Uint8Array([0, 0, 0x0a, 1, 0, 0, 0, 0])),
    "R0011",
    "unknown IDX data type 0x0a",
  );
  assertKernelError(
    () => readIdx(good.subarray(0, 6)),
    "R0011",
    "truncated header: expected 8 bytes for 1 dims, found 6",
  );
  assertKernelError(
    () => readIdx(good.subarray(0, 10)),
    "R0011",
    "truncated: expected 3 bytes of data for shape [3], found 2",
  );
  const longer = new Uint8Array([...good, 9, 9]);
  assertKernelError(
    () => readIdx(longer),
    "R0011",
    "2 unexpected bytes after the data",
  );
  const huge = new Uint8Array([
    0,
    0,
    0x0d,
    3,
    255,
    255,
    255,
    255,
    255,
    255,
    255,
    255,
    255,
    255,
    255,
    255,
  ]);
  assertKernelError(() => readIdx(huge), "R0011", "truncated: expected");
});

Deno.test("idx: corrupt and truncated gzip are R0011, not crashes", () => {
  const z = gzipSync(writeIdx(fromFlat([1, 2, 3], [3], "i32")));
  assertKernelError(
    () => readIdx(z.subarray(0, z.length - 6), "t.gz"),
    "R0011",
    "`t.gz`",
    "corrupt gzip data",
  );
  const bad = new Uint8Array(z);
  bad[12] ^= 0xff;
  assertKernelError(() => readIdx(bad, "c.gz"), "R0011", "`c.gz`");
});

Deno.test("idx: missing files and directories are R0011 naming the path", () => {
  const [dir, cleanup] = tempDir();
  try {
    assertKernelError(
      () => loadIdx(`${dir}/nope.idx`),
      "R0011",
      `${dir}/nope.idx`,
      "no such file",
    );
    assertKernelError(() => loadIdx(dir), "R0011", "is a directory");
  } finally {
    cleanup();
  }
});

Deno.test("idx: values a type cannot hold are R0014 when writing", () => {
  const t = fromFlat([1, 256], [2], "i32");
  assertKernelError(
    () => writeIdx(t, { type: "ubyte", name: "o.idx" }),
    "R0014",
    "`o.idx`",
    "element 1 (256) does not fit in u8",
  );
  assertKernelError(
    () => writeIdx(fromFlat([40000], [1], "i32"), { type: "short" }),
    "R0014",
    "does not fit in i16",
  );
});
