// Tests for the op table: scalar evaluators (int overflow, division by
// zero, C-style %, powers), operator lookup and the dtype rules.

import assert from "node:assert/strict";
import {
  binaryOpFor,
  checkI32,
  OP_NAMES,
  type OpDef,
  opDTypes,
  type OpName,
  OPS,
  unaryOpFor,
} from "./ops.ts";
import { KernelError } from "./runtime_error.ts";

// The table with every entry seen as the general OpDef.
const O = OPS as Record<OpName, OpDef>;

function throwsCode(f: () => unknown, code: string): void {
  assert.throws(f, (e) => e instanceof KernelError && e.code === code);
}

Deno.test("every op has evaluators matching its kind and dtype rule", () => {
  for (const name of OP_NAMES) {
    const d: OpDef = OPS[name];
    if (d.kind === "reduce" || d.kind === "matmul") continue;
    if (d.dtype === "logical") assert.ok(d.evalI, name);
    else assert.ok(d.evalF, name);
    if (d.dtype === "promote") assert.ok(d.evalI, name);
  }
  for (const name of OP_NAMES) {
    const d: OpDef = OPS[name];
    if (d.combine !== undefined) {
      assert.ok(d.combine in OPS, `${name} combines with ${d.combine}`);
    }
  }
});

Deno.test("int arithmetic detects i32 overflow (R0001)", () => {
  assert.equal(O.add.evalI!(2147483646, 1, 0), 2147483647);
  throwsCode(() => O.add.evalI!(2147483647, 1, 0), "R0001");
  throwsCode(() => O.sub.evalI!(-2147483648, 1, 0), "R0001");
  throwsCode(() => O.mul.evalI!(65536, 32768, 0), "R0001");
  assert.equal(O.mul.evalI!(-65536, 32768, 0), -2147483648);
  throwsCode(() => O.neg.evalI!(-2147483648, 0, 0), "R0001");
  throwsCode(() => O.abs.evalI!(-2147483648, 0, 0), "R0001");
  assert.ok(Object.is(O.mul.evalI!(0, -5, 0), 0), "no -0 from int ops");
  assert.equal(checkI32(5), 5);
  throwsCode(() => checkI32(NaN), "R0001");
});

Deno.test("int % truncates toward zero like C; zero divisor is R0002", () => {
  assert.equal(O.mod.evalI!(7, 3, 0), 1);
  assert.equal(O.mod.evalI!(-7, 3, 0), -1);
  assert.equal(O.mod.evalI!(7, -3, 0), 1);
  assert.ok(Object.is(O.mod.evalI!(-6, 3, 0), 0));
  throwsCode(() => O.mod.evalI!(1, 0, 0), "R0002");
  assert.equal(O.mod.evalF!(-7.5, 2, 0), -1.5);
  assert.ok(Number.isNaN(O.mod.evalF!(1, 0, 0)));
});

Deno.test("division is float and follows IEEE", () => {
  assert.equal(O.div.evalF!(7, 2, 0), 3.5);
  assert.equal(O.div.evalF!(1, 0, 0), Infinity);
  assert.equal(O.div.evalF!(-1, 0, 0), -Infinity);
  assert.ok(Number.isNaN(O.div.evalF!(0, 0, 0)));
  assert.equal(O.div.evalI, undefined);
});

Deno.test("int ** is exact with overflow checks; negative exponent rejected", () => {
  assert.equal(O.pow.evalI!(2, 10, 0), 1024);
  assert.equal(O.pow.evalI!(-3, 3, 0), -27);
  assert.equal(O.pow.evalI!(7, 0, 0), 1);
  assert.equal(O.pow.evalI!(-2, 31, 0), -2147483648);
  throwsCode(() => O.pow.evalI!(2, 31, 0), "R0001");
  throwsCode(() => O.pow.evalI!(3, 40, 0), "R0001");
  assert.equal(O.pow.evalI!(1, 1000000, 0), 1);
  assert.equal(O.pow.evalI!(-1, 1000001, 0), -1);
  throwsCode(() => O.pow.evalI!(2, -1, 0), "R0012");
  assert.equal(O.pow.evalF!(2, -1, 0), 0.5);
  assert.equal(O.pow.evalF!(1, NaN, 0), 1);
  assert.equal(O.pow.evalF!(-1, Infinity, 0), 1);
  assert.ok(Number.isNaN(O.pow.evalF!(-8, 1 / 3, 0)));
});

