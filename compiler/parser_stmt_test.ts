// Tests of statement parsing (spec §4–6): let/var with patterns and types,
// assignment, loops, control flow, fn and model declarations, imports, and
// the type annotation grammar.

import assert from "node:assert/strict";
import type { Stmt, TypeExpr } from "./ast.ts";
import { stripSpans } from "./ast_strip.ts";
import { makeSourceFile } from "./core/span.ts";
import { parseProgram } from "./parser.ts";
import { printExpr, printPattern, printType } from "./printer.ts";

function parse(src: string) {
  return parseProgram(makeSourceFile("t.dl", src));
}

/** Parses `src` without errors and returns its statements. */
function stmts(src: string): readonly Stmt[] {
  const r = parse(src);
  assert.deepEqual(r.diagnostics.map((d) => d.message), [], src);
  return r.program.body;
}

function one<K extends Stmt["kind"]>(
  src: string,
  kind: K,
): Extract<Stmt, { kind: K }> {
  const body = stmts(src);
  assert.equal(body.length, 1, src);
  assert.equal(body[0].kind, kind, src);
  return body[0] as Extract<Stmt, { kind: K }>;
}

function letType(src: string): TypeExpr {
  const s = one(src, "Let");
  assert.ok(s.type, src);
  return s.type;
}

Deno.test("parser: let and var", () => {
  const a = one("let x = 1", "Let");
  assert.equal(a.mutable, false);
  assert.equal(printPattern(a.pattern), "x");
  assert.equal(printExpr(a.value), "1");
  const b = one("var y: float = 2.0", "Let");
  assert.equal(b.mutable, true);
  assert.equal(b.type && printType(b.type), "float");
  const c = one("let (a, b) = pair", "Let");
  assert.deepEqual(stripSpans(c.pattern), {
    kind: "TuplePattern",
    elements: [
      { kind: "NamePattern", name: "a" },
      { kind: "NamePattern", name: "b" },
    ],
  });
  assert.equal(
    printPattern(one("let (a, (b, _)) = t", "Let").pattern),
    "(a, (b, _))",
  );
  assert.equal(printPattern(one("let _ = f()", "Let").pattern), "_");
  assert.equal(a.span.start, 0);
  assert.equal(a.span.end, 9);
});

Deno.test("parser: let patterns are irrefutable", () => {
  for (const src of ["let 1 = x", "let (a, 2) = t", 'let "s" = x']) {
    assert.deepEqual(parse(src).diagnostics.map((d) => d.code), ["E0107"], src);
  }
  assert.deepEqual(parse("let a | b = x").diagnostics.map((d) => d.code), [
    "E0101",
  ]);
});

Deno.test("parser: assignment and compound assignment", () => {
  for (const op of ["=", "+=", "-=", "*=", "/="]) {
    const s = one(`x ${op} 1`, "Assign");
    assert.equal(s.op, op);
  }
  assert.equal(one("x[i, 0] = v", "Assign").target.kind, "Index");
  assert.equal(one("m.fc1.weight = w", "Assign").target.kind, "Member");
  assert.equal(one("t.0 = 1", "Assign").target.kind, "Member");
  for (const src of ["f(x) = 1", "1 = x", "a + b += 1", "(a, b) = t"]) {
    assert.deepEqual(parse(src).diagnostics.map((d) => d.code), ["E0105"], src);
  }
  assert.equal(
    parse("x = 1 = 2").diagnostics[0].message,
    "expected newline or `;` after a statement, found `=`",
  );
});

Deno.test("parser: while, for, break, continue", () => {
  const w = one("while i < 10 { i += 1 }", "While");
  assert.equal(printExpr(w.cond), "i < 10");
  assert.equal(w.body.body.length, 1);
  const f = one("for i in 0..n { print(i) }", "For");
  assert.equal(printPattern(f.pattern), "i");
  assert.equal(f.iterable.kind, "Range");
  const g = one("for (a, b) in pairs {\n  break\n  continue\n}", "For");
  assert.equal(printPattern(g.pattern), "(a, b)");
  assert.deepEqual(g.body.body.map((s) => s.kind), ["Break", "Continue"]);
  // The `{` after the header starts the body, even after a name.
  assert.equal(one("for x in xs {}", "For").iterable.kind, "Name");
  assert.equal(one("while done {}", "While").cond.kind, "Name");
  // A body on the next line is accepted.
  assert.equal(one("while x\n{\n}", "While").body.body.length, 0);
});

Deno.test("parser: return with and without a value", () => {
  const fn = one(
    "fn f(x) {\n  if x { return }\n  return x + 1\n  return\n}",
    "FnDecl",
  );
  const body = fn.body.body;
  assert.equal(body.length, 3);
  const ifStmt = body[0] as Extract<Stmt, { kind: "ExprStmt" }>;
  assert.equal(ifStmt.expr.kind, "If");
  const r1 = body[1] as Extract<Stmt, { kind: "Return" }>;
  assert.equal(r1.value && printExpr(r1.value), "x + 1");
  const r2 = body[2] as Extract<Stmt, { kind: "Return" }>;
  assert.equal(r2.value, undefined);
  assert.equal(one("return;", "Return").value, undefined);
});

