// Tests lowering: the printed IR of small programs, and the verifier over
// every conformance program, before and after each pass.

import { strictEqual } from "node:assert";
import { deepStrictEqual } from "node:assert";
import { compileFile } from "../mod.ts";
import { PASSES } from "../passes/pipeline.ts";
import type { IrFn } from "./ir.ts";
import { lowerProgram } from "./lower.ts";
import { printIr } from "./printer.ts";
import { lowerText } from "./test_support.ts";
import { verifyIr } from "./verify.ts";

Deno.test("lower: a function, a loop and a call", () => {
  const p = lowerText(
    "fn sq(x: int) -> int { x * x }\nvar s = 0\n" +
      "for i in 0..3 { s += sq(i) }\nprint(s)\n",
  );
  strictEqual(
    printIr(p.modules[0].body),
    `fn <main> (module, params 0, regs 7)
    0  CLOSURE   r0 k0(<fn sq>)
    1  LOADK     r1 k1(0)
    2  LOADK     r2 k1(0)
    3  LOADK     r3 k2(3)
    4  FORPREP   r2 @11 0
    5  MOVE      r4 r2
    6  MOVE      r5 r0
    7  MOVE      r6 r4
    8  CALL      r5 1 -
    9  ADD       r1 r1 r5
   10  FORLOOP   r2 @5
   11  GETGLOBAL r2 k3("print")
   12  MOVE      r3 r1
   13  CALL      r2 1 -
   14  LOADUNIT  r2
   15  RET       r2
fn sq (fn, params 1, regs 2)
    0  MUL       r1 r0 r0
    1  RET       r1
`,
  );
});

Deno.test("lower: closures capture cells through upvalues", () => {
  const p = lowerText(
    "fn counter() -> fn() -> int {\n  var n = 0\n  fn() -> int { n += 1\n n }\n}\n" +
      "let c = counter()\nprint(c(), c())\n",
  );
  const text = printIr(p.modules[0].body);
  strictEqual(
    text.includes("fn <lambda> (fn, params 0, regs 2, upvals r1)"),
    true,
  );
  strictEqual(text.includes("NEWCELL   r1 -"), true);
  deepStrictEqual(verifyIr(p.modules[0].body), []);
});

Deno.test("verify: reports a jump out of range and a register out of range", () => {
  const fn: IrFn = {
    name: "bad",
    kind: "fn",
    params: [],
    nregs: 1,
    code: [
      { op: 5, a: 9, b: 0, c: 0, span: undefined },
      { op: 0, a: 3, b: 0, c: 0, span: undefined },
    ],
    consts: [],
    upvals: [],
  };
  const problems = verifyIr(fn);
  strictEqual(problems.length, 3);
  strictEqual(problems[0], "bad@0: JMP a: jump to 9 outside 0..2");
});

async function conformanceFiles(): Promise<string[]> {
  const out: string[] = [];
  for await (const d of Deno.readDir("tests/conformance")) {
    if (!d.isDirectory) continue;
    for await (const f of Deno.readDir(`tests/conformance/${d.name}`)) {
      if (f.name.endsWith(".dl")) {
        out.push(`tests/conformance/${d.name}/${f.name}`);
      }
    }
  }
  return out.sort();
}

function allFns(fn: IrFn, out: IrFn[] = []): IrFn[] {
  out.push(fn);
  for (const k of fn.consts) if (k.kind === "fn") allFns(k.fn, out);
  return out;
}

Deno.test("verify: every conformance program, after lowering and after each pass", async () => {
  let checked = 0;
  for (const path of await conformanceFiles()) {
    const c = compileFile(path);
    if (c.checked === undefined) continue;
    const ir = lowerProgram(c.checked);
    for (const m of ir.modules) {
      deepStrictEqual(verifyIr(m.body), [], `${path} (lowered)`);
      for (const pass of PASSES) {
        for (const fn of allFns(m.body)) pass.run(fn);
        deepStrictEqual(verifyIr(m.body), [], `${path} (after ${pass.name})`);
      }
    }
    checked++;
  }
  strictEqual(checked > 100, true);
});
