// Tests of the safetensors reader and writer: byte-exact output of the
// reference implementation's own test vectors, ordering, every dtype, the
// validation errors, and (where Python's safetensors is installed) an oracle.

import assert from "node:assert/strict";
import { fromFlat } from "../creation.ts";
import { Tensor, toArray } from "../tensor.ts";
import {
  loadSafetensors,
  parseSafetensors,
  readSafetensors,
  saveSafetensors,
  writeSafetensors,
} from "./safetensors.ts";
import { assertKernelError, assertTensor, tempDir } from "./test_helpers.ts";

const enc = new TextEncoder();

/** A safetensors file from a header text (padded as given) and data bytes. */
function file(header: string, data: number[] = []): Uint8Array {
  const h = enc.encode(header);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

function f32Bytes(values: number[]): number[] {
  return [...new Uint8Array(new Float32Array(values).buffer)];
}

Deno.test("safetensors: empty files, with and without metadata, byte-exact", () => {
  const empty = writeSafetensors([]);
  assert.deepEqual([...empty], [
    8,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    ...enc.encode("{}      "),
  ]);
  const meta = writeSafetensors([], { framework: "pt" });
  const json = '{"__metadata__":{"framework":"pt"}}';
  assert.equal(meta[0], 40);
  assert.deepEqual(meta, file(json + "     "));
  assert.deepEqual(parseSafetensors(meta).metadata, { framework: "pt" });
  assert.equal(parseSafetensors(empty).metadata, null);
});

Deno.test("safetensors: one f32 tensor, unpadded and padded headers", () => {
  const data = [0, 1, 2, 3, 4, 5];
  const a = writeSafetensors([["attn.0", fromFlat(data, [1, 2, 3], "f32")]]);
  const ja = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
  assert.equal(ja.length, 64);
  assert.deepEqual(a, file(ja, f32Bytes(data)));
  const b = writeSafetensors([["attn0", fromFlat(data, [1, 1, 2, 3], "f32")]]);
  const jb =
    '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}';
  assert.equal(jb.length + 7, 72);
  assert.deepEqual(b, file(jb + "       ", f32Bytes(data)));
  assertTensor(readSafetensors(b).get("attn0")!, "f32", [1, 1, 2, 3], data);
});

Deno.test("safetensors: tensors sorted by dtype size, then by name bytes", () => {
  const t = (dtype: "f32" | "f64" | "i32" | "bool" | "i8") =>
    fromFlat([1, 0], [2], dtype);
  const bytes = writeSafetensors([
    ["b", t("bool")],
    ["z", t("i8")],
    ["y", t("f32")],
    ["a", t("f32")],
    ["B", t("f32")],
    ["m", t("i32")],
    ["0", t("f64")],
  ]);
  const len = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  const header = new TextDecoder().decode(bytes.subarray(8, 8 + len));
  const names = [...header.matchAll(/"([^"]+)":\{"dtype":"(\w+)"/g)].map(
    (m) => `${m[1]}:${m[2]}`,
  );
  assert.deepEqual(names, [
    "0:F64",
    "B:F32",
    "a:F32",
    "y:F32",
    "m:I32",
    "z:I8",
    "b:BOOL",
  ]);
  assert.deepEqual([...readSafetensors(bytes).keys()], [
    "0",
    "B",
    "a",
    "y",
    "m",
    "z",
    "b",
  ]);
});

Deno.test("safetensors: round trip of every dtype, views, metadata, odd names", () => {
  const base = fromFlat([1, 2, 3, 4, 5, 6], [2, 3], "f64");
  const tensors: [string, Tensor][] = [
    ["w", fromFlat([0.5, -1, 1e-8], [3], "f32")],
    ["d", base],
    ["dT", new Tensor("f64", [3, 2], [1, 3], 0, base.data)],
    ["i", fromFlat([-2147483648, 7], [1, 2], "i32")],
    ["mask", fromFlat([1, 0, 1], [3], "bool")],
    ["q", fromFlat([-128, 127], [2], "i8")],
    ["scalar", fromFlat([42], [], "f32")],
    ["empty", fromFlat([], [0, 4], "f32")],
    ['we"ird\\名', fromFlat([1], [1], "f32")],
    ["__proto__", fromFlat([2], [1], "f32")],
  ];
  const bytes = writeSafetensors(tensors, { format: "pt", "x y": "z" });
  const back = parseSafetensors(bytes);
  assert.deepEqual(back.metadata, { format: "pt", "x y": "z" });
  assert.equal(back.tensors.size, tensors.length);
  for (const [name, t] of tensors) {
    const got = back.tensors.get(name);
    assert.ok(got, name);
    assertTensor(got, t.dtype, [...t.shape], toArray(t));
  }
  assertTensor(back.tensors.get("dT")!, "f64", [3, 2], [1, 4, 2, 5, 3, 6]);
});

