// Code compiled for one closure (vm/tier_js.ts `only`): a final upvalue
// holding a closure is a constant there and calls through it have no guard.
// Other closures of the same prototype, errors through such calls and
// re-bound names must still behave exactly as on the VM.

import { strictEqual } from "node:assert";
import { renderDiagnostic } from "../compiler/core/diagnostics.ts";
import { makeSourceFile } from "../compiler/core/span.ts";
import { compileSource } from "../compiler/mod.ts";
import { lowerProgram } from "../compiler/ir/lower.ts";
import { TierRuntime } from "./tiers.ts";
import { JsTier } from "./tier_js.ts";
import { runVm } from "./vm.ts";

function run(src: string, jit: boolean): string {
  const checked = compileSource(makeSourceFile("t.dl", src)).checked!;
  let out = "";
  const r = runVm(checked, {
    stdout: (s: string) => out += s,
    maxDepth: 300,
    tier: jit ? (vm) => new TierRuntime(new JsTier(vm), 0, 0) : undefined,
  });
  return out + (r.ok ? "" : renderDiagnostic(r.error, { color: false }));
}

function same(src: string): void {
  strictEqual(run(src, true), run(src, false));
}

Deno.test("final upvalues: fn and let bindings are final, var and session ones are not", () => {
  const checked = compileSource(makeSourceFile(
    "t.dl",
    `
fn f(n: int) -> int { n }
let g = fn(n: int) -> int { f(n) }
var h = 1
fn k() -> int { f(1) + g(2) + h }
print(k())
`,
  )).checked!;
  const ir = lowerProgram(checked);
  const consts = ir.modules[0].body.consts;
  const k = consts.find((c) => c.kind === "fn" && c.fn.name === "k");
  if (k?.kind !== "fn") throw new Error("no k");
  const finals = k.fn.upvals.map((u) => u.final === true);
  strictEqual(finals.filter((x) => x).length, 2);
  strictEqual(finals.length, 3);
});

Deno.test("final upvalues: recursion through a top-level fn, and its errors", () => {
  same(`
fn fib(n: int) -> int { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }
print(fib(20))
fn deep(n: int) -> int { if n == 0 { 0 } else { 1 + deep(n - 1) } }
print(deep(100))
print(deep(1000))
`);
  same(`
fn grow(n: int) -> int { if n == 0 { 1 } else { grow(n - 1) * 3 } }
print(grow(10))
print(grow(40))
`);
});

Deno.test("final upvalues: two closures of one prototype keep their own captures", () => {
  same(`
fn make(k: int) -> fn(int) -> int {
    fn g(n: int) -> int { if n == 0 { k } else { g(n - 1) + 1 } }
    g
}
let a = make(100)
let b = make(200)
var s = 0
for i in 0..30 { s += a(i) + b(i) }
print(s)
print(a(3), b(3))
`);
});

Deno.test("final upvalues: a let bound to a lambda, mutual recursion and a var rebound", () => {
  same(`
let sq = fn(x: int) -> int { x * x }
fn is_even(n: int) -> bool { if n == 0 { true } else { is_odd(n - 1) } }
fn is_odd(n: int) -> bool { if n == 0 { false } else { is_even(n - 1) } }
var op = fn(x: int) -> int { x + 1 }
fn use(x: int) -> int { sq(op(x)) }
var t = 0
for i in 0..20 { t += use(i) }
op = fn(x: int) -> int { x - 1 }
for i in 0..20 { t += use(i) }
print(t, is_even(30), is_odd(7))
`);
});
