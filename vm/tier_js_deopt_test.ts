// Tests of the JavaScript tier's deoptimisation: programs whose values change
// kind under compiled code give the VM's and the interpreter's exact output
// and errors, and the guards really fail (JS_TIER.deopts counts them).

import { strictEqual } from "node:assert";
import { renderDiagnostic } from "../compiler/core/diagnostics.ts";
import { makeSourceFile } from "../compiler/core/span.ts";
import { compileSource } from "../compiler/mod.ts";
import { runProgram } from "./interp.ts";
import { TierRuntime } from "./tiers.ts";
import { JsTier } from "./tier_js.ts";
import { JS_TIER } from "./tier_js_deopt.ts";
import { runVm } from "./vm.ts";

function run(
  src: string,
  engine: "interp" | "vm" | "jit",
  threshold = 0,
): string {
  const checked = compileSource(makeSourceFile("t.dl", src)).checked!;
  let out = "";
  const opts = { stdout: (s: string) => out += s, maxDepth: 200 };
  const r = engine === "interp" ? runProgram(checked, opts) : runVm(checked, {
    ...opts,
    tier: engine === "jit"
      ? (vm) => new TierRuntime(new JsTier(vm), threshold, threshold)
      : undefined,
  });
  return out + (r.ok ? "" : renderDiagnostic(r.error, { color: false }));
}

/** Same text on all engines; returns it and the jit's deopt count. */
function same(src: string, threshold = 0): { text: string; deopts: number } {
  const want = run(src, "vm");
  strictEqual(run(src, "interp"), want, "interp vs vm");
  const before = JS_TIER.deopts;
  const got = run(src, "jit", threshold);
  strictEqual(got, want);
  return { text: got, deopts: JS_TIER.deopts - before };
}

Deno.test("deopt: a captured var turning from float to int under a compiled loop", () => {
  const r = same(`var s: float = 0.0
fn bump() { s = 1 }
fn f(n: int) -> float {
    var acc = 0.0
    for i in 0..n { acc = acc + s; if i == 2 { bump() } }
    acc
}
print(f(5))
print(f(5))
`);
  strictEqual(r.text, "2.0\n5.0\n");
  strictEqual(r.deopts >= 1, true, `deopts ${r.deopts}`);
});

Deno.test("deopt: a VM call returning another kind than the compiled callee did", () => {
  const r = same(`var h = fn(n: int) { n }
fn call(n: int) { h(n) }
fn f(n: int) -> float {
    var acc = 0.0
    for i in 0..n { acc = acc + float(call(i)); if i == 2 { h = fn(n: int) { 0.5 } } }
    acc
}
print(f(5))
`);
  strictEqual(r.text, "4.0\n");
  strictEqual(r.deopts >= 1, true, `deopts ${r.deopts}`);
});

Deno.test("deopt: callers of a deoptimised function resume in the VM (deep recursion)", () => {
  // `g` changes kind in the middle of a recursion: the innermost compiled
  // frame deopts, returns a float where its compiled callers expected an
  // int, so each caller resumes in the VM with that value.
  const r = same(`var g = fn(n: int) { n }
var total = 0
fn down(n: int) {
    if n == 0 { g(7) } else {
        let y = down(n - 1)
        total = total * 10 + n
        y
    }
}
print(down(4), total)
g = fn(n: int) { 1.5 }
print(down(3), total)
print(down(2), total)
`);
  strictEqual(r.text, "7 1234\n1.5 1234123\n1.5 123412312\n");
  strictEqual(r.deopts >= 1, true, `deopts ${r.deopts}`);
});

Deno.test("deopt: errors after a deopt carry the VM's exact stack", () => {
  const first = same(`var s: float = 0.0
fn bump() { s = 1 }
fn inner(k: int) -> int { 10 % (k - 3) }
fn f(n: int) -> float {
    var acc = 0.0
    for i in 0..n { acc = acc + s; if i == 2 { bump() }; acc = acc + float(inner(i)) }
    acc
}
fn outer(n: int) -> float { f(n) }
print(outer(6))
`);
  strictEqual(first.deopts >= 1, true, `deopts ${first.deopts}`);
  strictEqual(first.text.includes("at f"), true, first.text);
  const r = same(`var g = fn(n: int) { n }
fn boom(x: float) -> float { x + float(1 / 0) }
fn down(n: int) {
    if n == 0 { g(7) } else {
        let y = down(n - 1)
        let z = boom(y)
        y
    }
}
print(down(0))
g = fn(n: int) { 1.5 }
print(down(3))
`);
  strictEqual(r.deopts >= 1, true, `deopts ${r.deopts}`);
  strictEqual(r.text.includes("at down"), true, r.text);
});

Deno.test("deopt: tensor reads of another dtype than compiled for", () => {
  const r = same(`fn go(t, n: int) {
    var s = 0.0
    var i = 0
    while i < n { s = s + float(t[i % 2]); i += 1 }
    s
}
let a: Tensor<i32, [2]> = [1, 2]
let b: Tensor<f32, [2]> = [1.5, 2.0]
print(go(a, 60))
print(go(b, 60))
print(go([3, 4], 60))
print(go(a, 60))
`);
  strictEqual(r.text, "90.0\n105.0\n210.0\n90.0\n");
});

Deno.test("deopt: repeated deopts settle on the VM with the same output", () => {
  const r = same(`var s: float = 0.0
fn f(n: int) -> float {
    var acc = 0.0
    for i in 0..n {
        acc = acc + s
        if i % 2 == 0 { s = 1 } else { s = 0.5 }
    }
    acc
}
for k in 0..8 { print(f(6)) }
`);
  strictEqual(r.deopts >= 2, true, `deopts ${r.deopts}`);
});

Deno.test("deopt: default thresholds (functions and loops tier up later)", () => {
  const src = `var s: float = 0.0
fn add(x: float) -> float { x + s }
fn f(n: int) -> float {
    var acc = 0.0
    for i in 0..n { acc = add(acc); if i == 70 { s = 2 } }
    acc
}
print(f(100))
print(f(100))
`;
  strictEqual(run(src, "jit", 2), run(src, "vm"));
});
