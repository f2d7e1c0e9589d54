// Tests of the element table: half and bfloat decoding, range checks on
// reading into i32 and on writing narrow kinds, bool normalisation.

import assert from "node:assert/strict";
import { fromFlat } from "../creation.ts";
import { decodeElements, encodeElements } from "./elements.ts";
import { assertKernelError } from "./test_helpers.ts";

const decode = (
  bytes: number[],
  kind: "f16" | "bf16" | "u32" | "bool" | "u8",
  dtype: "f32" | "i32" | "bool" | "i8",
  little = true,
) =>
  Array.from(
    decodeElements(new Uint8Array(bytes), {
      offset: 0,
      count: bytes.length /
        (kind === "u32" ? 4 : kind === "bool" || kind === "u8" ? 1 : 2),
      kind,
      little,
    }, { dtype, name: "f" }),
  );

Deno.test("elements: half floats including subnormals, infinities and nan", () => {
  const got = decode(
    [0x01, 0x00, 0xff, 0x7b, 0x00, 0xfc, 0x01, 0x7c, 0x00, 0x80],
    "f16",
    "f32",
  );
  assert.deepEqual(got.slice(0, 3), [Math.fround(2 ** -24), 65504, -Infinity]);
  assert.ok(Number.isNaN(got[3]));
  assert.ok(Object.is(got[4], -0));
});

Deno.test("elements: bfloat16 and byte order", () => {
  assert.deepEqual(decode([0x3f, 0x80, 0xc0, 0x40], "bf16", "f32", false), [
    1,
    -3,
  ]);
});

Deno.test("elements: u32 beyond i32 is an error; bool bytes are 0/1", () => {
  assert.deepEqual(decode([1, 0, 0, 0], "u32", "i32"), [1]);
  assertKernelError(
    () => decode([0, 0, 0, 0x80], "u32", "i32"),
    "R0011",
    "`f`",
    "element 0 (2147483648) does not fit in i32",
  );
  assert.deepEqual(decode([0, 1, 7], "bool", "bool"), [0, 1, 1]);
  assertKernelError(
    () => decode([200], "u8", "i8"),
    "R0011",
    "does not fit in i8",
  );
});

Deno.test("elements: writers check ranges and write little or big endian", () => {
  const t = fromFlat([1, -2], [2], "i32");
  assert.deepEqual([...encodeElements(t, "i16", { little: true, name: "o" })], [
    1,
    0,
    0xfe,
    0xff,
  ]);
  assert.deepEqual(
    [...encodeElements(t, "i16", { little: false, name: "o" })],
    [0, 1, 0xff, 0xfe],
  );
  assertKernelError(
    () => encodeElements(t, "u8", { little: true, name: "o" }),
    "R0014",
    "element 1 (-2) does not fit in u8",
  );
  assertKernelError(
    () => encodeElements(t, "f16", { little: true, name: "o" }),
    "R0014",
    "cannot store elements as f16",
  );
});