Deno.test("safetensors: reads F16, BF16 and 64-bit ints", () => {
  const header = '{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},' +
    '"b":{"dtype":"BF16","shape":[1],"data_offsets":[4,6]},' +
    '"l":{"dtype":"I64","shape":[1],"data_offsets":[6,14]}}';
  const data = [
    0x00,
    0x3c,
    0x00,
    0xc0,
    0xc0,
    0x3f,
    0xfb,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
  ];
  const t = readSafetensors(file(header, data));
  assertTensor(t.get("h")!, "f32", [2], [1, -2]);
  assertTensor(t.get("b")!, "f32", [1], [1.5]);
  assertTensor(t.get("l")!, "i32", [1], [-5]);
  const big = file('{"l":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}', [
    0,
    0,
    0,
    0,
    1,
    0,
    0,
    0,
  ]);
  assertKernelError(
    () => readSafetensors(big, "m.st"),
    "R0011",
    "`m.st`",
    'tensor "l": element 0 (4294967296) does not fit in i32',
  );
});

Deno.test("safetensors: header errors", () => {
  assertKernelError(
    () => readSafetensors(new Uint8Array(5), "a.st"),
    "R0011",
    "`a.st`",
    "expected at least 8 bytes",
  );
  const huge = new Uint8Array(16);
  huge.fill(0xff, 0, 8);
  assertKernelError(() => readSafetensors(huge), "R0011", "is too large");
  const short = file("{}      ").subarray(0, 12);
  assertKernelError(
    () => readSafetensors(short),
    "R0011",
    "truncated header: expected 8 bytes, found 4",
  );
  assertKernelError(
    () => readSafetensors(file("{oops}  ")),
    "R0011",
    "not valid JSON",
  );
  assertKernelError(
    () => readSafetensors(file("[1,2]   ")),
    "R0011",
    "not a JSON object",
  );
  const badUtf8 = file("{}      ");
  badUtf8[9] = 0xff;
  assertKernelError(() => readSafetensors(badUtf8), "R0011", "not valid UTF-8");
  assertKernelError(
    () => readSafetensors(file('{"__metadata__":{"a":1}}')),
    "R0011",
    'entry "a" is not a string',
  );
  assertKernelError(
    () =>
      readSafetensors(
        file('{"t":{"dtype":"F8_E5M2","shape":[1],"data_offsets":[0,1]}}', [0]),
      ),
    "R0011",
    'tensor "t": unsupported dtype F8_E5M2',
  );
  assertKernelError(
    () =>
      readSafetensors(
        file('{"t":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', [
          0,
          0,
          0,
          0,
        ]),
      ),
    "R0011",
    "`shape` is not a list",
  );
  assertKernelError(
    () =>
      readSafetensors(
        file('{"t":{"dtype":"F32","shape":[1],"data_offsets":[0]}}'),
      ),
    "R0011",
    "`data_offsets` is not a pair",
  );
  assertKernelError(
    () => readSafetensors(file('{"t":5}')),
    "R0011",
    'tensor "t": its entry is not an object',
  );
});

