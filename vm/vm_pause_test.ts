// Pausable runs (vm/vm_pause.ts): pausing at back edges changes neither the
// output nor the errors of a program, on every VM-based engine, and the
// hooks really are consulted and awaited.

import assert from "node:assert/strict";
import { compileSource } from "../compiler/mod.ts";
import { makeSourceFile } from "../compiler/core/span.ts";
import { renderDiagnostic } from "../compiler/core/diagnostics.ts";
import { ENGINES, PAUSABLE_ENGINES, type RunResult } from "./engines.ts";
import type { PauseHooks } from "./vm_pause.ts";

function checkedOf(src: string) {
  const c = compileSource(makeSourceFile("t.dl", src));
  if (c.checked === undefined) {
    throw new Error(c.diagnostics.map((d) => d.message).join("\n"));
  }
  return c.checked;
}

function text(out: string, r: RunResult): string {
  return r.ok ? out : `${out}\n${renderDiagnostic(r.error, { color: false })}`;
}

/** Hooks that pause at every `every`-th back edge and count the pauses. */
function everyNth(every: number): PauseHooks & { pauses: number } {
  let n = 0;
  const h = {
    pauses: 0,
    wanted: () => ++n % every === 0,
    pause: async () => {
      h.pauses++;
      await new Promise((r) => setTimeout(r, 0));
    },
  };
  return h;
}

const PROGRAMS: Record<string, string> = {
  loops: `
fn tri(n: int) -> int {
    var s = 0
    var i = 0
    while i < n { s += i; i += 1 }
    s
}
var total = 0
for i in 0..40 { total += tri(i) }
var xs = [1, 2, 3]
for x in xs { total += x }
print(total)
`,
  closures: `
fn counter() -> fn() -> int {
    var c = 0
    fn() -> int { c += 1; c }
}
let next = counter()
var last = 0
for i in 0..25 { last = next() }
print(last)
let t = zeros([4])
for i in 0..4 { t[i] = float(i) * 2.0 }
print(t)
`,
  for_in: `
var total = 0
let xs = [1, 2, 3, 4, 5, 6, 7]
for x in xs {
    for y in [x, x * 10] { total += y }
}
for (a, b) in [(1, 2), (3, 4)] { total += a * b }
print(total)
`,
  error_after_pauses: `
fn f(k: int) -> int {
    var i = 0
    while i < 10 { i += 1 }
    10 % k
}
for k in 0..30 { print(f(3 - k)) }
`,
};

for (const engine of ["vm", "jit"] as const) {
  for (const [name, src] of Object.entries(PROGRAMS)) {
    Deno.test(`pause: ${name} on ${engine} prints what the plain run prints`, async () => {
      const checked = checkedOf(src);
      let plain = "";
      const r0 = ENGINES[engine]!(checked, { stdout: (s) => plain += s });
      let paused = "";
      const hooks = everyNth(3);
      const r1 = await PAUSABLE_ENGINES[engine]!(
        checked,
        { stdout: (s) => paused += s },
        hooks,
      );
      assert.equal(text(paused, r1), text(plain, r0));
      assert.ok(hooks.pauses > 3, `only ${hooks.pauses} pauses`);
    });
  }
}

Deno.test("pause: a run that never wants a pause never awaits", async () => {
  const checked = checkedOf(PROGRAMS.loops);
  let out = "";
  let asked = 0;
  const r = await PAUSABLE_ENGINES.vm!(checked, { stdout: (s) => out += s }, {
    wanted: () => (asked++, false),
    pause: () => Promise.reject(new Error("paused")),
  });
  assert.ok(r.ok);
  assert.equal(out, "9886\n");
  assert.ok(asked > 40);
});

Deno.test("pause: output written before a pause is flushed before it", async () => {
  const checked = checkedOf(`
for i in 0..3 {
    print(i)
    var j = 0
    while j < 2 { j += 1 }
}
`);
  let out = "";
  const seen: string[] = [];
  const r = await PAUSABLE_ENGINES.vm!(checked, { stdout: (s) => out += s }, {
    wanted: () => true,
    pause: () => (seen.push(out), Promise.resolve()),
  });
  assert.ok(r.ok);
  assert.equal(out, "0\n1\n2\n");
  assert.equal(seen[0], "0\n");
});
