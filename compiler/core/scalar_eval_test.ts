// Tests for applyScalar: the language's scalar arithmetic on tagged scalars.

import assert from "node:assert/strict";
import { KernelError } from "./runtime_error.ts";
import { boolScalar as B, floatScalar as F, intScalar as I } from "./scalar.ts";
import { applyScalar } from "./scalar_eval.ts";

function throwsCode(f: () => unknown, code: string): void {
  assert.throws(f, (e) => e instanceof KernelError && e.code === code);
}

Deno.test("int op int stays int; any float makes float", () => {
  assert.deepEqual(applyScalar("add", [I(2), I(3)]), I(5));
  assert.deepEqual(applyScalar("add", [I(2), F(0.5)]), F(2.5));
  assert.deepEqual(applyScalar("mul", [F(2), I(3)]), F(6));
  assert.deepEqual(applyScalar("mod", [I(-7), I(2)]), I(-1));
  assert.deepEqual(applyScalar("neg", [I(4)]), I(-4));
  assert.deepEqual(applyScalar("abs", [F(-1.5)]), F(1.5));
  assert.deepEqual(applyScalar("floor", [F(2.5)]), F(2));
  assert.deepEqual(applyScalar("maximum", [I(2), I(7)]), I(7));
});

Deno.test("int / int is float; int ** negative int is float", () => {
  assert.deepEqual(applyScalar("div", [I(7), I(2)]), F(3.5));
  assert.deepEqual(applyScalar("div", [I(4), I(2)]), F(2));
  assert.deepEqual(applyScalar("pow", [I(2), I(10)]), I(1024));
  assert.deepEqual(applyScalar("pow", [I(2), I(-2)]), F(0.25));
  assert.deepEqual(applyScalar("exp", [I(0)]), F(1));
});

Deno.test("int errors: overflow R0001, division by zero R0002", () => {
  throwsCode(() => applyScalar("add", [I(2147483647), I(1)]), "R0001");
  throwsCode(() => applyScalar("mod", [I(1), I(0)]), "R0002");
  throwsCode(() => applyScalar("div", [I(1), I(0)]), "R0002");
  assert.deepEqual(applyScalar("div", [F(1), I(0)]), F(Infinity));
});

Deno.test("comparisons and logic give bools; no truthiness", () => {
  assert.deepEqual(applyScalar("lt", [I(1), F(1.5)]), B(true));
  assert.deepEqual(applyScalar("eq", [B(true), B(true)]), B(true));
  assert.deepEqual(applyScalar("and", [B(true), B(false)]), B(false));
  assert.deepEqual(applyScalar("not", [B(false)]), B(true));
  throwsCode(() => applyScalar("and", [I(1), B(true)]), "R0012");
  throwsCode(() => applyScalar("add", [B(true), I(1)]), "R0012");
  throwsCode(() => applyScalar("eq", [B(true), I(1)]), "R0012");
  throwsCode(() => applyScalar("sum", [I(1)]), "R0012");
  throwsCode(() => applyScalar("add", [I(1)]), "R0012");
});

Deno.test("where and clip on scalars", () => {
  assert.deepEqual(applyScalar("where", [B(true), I(1), F(2)]), F(1));
  assert.deepEqual(applyScalar("where", [B(false), I(1), I(2)]), I(2));
  assert.deepEqual(applyScalar("clip", [I(5), I(0), I(3)]), I(3));
  assert.deepEqual(applyScalar("clip", [F(-1), I(0), I(3)]), F(0));
});
