// Tests of the .npy reader and writer against files numpy wrote
// (tests/data/npy, made by tests/data/make_fixtures.py), and broken inputs.

import assert from "node:assert/strict";
import { fromFlat } from "../creation.ts";
import { Tensor } from "../tensor.ts";
import { loadNpy, readNpy, saveNpy, writeNpy } from "./npy.ts";
import { formatShapeTuple, parseNpyHeader } from "./npy_header.ts";
import { assertKernelError, assertTensor, tempDir } from "./test_helpers.ts";

const DIR = decodeURIComponent(
  new URL("../../tests/data/npy/", import.meta.url).pathname,
);
const fixture = (name: string) => Deno.readFileSync(DIR + name);

Deno.test("npy: writeNpy matches np.save byte for byte", () => {
  const cases: [string, Tensor][] = [
    ["f4_2x3.npy", fromFlat([0, 0.25, 0.5, 0.75, 1, 1.25], [2, 3], "f32")],
    ["f8_scalar.npy", fromFlat([3.5], [], "f64")],
    ["i4_3.npy", fromFlat([1, -2, 2147483647], [3], "i32")],
    ["b1_2x2.npy", fromFlat([1, 0, 0, 1], [2, 2], "bool")],
    ["i1_4.npy", fromFlat([-128, -1, 0, 127], [4], "i8")],
    ["f4_0.npy", fromFlat([], [0], "f32")],
    ["f4_2x0x3.npy", fromFlat([], [2, 0, 3], "f32")],
  ];
  for (const [file, t] of cases) {
    assert.deepEqual(writeNpy(t), fixture(file), file);
    const back = readNpy(fixture(file), file);
    assertTensor(back, t.dtype, [...t.shape], Array.from(t.data));
  }
});

Deno.test("npy: Fortran order is reordered to C order", () => {
  const t = readNpy(fixture("f4_fortran_2x3x4.npy"));
  assertTensor(t, "f32", [2, 3, 4], Array.from({ length: 24 }, (_, i) => i));
});

Deno.test("npy: big-endian, i8, u1, i2, f2 and versions 2.0 / 3.0", () => {
  assertTensor(readNpy(fixture("f4_big_endian.npy")), "f32", [3], [
    1.5,
    -2,
    3.25,
  ]);
  assertTensor(readNpy(fixture("i8_3.npy")), "i32", [3], [0, -5, 7]);
  assertTensor(readNpy(fixture("u1_3.npy")), "i32", [3], [0, 200, 255]);
  assertTensor(readNpy(fixture("i2_3.npy")), "i32", [3], [-300, 0, 300]);
  assertTensor(readNpy(fixture("f2_4.npy")), "f32", [4], [
    1,
    -0.5,
    65504,
    Infinity,
  ]);
  assertTensor(readNpy(fixture("f8_v2.npy")), "f64", [2], [1, 2]);
  assertTensor(readNpy(fixture("f8_v3.npy")), "f64", [2], [1, 2]);
});

Deno.test("npy: round trip of views and every dtype through files", () => {
  const [dir, cleanup] = tempDir();
  try {
    const base = fromFlat([1, 2, 3, 4, 5, 6], [2, 3], "f64");
    const transposed = new Tensor("f64", [3, 2], [1, 3], 0, base.data);
    saveNpy(transposed, `${dir}/t.npy`);
    assertTensor(loadNpy(`${dir}/t.npy`), "f64", [3, 2], [1, 4, 2, 5, 3, 6]);
    for (const dtype of ["f32", "f64", "i32", "bool", "i8"] as const) {
      const t = fromFlat([1, 0, 1, 1], [2, 1, 2], dtype);
      assertTensor(readNpy(writeNpy(t)), dtype, [2, 1, 2], [1, 0, 1, 1]);
    }
  } finally {
    cleanup();
  }
});

Deno.test("npy: header parsing and shape tuples", () => {
  assert.deepEqual(
    parseNpyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"),
    { descr: "<f4", fortranOrder: false, shape: [3] },
  );
  assert.deepEqual(
    parseNpyHeader(
      '{"shape": (2L, 3L), "fortran_order": True, "descr": ">i2"}',
    ),
    { descr: ">i2", fortranOrder: true, shape: [2, 3] },
  );
  assert.deepEqual(
    parseNpyHeader("{'descr':'|b1','fortran_order':False,'shape':()}"),
    {
      descr: "|b1",
      fortranOrder: false,
      shape: [],
    },
  );
  assert.match(
    String(parseNpyHeader("{'descr': '<f4', 'shape': (1,)")),
    /malformed/,
  );
  assert.match(
    String(
      parseNpyHeader(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}",
      ),
    ),
    /non-negative/,
  );
  assert.match(
    String(
      parseNpyHeader(
        "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': ()}",
      ),
    ),
    /structured/,
  );
  assert.match(String(parseNpyHeader("(".repeat(100000))), /malformed/);
  assert.equal(formatShapeTuple([]), "()");
  assert.equal(formatShapeTuple([3]), "(3,)");
  assert.equal(formatShapeTuple([2, 3]), "(2, 3)");
});