Deno.test("safetensors: offset validation (size, overlap, gap, bounds, trailing)", () => {
  const f = (body: string, n: number) =>
    file(`{${body}}`, new Array(n).fill(0));
  const e = (
    name: string,
    dtype: string,
    shape: number[],
    a: number,
    b: number,
  ) =>
    `"${name}":{"dtype":"${dtype}","shape":[${shape}],"data_offsets":[${a},${b}]}`;
  assertKernelError(
    () => readSafetensors(f(e("w", "F32", [2, 3], 0, 12), 12)),
    "R0011",
    'tensor "w": data_offsets [0, 12] hold 12 bytes, but F32 [2, 3] needs 24',
  );
  assertKernelError(
    () =>
      readSafetensors(
        f(`${e("a", "F32", [2], 0, 8)},${e("b", "F32", [2], 4, 12)}`, 12),
      ),
    "R0011",
    'tensor "b" at bytes [4, 12] overlaps tensor "a" at [0, 8]',
  );
  assertKernelError(
    () =>
      readSafetensors(
        f(`${e("a", "F32", [1], 0, 4)},${e("b", "F32", [1], 8, 12)}`, 12),
      ),
    "R0011",
    'tensor "b" begins at byte 8',
    "a gap",
  );
  assertKernelError(
    () => readSafetensors(f(e("a", "F32", [2], 0, 8), 6)),
    "R0011",
    "past the end of the data (6 bytes)",
    "truncated",
  );
  assertKernelError(
    () => readSafetensors(f(e("a", "F32", [1], 0, 4), 6)),
    "R0011",
    "2 bytes after the last tensor's data",
  );
  assertKernelError(
    () => readSafetensors(f(e("a", "F32", [1], 4, 0), 4)),
    "R0011",
    "end before they begin",
  );
});

Deno.test("safetensors: writer rejects duplicate and reserved names", () => {
  const t = fromFlat([1], [1], "f32");
  assertKernelError(
    () => writeSafetensors([["a", t], ["a", t]], undefined, { name: "o.st" }),
    "R0014",
    "`o.st`",
    'duplicate tensor name "a"',
  );
  assertKernelError(
    () => writeSafetensors([["__metadata__", t]]),
    "R0014",
    "cannot be a tensor name",
  );
});

Deno.test("safetensors: files on disk", () => {
  const [dir, cleanup] = tempDir();
  try {
    saveSafetensors(`${dir}/m.safetensors`, [[
      "fc.weight",
      fromFlat([1, 2], [1, 2], "f32"),
    ]]);
    const back = loadSafetensors(`${dir}/m.safetensors`);
    assertTensor(back.tensors.get("fc.weight")!, "f32", [1, 2], [1, 2]);
    assertKernelError(
      () => loadSafetensors(`${dir}/x.safetensors`),
      "R0011",
      "no such file",
    );
  } finally {
    cleanup();
  }
});

function hasPythonSafetensors(): boolean {
  try {
    return new Deno.Command("python3", {
      args: ["-c", "import safetensors.numpy"],
      stdout: "null",
      stderr: "null",
    }).outputSync().success;
  } catch {
    return false;
  }
}

Deno.test({
  name:
    "safetensors: Python's safetensors reads dl's files and writes the same bytes",
  ignore: !hasPythonSafetensors(),
  fn() {
    const [dir, cleanup] = tempDir();
    try {
      const tensors: [string, Tensor][] = [
        ["fc1.weight", fromFlat([1, 2, 3, 4, 5, 6], [2, 3], "f32")],
        ["fc1.bias", fromFlat([0.5, -0.5], [2], "f32")],
        ["steps", fromFlat([3], [1], "i32")],
        ["mask", fromFlat([1, 0], [2], "bool")],
      ];
      saveSafetensors(`${dir}/dl.safetensors`, tensors, { format: "pt" });
      const script = `
import sys
from safetensors.numpy import load_file, save_file
d = sys.argv[1]
t = load_file(d + "/dl.safetensors")
for k in sorted(t): print(k, t[k].dtype, list(t[k].shape), t[k].ravel().tolist())
save_file(t, d + "/py.safetensors", metadata={"format": "pt"})`;
      const out = new Deno.Command("python3", { args: ["-c", script, dir] })
        .outputSync();
      assert.ok(out.success, new TextDecoder().decode(out.stderr));
      assert.equal(
        new TextDecoder().decode(out.stdout).trim(),
        [
          "fc1.bias float32 [2] [0.5, -0.5]",
          "fc1.weight float32 [2, 3] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]",
          "mask bool [2] [True, False]",
          "steps int32 [1] [3]",
        ].join("\n"),
      );
      assert.deepEqual(
        Deno.readFileSync(`${dir}/py.safetensors`),
        Deno.readFileSync(`${dir}/dl.safetensors`),
      );
    } finally {
      cleanup();
    }
  },
});
