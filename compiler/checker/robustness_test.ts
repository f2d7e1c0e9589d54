// No input makes the checker throw or run away: recursion that grows types,
// self-referential models and functions, deep nesting, and mutated versions
// of the conformance programs.

import { equal, ok } from "node:assert/strict";
import { makeSourceFile } from "../core/span.ts";
import { compileSource } from "../mod.ts";
import { memoryHost } from "./test_util.ts";

function compile(src: string) {
  return compileSource(makeSourceFile("s.dl", src), memoryHost());
}

const PATHOLOGICAL = [
  "fn f(x) { f((x, x)) }\nprint(f(1))",
  "fn f(x) { f((x, x, x)) }\nprint(f(1))",
  "fn f(x) { let y = (x, x)\n f([y, y]) }\nprint(f(1))",
  "fn f(x) { f([x]) }\nprint(f(1))",
  "fn g(n) { let t = (n, n)\n let u = (t, t)\n let v = (u, u)\n g((v, v)) }\ng(1)",
  "model A() { let b = A() }\nlet a = A()\nprint(a.b.b.b)",
  "fn f() { f }\nprint(f()()()())",
  "let g = fn(h) { h(h) }\nprint(g(g))",
  "fn a(x) { b(x, x) }\nfn b(x, y) { a((x, y)) }\na(1)",
];

Deno.test("recursion that grows argument types stays fast", () => {
  for (const src of PATHOLOGICAL) {
    const t0 = performance.now();
    const r = compile(src);
    const ms = performance.now() - t0;
    ok(ms < 1000, `${ms.toFixed(0)} ms for ${JSON.stringify(src)}`);
    equal(r.diagnostics.length, 0, src);
  }
});

Deno.test("deeply nested expressions and blocks give diagnostics, not crashes", () => {
  for (const n of [200, 2000, 20000]) {
    for (
      const [open, close] of [["(", ")"], ["[", "]"], ["{", "}"], ["f(", ")"], [
        "-",
        "",
      ]]
    ) {
      const src = "fn f(x) { x }\nlet v = " + open.repeat(n) + "1" +
        close.repeat(n);
      compile(src);
    }
    compile("let v = 1" + " + 1".repeat(n));
    compile("if true { 1 }" + " else if true { 1 }".repeat(n) + " else { 2 }");
    compile("fn f(x) { x }\nlet v = 1" + ".f()".repeat(n));
  }
});

/** A small deterministic random generator. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function corpus(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(dir)) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory) walk(p);
      else if (p.endsWith(".dl")) out.push(Deno.readTextFileSync(p));
    }
  };
  walk(new URL("../../tests/conformance", import.meta.url).pathname);
  return out.sort();
}

const PIECES = [
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ":",
  "=",
  "+",
  "@",
  "..",
  "fn",
  "let",
  "model",
  "match",
  "=>",
  "_",
  "x",
  "1",
  "2.5",
  '"s"',
  "\n",
  "if",
  "else",
  "for",
  "in",
  "return",
  "zeros([2, 3])",
  "sum(",
  "axis: 1",
  ".T",
  ".0",
  "|",
  "Tensor<f32, [2]>",
  "true",
  "while",
  "break",
  "fn(a) { a }",
  "(1, 2)",
];

Deno.test("mutated conformance programs never make the checker throw", () => {
  const files = corpus();
  ok(files.length > 50);
  const rand = rng(12345);
  let checked = 0;
  for (let i = 0; i < 3000; i++) {
    let src = files[Math.floor(rand() * files.length)];
    const edits = 1 + Math.floor(rand() * 5);
    for (let j = 0; j < edits; j++) {
      const pos = Math.floor(rand() * (src.length + 1));
      const r = rand();
      if (r < 0.4) {
        const piece = PIECES[Math.floor(rand() * PIECES.length)];
        src = src.slice(0, pos) + piece + src.slice(pos);
      } else if (r < 0.7) {
        src = src.slice(0, pos) + src.slice(pos + 1 + Math.floor(rand() * 8));
      } else {
        const q = Math.floor(rand() * src.length);
        src = src.slice(0, pos) + src.slice(q, q + Math.floor(rand() * 40)) +
          src.slice(pos);
      }
    }
    const r = compile(src);
    if (!r.diagnostics.some((d) => d.code < "E0200")) checked++;
  }
  ok(checked > 300, `only ${checked} mutants reached the checker`);
});
