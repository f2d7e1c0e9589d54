// Runtime errors: exact code, message, span and dl call stack; stack
// overflow from deep recursion (by the depth limit and by the host stack);
// deeply nested expressions; the step limit; output flushed before errors.

import { deepStrictEqual, strictEqual } from "node:assert";
import type { Expr, Program } from "../compiler/ast.ts";
import { lineCol, makeSourceFile } from "../compiler/core/span.ts";
import { runProgram } from "./interp.ts";
import { errorOf, runSource } from "./test_support.ts";

Deno.test("the stack lists each call innermost first, ending with <main>", () => {
  const src = [
    "fn inner(x) { 10 % x }",
    "fn outer(y) { inner(y - 1) }",
    'print("before")',
    "print(outer(1))",
  ].join("\n");
  const r = runSource(src);
  strictEqual(r.out, "before\n");
  const d = r.error!;
  strictEqual(d.code, "R0002");
  const frames = d.stack!.map((f) => {
    const p = lineCol(f.span.file, f.span.start);
    return `${f.name}@${p.line}:${p.col}`;
  });
  deepStrictEqual(frames, ["inner@1:15", "outer@2:15", "<main>@4:7"]);
});

Deno.test("assert failures are R0006 with the message, or the call's text", () => {
  const e = errorOf('let x = 3\nassert(x > 5, "x too small")');
  strictEqual(e.code, "R0006");
  strictEqual(e.message, "assertion failed: x too small");
  strictEqual(
    errorOf("assert(1 == 2)").message,
    "assertion failed: assert(1 == 2)",
  );
});

Deno.test("unbounded recursion is R0004 at the depth limit", () => {
  const e = errorOf("fn f(n) { f(n + 1) }\nf(0)", { maxDepth: 200 });
  strictEqual(e.code, "R0004");
  strictEqual(e.message, "stack overflow");
  strictEqual(e.text.includes("more frames"), true);
  strictEqual(e.text.trimEnd().endsWith("at <main> (test.dl:2:1)"), true);
});

Deno.test("recursion past the host stack is still R0004, never a host error", () => {
  const shapes = [
    "fn f(n) { f(n + 1) }\nf(0)",
    "fn g(n) { if n == 0 { 0 } else { 1 + g(n - 1) } }\nprint(g(1000000))",
    "fn h(n) { let y = [n]; match n { _ => h(n + 1) } }\nh(0)",
    "model M() { fn forward(x) { self_call(x) } }\nfn self_call(x) { M()(x) }\nself_call(1)",
  ];
  for (const src of shapes) {
    const e = errorOf(src, { maxDepth: 1_000_000 });
    strictEqual(e.code, "R0004", src);
  }
});

Deno.test("expressions nested deeper than the host stack are R0004, never a crash", () => {
  // Deeper than the parser allows: build the AST by hand.
  const file = makeSourceFile("deep.dl", "1");
  const span = { file, start: 0, end: 1 };
  let e: Expr = { kind: "IntLit", value: 1, span };
  for (let i = 0; i < 200000; i++) {
    e = { kind: "Unary", op: "-", operand: e, span };
  }
  const program: Program = {
    kind: "Program",
    file,
    body: [{ kind: "ExprStmt", expr: e, span }],
    span,
  };
  const r2 = runProgram({ modules: [{ program }] }, { stdout: () => {} });
  strictEqual(r2.ok ? "ok" : r2.error.code, "R0004");
});

Deno.test("maxSteps stops an infinite loop with R0013", () => {
  const e = errorOf('print("go")\nwhile true { }', { maxSteps: 1000 });
  strictEqual(e.code, "R0013");
  strictEqual(e.message, "step limit exceeded");
  strictEqual(e.out, "go\n");
  strictEqual(
    errorOf("fn f() { f() }\nf()", { maxSteps: 50, maxDepth: 1000 }).code,
    "R0013",
  );
});

Deno.test("output printed before an error is flushed", () => {
  const src = 'for i in 0..3000 { print("line", i) }\nprint(1 % 0)';
  const r = runSource(src);
  strictEqual(r.error?.code, "R0002");
  strictEqual(r.out.split("\n").length, 3001);
  strictEqual(r.out.endsWith("line 2999\n"), true);
});

Deno.test("errors inside builtins' callbacks keep the dl stack", () => {
  const e = errorOf("fn bad(i) { [1, 2][i] }\nfn mid() { bad(7) }\nmid()");
  strictEqual(e.code, "R0003");
  strictEqual(e.text.includes("at bad (test.dl:1:13)"), true);
  strictEqual(e.text.includes("at mid (test.dl:2:12)"), true);
});