function withHeader(header: string, data: number[] = []): Uint8Array {
  const h = new TextEncoder().encode(header);
  const out = new Uint8Array(10 + h.length + data.length);
  out.set([
    0x93,
    0x4e,
    0x55,
    0x4d,
    0x50,
    0x59,
    1,
    0,
    h.length & 255,
    h.length >> 8,
  ]);
  out.set(h, 10);
  out.set(data, 10 + h.length);
  return out;
}

Deno.test("npy: broken files are R0011 saying what is wrong", () => {
  const good = fixture("i4_3.npy");
  assertKernelError(
    () => readNpy(new Uint8Array([1, 2, 3]), "x.npy"),
    "R0011",
    "`x.npy`",
    "bad magic",
  );
  const v4 = new Uint8Array(good);
  v4[6] = 4;
  assertKernelError(
    () => readNpy(v4),
    "R0011",
    "unsupported .npy format version 4.0",
  );
  assertKernelError(
    () => readNpy(good.subarray(0, 50)),
    "R0011",
    "truncated header",
  );
  assertKernelError(
    () => readNpy(good.subarray(0, good.length - 1)),
    "R0011",
    "truncated: expected 12 bytes of data, found 11",
  );
  assertKernelError(
    () => readNpy(new Uint8Array([...good, 0])),
    "R0011",
    "1 unexpected bytes after the data",
  );
  assertKernelError(
    () => readNpy(fixture("c8_unsupported.npy")),
    "R0011",
    "unsupported dtype '<c8'",
  );
  assertKernelError(
    () => readNpy(fixture("i8_too_big.npy")),
    "R0011",
    "element 1 (1099511627776) does not fit in i32",
  );
  assertKernelError(
    () =>
      readNpy(
        withHeader("{'descr': '|O', 'fortran_order': False, 'shape': (1,)}"),
      ),
    "R0011",
    "unsupported dtype '|O'",
  );
  assertKernelError(
    () =>
      readNpy(
        withHeader("{'descr': '|f4', 'fortran_order': False, 'shape': (1,)}", [
          0,
          0,
          0,
          0,
        ]),
      ),
    "R0011",
    "invalid dtype '|f4'",
  );
  assertKernelError(
    () => readNpy(withHeader("{'descr': '<f4', 'fortran_order': False}")),
    "R0011",
    "no ",
    "'shape'",
  );
  assertKernelError(
    () =>
      readNpy(
        withHeader(
          "{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1}",
        ),
      ),
    "R0011",
    "unexpected key 'x'",
  );
  assertKernelError(
    () =>
      readNpy(
        withHeader(
          "{'descr': '<f4', 'fortran_order': False, 'shape': (9007199254740991, 9007199254740991)}",
        ),
      ),
    "R0011",
    "too large",
  );
});

Deno.test("npy: a missing file is R0011 and an unwritable path R0014", () => {
  const [dir, cleanup] = tempDir();
  try {
    assertKernelError(() => loadNpy(`${dir}/a.npy`), "R0011", "no such file");
    assertKernelError(
      () => saveNpy(fromFlat([1], [1], "f32"), `${dir}/no/a.npy`),
      "R0014",
      `${dir}/no/a.npy`,
    );
  } finally {
    cleanup();
  }
});

function hasNumpy(): boolean {
  try {
    const { success } = new Deno.Command("python3", {
      args: ["-c", "import numpy"],
      stdout: "null",
      stderr: "null",
    }).outputSync();
    return success;
  } catch {
    return false;
  }
}

Deno.test({
  name: "npy: numpy reads what dl writes and dl reads what numpy writes",
  ignore: !hasNumpy(),
  fn() {
    const [dir, cleanup] = tempDir();
    try {
      const t = fromFlat([0.1, -2, 3.5e10, NaN, -0, 6], [3, 2], "f32");
      saveNpy(t, `${dir}/dl.npy`);
      const script = `
import numpy as np, sys
a = np.load(sys.argv[1] + "/dl.npy")
print(a.dtype, a.shape, a.ravel().tolist())
np.save(sys.argv[1] + "/np.npy", np.arange(12, dtype=np.int64).reshape(3, 4).T)
np.save(sys.argv[1] + "/nf.npy", np.asfortranarray(np.arange(6.0).reshape(2, 3)))`;
      const out = new Deno.Command("python3", { args: ["-c", script, dir] })
        .outputSync();
      assert.ok(out.success, new TextDecoder().decode(out.stderr));
      const f32 = (x: number) => String(Math.fround(x));
      assert.equal(
        new TextDecoder().decode(out.stdout).trim(),
        `float32 (3, 2) [${f32(0.1)}, -2.0, 35000000512.0, nan, -0.0, 6.0]`,
      );
      assertTensor(loadNpy(`${dir}/np.npy`), "i32", [4, 3], [
        0,
        4,
        8,
        1,
        5,
        9,
        2,
        6,
        10,
        3,
        7,
        11,
      ]);
      assertTensor(loadNpy(`${dir}/nf.npy`), "f64", [2, 3], [0, 1, 2, 3, 4, 5]);
    } finally {
      cleanup();
    }
  },
});
