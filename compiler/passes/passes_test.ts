// Golden tests of each pass: the IR of a small program before and after the
// pass (compiler/passes/golden/NAME.before.txt / NAME.after.txt; regenerate
// with DL_UPDATE_GOLDEN=1), plus behaviour checks of each pass.

import { strictEqual } from "node:assert";
import { deepStrictEqual } from "node:assert";
import { OP, opcodeName } from "../bytecode/opcodes.ts";
import type { IrFn } from "../ir/ir.ts";
import { printIr } from "../ir/printer.ts";
import { lowerText } from "../ir/test_support.ts";
import { verifyIr } from "../ir/verify.ts";
import { propagateCopies } from "./copy_prop.ts";
import { eliminateDeadCode } from "./dce.ts";
import { coalesceMoves } from "./coalesce.ts";
import { eliminateCommonSubexpressions } from "./cse.ts";
import { foldConstants } from "./fold.ts";
import { hoistInvariants } from "./licm.ts";
import { reduceStrength } from "./strength.ts";
import { optimizeJumps } from "./jumps.ts";
import { sinkCallees } from "./sink.ts";
import { releaseDeadRegisters } from "./release.ts";
import { optimizeFn } from "./pipeline.ts";

/** Runs `pass` on `fn` and every function nested in it. */
function eachFn(fn: IrFn, pass: (f: IrFn) => void): void {
  pass(fn);
  for (const k of fn.consts) if (k.kind === "fn") eachFn(k.fn, pass);
}

const CASES: {
  name: string;
  pass: (fn: IrFn) => void;
  src: string;
}[] = [
  {
    name: "fold",
    pass: foldConstants,
    src: "let a = 2 * 3 + 1\nlet b = 1.5 * 2.0\nlet c = 1 / 0\n" +
      "let d = 2147483647 + 1\nlet e = 3 < 4\nprint(a, b, c, d, e)\n",
  },
  {
    name: "copy_prop",
    pass: propagateCopies,
    src: "var x = 1\nlet y = x\nlet z = y + y\nx = 5\nprint(z + y)\n",
  },
  {
    name: "dce",
    pass: eliminateDeadCode,
    src: "var t = 0\nfor i in 0..3 { let unused = i\n t += 1 }\nprint(t)\n",
  },
  {
    name: "jumps",
    pass: optimizeJumps,
    src: "fn f(n: int) -> int {\n  if n < 2 { n } else { n - 1 }\n}\n" +
      "var k = 0\nvar z = 0.0\nwhile k < 9 && z * z <= 4.0 { k += 1\n z += 0.5 }\n" +
      "print(f(k))\n",
  },
  {
    name: "strength",
    pass: reduceStrength,
    src: "let x = 3\nlet y = 1.5\nprint(x ** 2, y ** 2, x ** 2.0, y ** 3)\n",
  },
  {
    name: "licm",
    pass: hoistInvariants,
    src:
      "let n = 4\nvar s = 0.0\nfor i in 0..n {\n  let c = 2.5\n  let m = n\n" +
      "  s += c * float(m)\n}\nvar k = 0\nwhile k < n {\n  let one = 1\n  k += one\n}\n" +
      "print(s, k)\n",
  },
  {
    name: "coalesce",
    pass: coalesceMoves,
    src:
      "var a = 1\nvar b = 2\nfor i in 0..3 {\n  let t = a * b + 1\n  b = t\n" +
      "  a += 1\n}\nprint(a, b)\n",
  },
  {
    name: "cse",
    pass: eliminateCommonSubexpressions,
    src: "let a = 3\nlet b = 4\nlet x = a * b + a * b\nlet y = a * b\n" +
      "print(x)\nlet z = a * b\nvar c = 1\nlet p = c + a\nc = 2\nlet q = c + a\n" +
      "var g = 1.5\nlet h = fn() { g }\nlet u = g * 2.0\nlet v = g * 2.0\n" +
      "let t = [1.0, 2.0]\nlet t1 = t * 2.0\nlet t2 = t * 2.0\n" +
      "print(y, z, p, q, u, v, h(), t1, t2)\n",
  },
  {
    name: "sink",
    pass: (fn) => eachFn(fn, sinkCallees),
    src: "fn go() -> int {\n  fn f(n: int) -> int {\n" +
      "    if n < 1 { 0 } else { f(n - 1) + f(n * 2 - 3) }\n  }\n  f(3)\n}\n" +
      "print(go())\n",
  },
  {
    name: "release",
    pass: releaseDeadRegisters,
    src: "let a = [1.0, 2.0]\nlet b = a * 2.0\nvar s = 0.0\n" +
      "for i in 0..3 {\n  s += float(i)\n}\nprint(b, s)\n",
  },
];

const DIR = new URL("./golden/", import.meta.url);

function golden(file: string, actual: string): void {
  const url = new URL(file, DIR);
  if (Deno.env.get("DL_UPDATE_GOLDEN") === "1") {
    Deno.writeTextFileSync(url, actual);
    return;
  }
  strictEqual(actual, Deno.readTextFileSync(url), file);
}