Deno.test("parser: function declarations", () => {
  const f = one(
    "fn affine(x: Tensor<f32, [B, N]>, w: Tensor<f32, [N, M]>, b) -> Tensor<f32, [B, M]> {\n    x @ w + b\n}",
    "FnDecl",
  );
  assert.equal(f.name, "affine");
  assert.deepEqual(f.params.map((p) => p.name), ["x", "w", "b"]);
  assert.equal(
    f.params[0].type && printType(f.params[0].type),
    "Tensor<f32, [B, N]>",
  );
  assert.equal(f.params[2].type, undefined);
  assert.equal(f.result && printType(f.result), "Tensor<f32, [B, M]>");
  assert.equal(f.nameSpan.start, 3);
  const g = one("fn g(a, b = 2,) { a }", "FnDecl");
  assert.equal(g.params[1].default && printExpr(g.params[1].default), "2");
  const nested = one(
    "fn outer() {\n  fn inner() { 1 }\n  inner()\n}",
    "FnDecl",
  );
  assert.equal(nested.body.body[0].kind, "FnDecl");
});

Deno.test("parser: model declarations", () => {
  const m = one(
    `model MLP(inp: int, hidden: int, out: int) {
    let fc1 = Linear(inp, hidden)
    var scale = 1.0
    fn forward(x) { fc2(relu(fc1(x))) }
}`,
    "ModelDecl",
  );
  assert.equal(m.name, "MLP");
  assert.deepEqual(m.params.map((p) => p.name), ["inp", "hidden", "out"]);
  assert.deepEqual(m.body.map((s) => s.kind), ["Let", "Let", "FnDecl"]);
  assert.equal(one("model Empty() {}", "ModelDecl").body.length, 0);
  const bad = parse("model M() {\n  print(1)\n  let a = 1\n}");
  assert.deepEqual(bad.diagnostics.map((d) => d.code), ["E0101"]);
  assert.match(bad.diagnostics[0].message, /`let`, `var` or `fn`/);
  const mb = bad.program.body[0] as Extract<Stmt, { kind: "ModelDecl" }>;
  assert.equal(mb.body.length, 1);
});

Deno.test("parser: imports", () => {
  const i = one('import "lib/util.dl"', "Import");
  assert.equal(i.path, "lib/util.dl");
  assert.equal(i.pathSpan.start, 7);
  assert.deepEqual(parse("import util").diagnostics.map((d) => d.code), [
    "E0101",
  ]);
});

Deno.test("parser: statements separated by newlines and semicolons", () => {
  assert.equal(stmts("a; b; c").length, 3);
  assert.equal(stmts("a\n\n\nb\n").length, 2);
  assert.equal(stmts("let x = 1; let y = 2\nprint(x)").length, 3);
  assert.equal(stmts("").length, 0);
  assert.equal(stmts("// only a comment\n").length, 0);
  assert.deepEqual(parse("a b").diagnostics.map((d) => d.message), [
    "expected newline or `;` after a statement, found identifier `b`",
  ]);
});

Deno.test("parser: types", () => {
  const cases: [string, string][] = [
    ["int", "int"],
    ["Tensor", "Tensor"],
    ["Tensor<f32>", "Tensor<f32>"],
    ["Tensor<f32, [B, 10, _]>", "Tensor<f32, [B, 10, _]>"],
    ["List<List<int>>", "List<List<int>>"],
    ["(int, float)", "(int, float)"],
    ["(int,)", "(int,)"],
    ["(int)", "int"],
    ["()", "()"],
    ["fn(int, float) -> bool", "fn(int, float) -> bool"],
    ["fn() -> (int, int)", "fn() -> (int, int)"],
    ["MLP", "MLP"],
  ];
  for (const [src, want] of cases) {
    assert.equal(printType(letType(`let x: ${src} = y`)), want, src);
  }
  const t = letType("let x: Tensor<f32, [B, 10, _]> = y");
  assert.deepEqual(stripSpans(t), {
    kind: "NamedType",
    name: "Tensor",
    args: [
      { kind: "NamedType", name: "f32", args: [] },
      {
        kind: "ShapeType",
        dims: [
          { kind: "DimName", name: "B" },
          { kind: "DimInt", value: 10 },
          { kind: "DimAny" },
        ],
      },
    ],
  });
  assert.deepEqual(parse("let x: 3 = y").diagnostics.map((d) => d.code), [
    "E0106",
  ]);
  assert.deepEqual(
    parse("let x: Tensor<f32, [+]> = y").diagnostics.map((d) => d.code),
    ["E0101"],
  );
});
