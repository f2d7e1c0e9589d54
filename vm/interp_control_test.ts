// Control flow through parse → run: if/match as expressions, loops,
// break/continue/return (also from expression positions), block values.

import { strictEqual } from "node:assert";
import { outputOf, uncheckedErrorOf } from "./test_support.ts";

Deno.test("if is an expression; else-if chains; a block's value is its last expression", () => {
  const src = `
fn sign(n) { if n < 0 { "neg" } else if n == 0 { "zero" } else { "pos" } }
let b = { let a = 2; a * 21 }
print(sign(-5), sign(0), sign(3), b)
`;
  strictEqual(outputOf(src), "neg zero pos 42\n");
});

Deno.test("while, for over ranges (exclusive and inclusive), break and continue", () => {
  const src = `
var i = 0
var s = 0
while i < 10 { i += 1; if i % 2 == 0 { continue }; if i > 7 { break }; s += i }
var t = 0
for k in 1..=4 { t += k }
for k in range(0, 3) { t += 100 }
print(s, t)
`;
  strictEqual(outputOf(src), "16 310\n");
});

Deno.test("return from inside loops and nested blocks", () => {
  const src = `
fn find(xs, v) {
  for (i, x) in xs { if x == v { return i } }
  -1
}
let pairs = [(0, "a"), (1, "b"), (2, "c")]
print(find(pairs, "c"), find(pairs, "z"))
`;
  strictEqual(outputOf(src), "2 -1\n");
});

Deno.test("return and break escaping from expression positions", () => {
  const src = `
fn f(x) { let y = if x > 0 { return "early" } else { x }; "late" }
var n = 0
for i in 0..10 { let z = if i == 3 { break } else { i }; n += z }
print(f(1), f(-1), n)
`;
  strictEqual(outputOf(src), "early late 3\n");
});

Deno.test("match: literals, alternatives, guards, tuples, bindings, wildcard", () => {
  const src = `
fn classify(v) {
  match v {
    0 => "zero",
    1 | 2 => "small",
    n if n < 0 => "negative",
    _ => "big",
  }
}
fn pt(p) { match p { (0, 0) => "origin", (x, 0) => "x" + str(x), (_, y) => "y" + str(y) } }
print(classify(0), classify(2), classify(-4), classify(99), pt((0, 0)), pt((3, 0)), pt((1, 7)))
print(match "hi" { "hi" => 1, _ => 2 }, match -1 { -1 => "m1", _ => "?" }, match 2.5 { 2.5 => true, _ => false })
`;
  strictEqual(
    outputOf(src),
    "zero small negative big origin x3 y7\n1 m1 true\n",
  );
});

Deno.test("a match with no matching arm is R0005 naming the value", () => {
  // All arms guarded: the spec makes this a runtime error.
  const e = uncheckedErrorOf(
    "fn f(v: int) -> int {\n  match v {\n    n if n > 5 => 1,\n    n if n < 0 => 2,\n  }\n}\nprint(f(3))",
  );
  strictEqual(e.code, "R0005");
  strictEqual(e.message, "no arm of this `match` matches 3");
});

Deno.test("statement-position if without else yields unit", () => {
  strictEqual(outputOf("let u = if false { 1 }\nprint(u)"), "()\n");
});