for (const c of CASES) {
  Deno.test(`pass ${c.name}: golden before/after`, () => {
    const fn = lowerText(c.src).modules[0].body;
    golden(`${c.name}.before.txt`, printIr(fn));
    c.pass(fn);
    deepStrictEqual(verifyIr(fn), []);
    golden(`${c.name}.after.txt`, printIr(fn));
  });
}

Deno.test("fold: keeps ops that fail at run time, folds the rest", () => {
  const fn = lowerText("let c = 1 / 0\nlet d = 2 + 3\nprint(c, d)\n")
    .modules[0].body;
  foldConstants(fn);
  const text = printIr(fn);
  strictEqual(/LOADK +r\d+ k\d+\(5\)/.test(text), true, text);
  strictEqual(/DIV/.test(text), true, "1 / 0 must still fail at run time");
});

Deno.test("dce: removes an unused move but keeps calls", () => {
  const fn = lowerText("let a = 1\nlet b = a\nprint(a)\n").modules[0].body;
  const before = fn.code.length;
  optimizeFn(fn);
  strictEqual(fn.code.length < before, true);
  strictEqual(fn.code.some((i) => i.op === OP.CALL), true);
});

Deno.test("cse: never merges tensor results (they are mutable references)", () => {
  const fn = lowerText(
    "let t = [1.0, 2.0]\nlet a = t * 2.0\nlet b = t * 2.0\n" +
      "a[0] = 9.0\nprint(b)\n",
  ).modules[0].body;
  optimizeFn(fn);
  const muls = fn.code.filter((i) => opcodeName(i.op).startsWith("MUL"));
  strictEqual(muls.length, 2, printIr(fn));
});

Deno.test("cse: merges repeated scalar products in a loop condition and body", () => {
  const src = "var zr = 0.5\nvar k = 0\nwhile k < 9 && zr * zr <= 4.0 {\n" +
    "  let t = zr * zr - 1.0\n  zr = t\n  k += 1\n}\nprint(zr, k)\n";
  const plain = lowerText(src).modules[0].body;
  const fn = lowerText(src).modules[0].body;
  optimizeFn(fn);
  const count = (f: IrFn) =>
    f.code.filter((i) => opcodeName(i.op).startsWith("MUL")).length;
  strictEqual(count(plain), 2);
  strictEqual(count(fn), 1, printIr(fn));
  deepStrictEqual(verifyIr(fn), []);
});

Deno.test("sink: a callee's GETUPVAL moves to its CALL, not past a jump target or a write", () => {
  const src = "fn go() -> int {\n  fn f(n: int) -> int {\n" +
    "    if n < 1 { 0 } else { f(n - 1) + f(if n > 5 { 1 } else { 2 }) }\n" +
    "  }\n  f(3)\n}\nprint(go())\n";
  const fn = lowerText(src).modules[0].body;
  optimizeFn(fn);
  const go = fn.consts.find((k) => k.kind === "fn")!;
  const f = (go.kind === "fn" ? go.fn.consts : []).find((k) => k.kind === "fn");
  const code = f?.kind === "fn" ? f.fn.code : [];
  const calls = code.flatMap((ins, i) => ins.op === OP.CALL ? [i] : []);
  strictEqual(calls.length, 2);
  // The first call's argument is straight-line arithmetic: the load is adjacent.
  strictEqual(
    code[calls[0] - 1].op,
    OP.GETUPVAL,
    printIr(f!.kind === "fn" ? f!.fn : fn),
  );
  // The second call's argument has its own branches: the load stays before them.
  strictEqual(code[calls[1] - 1].op === OP.GETUPVAL, false);
  deepStrictEqual(verifyIr(fn), []);
});

Deno.test("release: a module register is released after its last use, outside loops only", () => {
  const fn = lowerText(
    "let a = [1.0, 2.0]\nlet b = a * 2.0\nvar s = 0.0\n" +
      "for i in 0..3 {\n  let t = b * float(i)\n  s += t[0]\n}\nprint(s)\n",
  ).modules[0].body;
  optimizeFn(fn);
  const before = fn.code.map((i) => i.op);
  releaseDeadRegisters(fn);
  deepStrictEqual(verifyIr(fn), []);
  const released = fn.code.filter((i) => i.op === OP.LOADUNIT);
  strictEqual(released.length > 0, true, "some value is released");
  // No LOADUNIT inside the loop (between the loop's start and its back jump).
  const loopEnd = fn.code.findIndex((i) => i.op === OP.FORLOOP);
  const loopStart = fn.code[loopEnd].b;
  for (let k = loopStart; k <= loopEnd; k++) {
    strictEqual(fn.code[k].op === OP.LOADUNIT, false, `LOADUNIT at ${k}`);
  }
  // The other instructions are kept, in order.
  deepStrictEqual(
    fn.code.filter((i) => i.op !== OP.LOADUNIT).map((i) => i.op),
    before.filter((op) => op !== OP.LOADUNIT),
  );
  // Functions are left alone.
  const f = lowerText(
    "fn f(x: int) -> int {\n  let y = x + 1\n  y * 2\n}\nprint(f(1))\n",
  )
    .modules[0].body;
  const inner = f.consts.find((k) => k.kind === "fn");
  if (inner?.kind !== "fn") throw new Error("no nested function");
  const n = inner.fn.code.length;
  releaseDeadRegisters(inner.fn);
  strictEqual(inner.fn.code.length, n);
});
