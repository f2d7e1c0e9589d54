// The checker's time grows linearly with the program: checking four times
// as many lines must not take anywhere near sixteen times as long (no
// quadratic scope lookups or instantiations). Timing bounds are generous
// because the test machine is shared.

import { ok } from "node:assert/strict";
import { makeSourceFile } from "../core/span.ts";
import { loadSource } from "../loader.ts";
import { checkProgram } from "./mod.ts";
import { memoryHost } from "./test_util.ts";

function program(units: number): string {
  const out: string[] = [];
  for (let k = 0; k < units; k++) {
    out.push(`fn f${k}(a, b) {
    let c = a * b + 1.5
    if c > 10.0 { c / 2.0 } else { c * 2.0 }
}
let x${k} = f${k}(${k % 97}, 0.25)
var acc${k} = 0
for i in 0..4 { acc${k} += i * ${k % 13 + 1} }
let s${k} = match acc${k} % 3 { 0 => "zero", 1 | 2 => "some", _ => "other" }
let t${k} = [[1.0, 2.0], [3.0, 4.0]]
let u${k} = t${k} @ t${k}.T + x${k}
let w${k} = sum(u${k}, axis: 1) * 0.5
model M${k}(n: int) {
    let w = zeros([n, 2])
    fn forward(z) { relu(z @ w) }
}
let g${k} = fn(v: float) -> float { v * v - x${k} }
let msg${k} = s${k} + " " + str(g${k}(2.0))
`);
  }
  return out.join("");
}

function checkTime(units: number): number {
  const loaded = loadSource(
    makeSourceFile("gen.dl", program(units)),
    memoryHost(),
  );
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = checkProgram(loaded);
    best = Math.min(best, performance.now() - t0);
    ok(r.diagnostics.length === 0, r.diagnostics[0]?.message);
  }
  return best;
}

Deno.test("checking time grows linearly with program size", () => {
  checkTime(200); // warm up
  const small = checkTime(500);
  const large = checkTime(2000);
  ok(large < small * 10, `500 units: ${small} ms, 2000 units: ${large} ms`);
  // 2000 units are 32,000 lines: well under a second even on a busy machine.
  ok(large < 1000, `${large} ms for 32,000 lines`);
});