Deno.test("comparisons and logic give 1/0", () => {
  assert.equal(O.lt.evalF!(1, 2, 0), 1);
  assert.equal(O.ge.evalF!(1, 2, 0), 0);
  assert.equal(O.eq.evalF!(NaN, NaN, 0), 0);
  assert.equal(O.ne.evalF!(NaN, NaN, 0), 1);
  assert.equal(O.and.evalI!(1, 0, 0), 0);
  assert.equal(O.or.evalI!(1, 0, 0), 1);
  assert.equal(O.not.evalI!(0, 0, 0), 1);
});

Deno.test("unary edge cases: sign(0)=0, relu(-0)=0, relu keeps NaN", () => {
  assert.ok(Object.is(O.sign.evalF!(-0, 0, 0), 0));
  assert.equal(O.sign.evalF!(-2.5, 0, 0), -1);
  assert.ok(Number.isNaN(O.sign.evalF!(NaN, 0, 0)));
  assert.ok(Object.is(O.relu.evalF!(-0, 0, 0), 0));
  assert.ok(Number.isNaN(O.relu.evalF!(NaN, 0, 0)));
  assert.equal(O.relu.evalI!(-3, 0, 0), 0);
  assert.equal(O.floor.evalF!(-1.5, 0, 0), -2);
  assert.equal(O.ceil.evalF!(-1.5, 0, 0), -1);
  assert.equal(O.clip.evalF!(5, 0, 3), 3);
  assert.equal(O.clip.evalI!(-5, 0, 3), 0);
  assert.equal(O.clip.evalI!(2, 0, 3), 2);
  assert.equal(O.maximum.evalF!(NaN, 1, 0), NaN);
  assert.equal(O.where.evalF!(0, 1, 2), 2);
});

Deno.test("operator tokens map to ops", () => {
  assert.equal(binaryOpFor("+"), "add");
  assert.equal(binaryOpFor("-"), "sub");
  assert.equal(binaryOpFor("%"), "mod");
  assert.equal(binaryOpFor("**"), "pow");
  assert.equal(binaryOpFor("@"), "matmul");
  assert.equal(binaryOpFor("<="), "le");
  assert.equal(binaryOpFor("&&"), "and");
  assert.equal(binaryOpFor("??"), undefined);
  assert.equal(unaryOpFor("-"), "neg");
  assert.equal(unaryOpFor("!"), "not");
});

Deno.test("dtype rules", () => {
  assert.deepEqual(opDTypes("add", ["i32", "f32"]), {
    compute: "f32",
    result: "f32",
  });
  assert.deepEqual(opDTypes("add", ["bool", "bool"]), {
    compute: "i32",
    result: "i32",
  });
  assert.deepEqual(opDTypes("exp", ["i32"]), { compute: "f32", result: "f32" });
  assert.deepEqual(opDTypes("exp", ["f64"]), { compute: "f64", result: "f64" });
  assert.deepEqual(opDTypes("div", ["i32", "i32"]).result, "f32");
  assert.deepEqual(opDTypes("lt", ["i32", "f64"]), {
    compute: "f64",
    result: "bool",
  });
  assert.deepEqual(opDTypes("and", ["f32", "bool"]).result, "bool");
  assert.deepEqual(opDTypes("sum", ["bool"]).result, "i32");
  assert.deepEqual(opDTypes("max", ["bool"]).result, "bool");
  assert.deepEqual(opDTypes("mean", ["i32"]).result, "f32");
  assert.deepEqual(opDTypes("argmax", ["f32"]).result, "i32");
  assert.deepEqual(opDTypes("matmul", ["f32", "f64"]).result, "f64");
});
