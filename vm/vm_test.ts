// The VM against the interpreter on programs that exercise each part of the
// language: identical stdout and identical error reports (code, message,
// span and dl stack); plus the VM's own limits (depth, steps).

import { deepStrictEqual, strictEqual } from "node:assert";
import { runOn } from "./vm_test_support.ts";

const run = runOn;

const PROGRAMS: Record<string, string> = {
  arithmetic: `print(1 + 2 * 3, 7 / 2, 7 % 3, -7 % 3, 2 ** 10, 2 ** -1, 1.5 * 2)
print(1 == 1.0, 2 < 3, "a" + "b", "a" < "b", !true, -(3), 10 - 2.5)
let x = 7
print(x / 0.0, x % 2 == 1 && x > 3 || false)`,
  closures: `fn counter() -> fn() -> int {
  var n = 0
  fn() -> int { n += 1
 n }
}
let c = counter()
let d = counter()
print(c(), c(), d(), c())
var fs = []
for i in 0..3 { push(fs, fn() { i * 10 }) }
print(fs[0](), fs[2]())
fn even(n: int) -> bool { if n == 0 { true } else { odd(n - 1) } }
fn odd(n: int) -> bool { if n == 0 { false } else { even(n - 1) } }
print(even(10), odd(7))`,
  control: `var s = 0
var i = 0
while true {
  i += 1
  if i > 10 { break }
  if i % 2 == 0 { continue }
  s += i
}
print(s, i)
for j in 0..5 { if j == 3 { break }
 print(j) }
fn first_neg(xs) { for x in xs { if x < 0 { return x } }
 0 }
print(first_neg([3, -2, -5]), first_neg([1]))`,
  match_tuples: `fn classify(n: int) -> str {
  match n { 0 => "zero", 1 | 2 => "small", k if k < 0 => "negative", _ => "big" }
}
print(classify(0), classify(2), classify(-4), classify(99))
let (a, b) = (1, (2, 3))
print(a, b.1, (b).0)
for (k, v) in [(1, "x"), (2, "y")] { print(k, v) }
print(match (1, "a") { (1, s) => s, _ => "none" })`,
  lists_strings: `var xs = ["a", "b", "c"]
xs[0] = "z"
push(xs, "d")
print(xs, len(xs), xs[-1], xs[1:3])
let s = "hello"
print(s[1], s[1:4], len(s), str(3) + "!")
let t = [[1, 2], [3, 4]]
print(t, t.shape, t[1, 0], t.T)`,
  models: `model Acc(start: int) {
  var total = start
  let scale = 2
  fn add(x: int) -> int { total += x * scale
 total }
  fn forward(x: int) -> int { add(x) }
}
let m = Acc(5)
print(m.add(1), m(2), m.total)
m.total = 0
print(m.add(3))
let net = Linear(2, 3)
print(net.weight.shape)`,
  named_defaults: `fn f(a: int, b: int = 10, c: int = 100) -> int { a + b + c }
print(f(1), f(1, 2), f(1, c: 3), f(a: 5, b: 5))
print(sum([1.0, 2.0, 3.0]), [1, 2, 3].sum(), zeros([2]).shape)`,
  tensors: `let a = [1.0, 2.0, 3.0]
var acc = 0.0
for i in 0..3 { acc += a[i] * 2.0 }
print(acc, a * 2, a @ a, sum(a))
let g = grad(fn(x) { x * x * 3.0 })
print(g(2.0))`,
  assign_reads_itself: `var v = true
var n = 3
for i in 2..4 {
  v = (!v) && (!v)
  n = if n > 2 { n - 1 } else { n + 10 }
  print(v, n)
}`,
  overflow: `fn f(x: int) -> int { x * 65536 }
print(f(10))
print(f(65536))`,
  div_zero_stack: `fn inner(a: int, b: int) -> int { a % b }
fn outer(n: int) -> int { inner(n * 2, n - 3) }
print(outer(5))
print(outer(3))`,
  index_error: `let xs = ["a", "b"]
fn at(i: int) -> str { xs[i] }
print(at(1))
print(at(5))`,
  match_fail:
    `fn f(x: int) -> str { match x { 1 => "one", n if n > 5 => "big" } }
print(f(1))
print(f(3))`,
};

for (const [name, src] of Object.entries(PROGRAMS)) {
  Deno.test(`vm: ${name} matches the interpreter`, () => {
    const want = run("interp", src);
    strictEqual(run("vm", src), want);
    strictEqual(run("vm-noopt", src), want);
  });
}

Deno.test("vm: deep recursion is R0004 at the depth limit, not a host crash", () => {
  const src = "fn f(n: int) -> int { f(n + 1) + 1 }\nprint(f(0))\n";
  const out = run("vm", src, { maxDepth: 200_000 });
  strictEqual(out.includes("error: stack overflow"), true, out);
  strictEqual(out.includes("more frames"), true);
  const small = run("vm", src, { maxDepth: 50 });
  strictEqual(small.includes("... 31 more frames"), true, small);
});

Deno.test("vm: maxSteps stops a loop with R0013", () => {
  const out = run("vm", "var i = 0\nwhile true { i += 1 }\n", {
    maxSteps: 1000,
  });
  strictEqual(out.includes("step limit exceeded"), true, out);
});

Deno.test("vm: recursion runs 100,000 calls deep without host recursion", () => {
  const src =
    "fn f(n: int) -> int { if n == 0 { 0 } else { f(n - 1) + 1 } }\n" +
    "print(f(100000))\n";
  deepStrictEqual(run("vm", src, { maxDepth: 200_000 }), "100000\n");
});
