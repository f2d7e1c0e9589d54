// Tests for float and f32 text (spec §9).

import assert from "node:assert/strict";
import { formatF32, formatFloat, formatInt } from "./numfmt.ts";

Deno.test("formatFloat: shortest JS text with .0 on integral values", () => {
  assert.equal(formatFloat(2), "2.0");
  assert.equal(formatFloat(0.1), "0.1");
  assert.equal(formatFloat(0.1 + 0.2), "0.30000000000000004");
  assert.equal(formatFloat(1e21), "1e+21");
  assert.equal(formatFloat(1e-7), "1e-7");
  assert.equal(formatFloat(123456789012), "123456789012.0");
  assert.equal(formatFloat(-3.5), "-3.5");
  assert.equal(formatFloat(NaN), "nan");
  assert.equal(formatFloat(Infinity), "inf");
  assert.equal(formatFloat(-Infinity), "-inf");
  assert.equal(formatFloat(0), "0.0");
  assert.equal(formatFloat(-0), "-0.0");
});

Deno.test("formatF32: shortest text that reads back to the same f32", () => {
  assert.equal(formatF32(Math.fround(0.1)), "0.1");
  assert.equal(formatF32(Math.fround(1 / 3)), "0.33333334");
  assert.equal(formatF32(Math.fround(2)), "2.0");
  assert.equal(formatF32(Math.fround(16777217)), "16777216.0");
  assert.equal(formatF32(Math.fround(1e21)), "1e+21");
  assert.equal(formatF32(Math.fround(1e-7)), "1e-7");
  assert.equal(formatF32(Math.fround(3.4028234663852886e38)), "3.4028235e+38");
  assert.equal(formatF32(Math.fround(1.4e-45)), "1e-45");
  assert.equal(formatF32(-0), "-0.0");
  assert.equal(formatF32(NaN), "nan");
  for (const x of [0.7, 123.456, 1e-30, 6.02e23, -2.5e-5, 0.2]) {
    const f = Math.fround(x);
    const s = formatF32(f);
    assert.equal(Math.fround(Number(s)), f, `${s} reads back`);
  }
});

Deno.test("formatInt", () => {
  assert.equal(formatInt(-42), "-42");
  assert.equal(formatInt(-0), "0");
});
