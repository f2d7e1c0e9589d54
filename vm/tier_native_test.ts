// Tests of the native tier (--engine native): with every function and loop
// compiled at once (threshold 0), programs print what the VM prints and fail
// with the VM's exact errors (overflow, division by zero, step limit, stack
// overflow: code, span and stack), and native code really ran. Skips
// without clang or --allow-ffi.

import { strictEqual } from "node:assert";
import { renderDiagnostic } from "../compiler/core/diagnostics.ts";
import { makeSourceFile } from "../compiler/core/span.ts";
import { compileSource } from "../compiler/mod.ts";
import { resetToolchain } from "../kernels/runtime/native_toolchain.ts";
import { NATIVE_TIER, nativeTierUnavailable } from "./tier_native.ts";
import { runNative } from "./tier_native_engine.ts";
import { runVm } from "./vm.ts";

const skip = nativeTierUnavailable();
if (skip !== null) console.log(`vm/tier_native_test: skipped: ${skip}`);

function run(
  engine: "vm" | "native",
  src: string,
  maxSteps?: number,
): string {
  const file = makeSourceFile("t.dl", src);
  const c = compileSource(file);
  if (c.checked === undefined) throw new Error("did not check");
  let out = "";
  const opts = { stdout: (s: string) => out += s, maxSteps };
  const r = engine === "vm"
    ? runVm(c.checked, opts)
    : runNative(c.checked, { ...opts, threshold: 0 });
  if (r.ok) return out;
  const e = r.error;
  const at = (sp: typeof e.span) => sp && `${sp.start}-${sp.end}`;
  const stack = (e.stack ?? []).map((f) => `${f.name}@${at(f.span)}`);
  return out + `${e.code}: ${e.message} at ${at(e.span)} [${stack}]\n` +
    renderDiagnostic(e, {});
}

/** Runs `src` on both; asserts the same output and that native code ran. */
function same(src: string, maxSteps?: number, compiles = true): string {
  const before = NATIVE_TIER.compiled;
  const vm = run("vm", src, maxSteps);
  const nat = run("native", src, maxSteps);
  strictEqual(nat, vm);
  if (compiles) strictEqual(NATIVE_TIER.compiled > before, true, "no native");
  return nat;
}

const FIB = `fn fib(n: int) -> int {
    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
}
print(fib(20))
`;

Deno.test({
  name: "native tier: recursion, loops, floats and bools match the VM",
  ignore: skip !== null,
  fn() {
    strictEqual(same(FIB), "6765\n");
    same(`var acc = 0
var fm = 0.0
for i in 0..100000 {
    acc = (acc + (i - 50000) % 7 + i % (i - 100001)) % 1_000_003
    fm += (float(i) - 50000.5) % 3.0
}
var x = 0.0
var k = 0
while k < 1000 && x <= 400.0 { x = x + 0.5 * float(k) % 3.0 - 0.25; k += 1 }
var z = 0.0
for i in 0..3 { z = z * -1.0 }
print(acc, x, k, fm, z, 1.0 / z, z == 0.0)
`);
    same(`fn f(a: float, b: float) -> bool { a < b || a != a }
var n = 0
for i in 0..=50 { if f(float(i) / 3.0, 7.0) { n += 1 } }
print(n)
`);
  },
});

Deno.test({
  name: "native tier: integer errors are the VM's, with span and stack",
  ignore: skip !== null,
  fn() {
    const ovf = same(`fn grow(n: int, x: int) -> int {
    if n == 0 { x } else { grow(n - 1, x * 3) }
}
print(grow(5, 1))
print(grow(40, 1))
`);
    strictEqual(ovf.includes("R0001"), true, ovf);
    const div = same(`var s = 0
for i in 0..1000 { s += 100 % (500 - i) }
print(s)
`);
    strictEqual(div.includes("R0002"), true, div);
    const mn = same(`var m = -2147483647
for i in 0..10 { m -= 1 }
print(m)
`);
    strictEqual(mn.includes("R0001"), true, mn);
  },
});

