// Models: constructor parameters, fields in order, methods that see and
// assign fields, instance calls through forward, field reads and writes,
// sub-models.

import { strictEqual } from "node:assert";
import { errorOf, outputOf, uncheckedErrorOf } from "./test_support.ts";

Deno.test("fields are evaluated in order and methods see them by name", () => {
  const src = `
model Acc(start: int, step: int) {
  var total = start
  let twice = step * 2
  fn add(n) { total = total + n * twice; total }
  fn forward(x) { add(x) }
}
let a = Acc(1, 5)
print(a(2), a.add(1), a.total, a.twice, a)
a.total = 0
print(a(1))
`;
  strictEqual(outputOf(src), "21 31 31 10 <model Acc>\n10\n");
});

Deno.test("sub-models and nested field access", () => {
  const src = `
model Scale(k) { var k2 = k; fn forward(x) { x * k2 } }
model Pair(a, b) {
  let first = Scale(a)
  let second = Scale(b)
  fn forward(x) { second(first(x)) }
}
let p = Pair(2, 3)
print(p(1), p.first.k2, p.second(10))
p.first.k2 = 5
print(p(1))
`;
  strictEqual(outputOf(src), "6 2 30\n15\n");
});

Deno.test("models with tensor fields and constructor named arguments", () => {
  const src = `
model Affine(n: int, bias: float = 0.5) {
  let w = ones([n])
  var b = bias
  fn forward(x) { sum(x * w) + b }
}
let m = Affine(3, bias: 1.0)
print(m([1.0, 2.0, 3.0]), m.w.shape)
`;
  strictEqual(outputOf(src), "7.0 [3]\n");
});

Deno.test("an instance without forward cannot be called", () => {
  const e = uncheckedErrorOf(
    "model E() { let x = 1 }\nlet e = E()\nprint(e(1))",
  );
  strictEqual(e.message, "model `E` has no `forward` method");
});

Deno.test("method calls appear in the stack trace", () => {
  const e = errorOf(
    "model D() { fn forward(x) { 1 % x } }\nlet d = D()\nprint(d(0))",
  );
  strictEqual(e.code, "R0002");
  strictEqual(e.text.includes("at D.forward (test.dl:1:29)"), true);
  strictEqual(e.text.includes("at <main> (test.dl:3:7)"), true);
});
