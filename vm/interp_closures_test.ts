// Functions and closures: recursion, capture by reference, per-iteration
// loop variables, shadowing, named arguments and defaults.

import { strictEqual } from "node:assert";
import { outputOf, uncheckedErrorOf } from "./test_support.ts";

Deno.test("closures capture variables by reference", () => {
  const src = `
var count = 0
let bump = fn() { count += 1; count }
bump()
bump()
count = count + 10
print(bump(), count)
`;
  strictEqual(outputOf(src), "13 13\n");
});

Deno.test("counters made by a factory keep their own state", () => {
  const src = `
fn counter() { var n = 0; fn() { n += 1; n } }
let a = counter()
let b = counter()
a(); a()
print(a(), b())
`;
  strictEqual(outputOf(src), "3 1\n");
});

Deno.test("each loop iteration binds a fresh variable", () => {
  const src = `
var fs = []
for i in 0..3 { push(fs, fn() { i * 10 }) }
print(fs[0](), fs[1](), fs[2]())
`;
  strictEqual(outputOf(src), "0 10 20\n");
});

Deno.test("a later let shadows without changing earlier closures", () => {
  const src = `
let x = 1
let f = fn() { x }
let x = "two"
fn g() { x }
print(f(), g(), x)
`;
  strictEqual(outputOf(src), "1 two two\n");
});

Deno.test("recursion and mutual recursion between named functions", () => {
  const src = `
fn even(n) { if n == 0 { true } else { odd(n - 1) } }
fn odd(n) { if n == 0 { false } else { even(n - 1) } }
fn fact(n) { if n <= 1 { 1 } else { n * fact(n - 1) } }
print(even(10), odd(7), fact(10))
`;
  strictEqual(outputOf(src), "true true 3628800\n");
});

Deno.test("functions are values; lambdas print as <fn>", () => {
  const src = `
fn twice(f, x) { f(f(x)) }
let inc = fn(x) { x + 1 }
print(twice(inc, 5), twice(fn(s) { s + "!" }, "hi"), inc, twice, fn(y) { y })
`;
  strictEqual(outputOf(src), "7 hi!! <fn inc> <fn twice> <fn>\n");
});

Deno.test("named arguments bind by parameter name for user functions and builtins", () => {
  const src = `
fn sub(a, b) { a - b }
print(sub(b: 1, a: 10), sub(5, b: 2), round(3.14159, digits: 3))
`;
  strictEqual(outputOf(src), "9 3 3.142\n");
});

Deno.test("a.f(b) calls f(a, b) when a has no member f", () => {
  const src = `
fn add(a, b) { a + b }
let xs = ["a"]
xs.push("b")
print(5.add(2), xs.len(), xs, [1, 2].len())
`;
  strictEqual(outputOf(src), '7 2 ["a", "b"] 2\n');
});

Deno.test("calling a non-function is a runtime error", () => {
  strictEqual(
    uncheckedErrorOf("let x = 3\nprint(x(1))").message,
    "int is not callable",
  );
});