Deno.test({
  name: "native tier: step limit and stack overflow are the VM's",
  ignore: skip !== null,
  fn() {
    const steps = same(
      `var s = 0\nfor i in 0..1000000 { s += 1 }\nprint(s)\n`,
      5000,
    );
    strictEqual(steps.includes("R0013"), true, steps);
    const deep = same(
      `fn down(n: int) -> int { if n == 0 { 0 } else { 1 + down(n - 1) } }
print(down(100))
print(down(100000))
`,
    );
    strictEqual(deep.includes("R0004"), true, deep);
  },
});

Deno.test({
  name: "native tier: without clang, --engine native fails with one line",
  ignore: skip !== null,
  fn() {
    const path = Deno.env.get("PATH") ?? "";
    Deno.env.set("PATH", "/nonexistent");
    resetToolchain();
    try {
      const out = run("native", "print(1)\n");
      strictEqual(out.includes("engine `native` is unavailable"), true, out);
      strictEqual(out.includes("clang"), true, out);
    } finally {
      Deno.env.set("PATH", path);
      resetToolchain();
    }
  },
});

Deno.test({
  name: "native tier: tensor reads in loops and functions equal the VM",
  ignore: skip !== null,
  fn() {
    // f32 / f64 / i32, negative indices, a view with an offset, a pending
    // (lazy) tensor, and tensors passed to a compiled function.
    const before = NATIVE_TIER.tensorEntries;
    const out = same(`let a = linspace(0.0, 1.0, 3000)
let b = linspace(1.0, 0.0, 3000, dtype: f64)
let c = arange(3000)
let d = a[1000:]
let e = a * 2.0 + b
var s = 0.0
var k = 0
for i in 0..3000 {
    s += a[i] * b[i] + a[-1 - i]
    k = (k + c[i] * 3) % 100_003
}
var t = 0.0
for i in 0..2000 { t += d[i] - e[i + 1000] }
fn dot(x, y, n: int) -> float {
    var acc = 0.0
    for j in 0..n { acc += x[j] * y[j] }
    acc
}
print(s, k, t, dot(a, b, 3000), dot(e, b, 100))
`);
    strictEqual(out.split(" ").length, 5, out);
    // The top-level loops (one entry runs both), the call of `dot` with
    // f32 and f64 arguments, and its loop when called with (f64, f64).
    strictEqual(NATIVE_TIER.tensorEntries - before, 3, out);
  },
});

Deno.test({
  name: "native tier: an out-of-range tensor index is the VM's error",
  ignore: skip !== null,
  fn() {
    const loop = same(`let a = linspace(0.0, 1.0, 100)
var s = 0.0
for i in 0..200 { s += a[i] }
print(s)
`);
    strictEqual(loop.includes("out of range"), true, loop);
    strictEqual(loop.includes("R0003"), true, loop);
    const neg = same(`let a = arange(50)
var s = 0
for i in 0..100 { s += a[-1 - i] }
print(s)
`);
    strictEqual(neg.includes("out of range"), true, neg);
    const fn = same(`fn get(x, i: int) -> float { x[i] }
let a = linspace(0.0, 1.0, 10)
print(get(a, 3))
print(get(a, 12))
`);
    strictEqual(fn.includes("out of range"), true, fn);
  },
});

Deno.test({
  name:
    "native tier: deep recursion through unrolled copies gives the exact stack overflow",
  ignore: skip !== null,
  fn() {
    // Two self-calls (unrolled into inlined copies); depths around the
    // limit of 10,000 frames succeed or fail exactly where the VM does.
    const src = `fn t(n: int, d: int) -> int {
    if n == 0 { d } else { t(n - 1, d + 1) + t(0, 1) }
}
print(t(50, 0))
for n in 9996..10001 { print(n, t(n, 0)) }
`;
    const out = same(src);
    strictEqual(out.includes("9999 19998\n"), true, out);
    strictEqual(out.includes("R0004"), true, out);
    strictEqual(out.includes("10000 2"), false, out);
  },
});
