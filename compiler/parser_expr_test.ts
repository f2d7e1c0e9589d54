// Tests of expression parsing: precedence and associativity (spec §3),
// literals, groups vs tuples, brackets, calls with named args, indexing
// and slices, members, if/match/lambda expressions.

import assert from "node:assert/strict";
import type { Expr, SliceExpr } from "./ast.ts";
import { stripSpans } from "./ast_strip.ts";
import { makeSourceFile } from "./core/span.ts";
import { parseProgram } from "./parser.ts";
import { printPattern } from "./printer.ts";

function parse(src: string) {
  return parseProgram(makeSourceFile("t.dl", src));
}

/** Parses `src` as one expression statement and returns the expression. */
function expr(src: string): Expr {
  const r = parse(src);
  assert.deepEqual(r.diagnostics.map((d) => d.message), [], src);
  assert.equal(r.program.body.length, 1, src);
  const s = r.program.body[0];
  assert.equal(s.kind, "ExprStmt", src);
  return (s as { expr: Expr }).expr;
}

/** Fully parenthesised rendering, to show the tree's shape. */
function show(e: Expr | SliceExpr): string {
  switch (e.kind) {
    case "IntLit":
    case "FloatLit":
    case "BoolLit":
      return String(e.value);
    case "StrLit":
      return JSON.stringify(e.value);
    case "Name":
      return e.name;
    case "Unary":
      return `(${e.op}${show(e.operand)})`;
    case "Binary":
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case "Range":
      return `(${show(e.start)}${e.inclusive ? "..=" : ".."}${show(e.end)})`;
    case "Call":
      return `${show(e.callee)}(${
        e.args.map((a) => (a.name ? a.name + ": " : "") + show(a.value)).join(
          ", ",
        )
      })`;
    case "Index":
      return `${show(e.target)}[${e.indices.map(show).join(", ")}]`;
    case "Slice":
      return `${e.start ? show(e.start) : ""}:${e.stop ? show(e.stop) : ""}${
        e.step ? ":" + show(e.step) : ""
      }`;
    case "Member":
      return `${show(e.target)}.${e.name}`;
    case "Bracket":
      return `[${e.elements.map(show).join(", ")}]`;
    case "Tuple":
      return `tuple(${e.elements.map(show).join(", ")})`;
    case "Block":
      return `block(${e.body.length})`;
    case "If":
      return `if(${show(e.cond)}, ${show(e.then)}${
        e.else ? ", " + show(e.else) : ""
      })`;
    case "Match":
      return `match(${show(e.subject)}; ${
        e.arms.map((a) =>
          printPattern(a.pattern) + (a.guard ? " if " + show(a.guard) : "") +
          " => " + show(a.body)
        ).join("; ")
      })`;
    case "Lambda":
      return `lambda(${e.params.map((p) => p.name).join(", ")})`;
  }
}

function shape(src: string): string {
  return show(expr(src));
}

Deno.test("parser: arithmetic precedence and associativity", () => {
  assert.equal(shape("1 + 2 * 3"), "(1 + (2 * 3))");
  assert.equal(shape("1 - 2 - 3"), "((1 - 2) - 3)");
  assert.equal(shape("a / b % c @ d"), "(((a / b) % c) @ d)");
  assert.equal(shape("a @ b + c"), "((a @ b) + c)");
  assert.equal(shape("(1 + 2) * 3"), "((1 + 2) * 3)");
});

Deno.test("parser: ** is right-associative and binds tighter than unary", () => {
  assert.equal(shape("-2 ** 2"), "(-(2 ** 2))");
  assert.equal(shape("2 ** 3 ** 2"), "(2 ** (3 ** 2))");
  assert.equal(shape("2 ** -1"), "(2 ** (-1))");
  assert.equal(shape("2 ** -x ** 2"), "(2 ** (-(x ** 2)))");
  assert.equal(shape("-a * b"), "((-a) * b)");
  assert.equal(shape("!a && b"), "((!a) && b)");
  assert.equal(shape("- - x"), "(-(-x))");
  assert.equal(shape("a * b ** c"), "(a * (b ** c))");
  assert.equal(shape("x.y ** 2"), "(x.y ** 2)");
  assert.equal(shape("-f(x)[0]"), "(-f(x)[0])");
});

Deno.test("parser: comparison, equality and logic levels", () => {
  assert.equal(shape("a || b && c"), "(a || (b && c))");
  assert.equal(shape("a == b || c != d"), "((a == b) || (c != d))");
  assert.equal(shape("a < b == c >= d"), "((a < b) == (c >= d))");
  assert.equal(shape("a + 1 < b * 2"), "((a + 1) < (b * 2))");
  assert.equal(shape("a <= b && c > d"), "((a <= b) && (c > d))");
});

Deno.test("parser: ranges are loosest and non-associative", () => {
  assert.equal(shape("0..n"), "(0..n)");
  assert.equal(shape("0..=n - 1"), "(0..=(n - 1))");
  assert.equal(shape("a + 1..b * 2"), "((a + 1)..(b * 2))");
  assert.equal(shape("a || b..c"), "((a || b)..c)");
  const r = parse("0..1..2");
  assert.equal(r.diagnostics.length, 1);
  assert.equal(r.diagnostics[0].code, "E0101");
  assert.match(r.diagnostics[0].hint ?? "", /cannot be chained/);
});

Deno.test("parser: literals", () => {
  const lit = (src: string) => stripSpans(expr(src));
  assert.deepEqual(lit("42"), { kind: "IntLit", value: 42 });
  assert.deepEqual(lit("4.5"), { kind: "FloatLit", value: 4.5 });
  assert.deepEqual(lit('"hi"'), { kind: "StrLit", value: "hi" });
  assert.deepEqual(lit("true"), { kind: "BoolLit", value: true });
  assert.deepEqual(lit("false"), { kind: "BoolLit", value: false });
  assert.deepEqual(lit("-2147483648"), { kind: "IntLit", value: -2147483648 });
  assert.equal(shape("-2147483647"), "(-2147483647)");
  assert.deepEqual(
    parse("2147483648").diagnostics.map((d) => d.code),
    ["E0006"],
  );
  assert.deepEqual(
    parse("-2147483648 ** 2").diagnostics.map((d) => d.code),
    ["E0006"],
  );
});

Deno.test("parser: groups, tuples and unit", () => {
  assert.equal(shape("(a)"), "a");
  assert.equal(shape("((a))"), "a");
  assert.equal(shape("(a,)"), "tuple(a)");
  assert.equal(shape("(a, b)"), "tuple(a, b)");
  assert.equal(shape("(a, b,)"), "tuple(a, b)");
  assert.equal(shape("()"), "tuple()");
  assert.equal(shape("(\n a,\n b\n)"), "tuple(a, b)");
});

Deno.test("parser: bracket literals", () => {
  assert.equal(shape("[]"), "[]");
  assert.equal(shape("[1, 2, 3]"), "[1, 2, 3]");
  assert.equal(shape("[1, 2,]"), "[1, 2]");
  assert.equal(shape("[[1, 2], [3, 4]]"), "[[1, 2], [3, 4]]");
  assert.equal(shape("[\n  1,\n  2\n]"), "[1, 2]");
});

Deno.test("parser: calls and named arguments", () => {
  assert.equal(shape("f()"), "f()");
  assert.equal(shape("f(x, axis: 1)"), "f(x, axis: 1)");
  assert.equal(shape("f(x, y,)"), "f(x, y)");
  assert.equal(shape("Adam(net, lr: 0.001,)"), "Adam(net, lr: 0.001)");
  assert.equal(shape("f(a)(b)"), "f(a)(b)");
  assert.equal(shape("f(\n  x,\n  y\n)"), "f(x, y)");
  const r = parse("f(axis: 1, x)");
  assert.deepEqual(r.diagnostics.map((d) => d.code), ["E0104"]);
  assert.equal(
    r.diagnostics[0].message,
    "named argument `axis` is followed by a positional argument",
  );
  assert.deepEqual(
    parse("f(a: 1, a: 2)").diagnostics.map((d) => d.code),
    ["E0110"],
  );
});

Deno.test("parser: indexing and slices", () => {
  assert.equal(shape("x[i]"), "x[i]");
  assert.equal(shape("x[i, j]"), "x[i, j]");
  assert.equal(shape("x[a:b]"), "x[a:b]");
  assert.equal(shape("x[:, 2]"), "x[:, 2]");
  assert.equal(shape("x[::2]"), "x[::2]");
  assert.equal(shape("x[::-1]"), "x[::(-1)]");
  assert.equal(shape("x[1:, :-1]"), "x[1:, :(-1)]");
  assert.equal(shape("x[1:2:3]"), "x[1:2:3]");
  assert.equal(shape("x[:]"), "x[:]");
  assert.equal(shape("x[-1]"), "x[(-1)]");
  assert.equal(shape("x[i][j]"), "x[i][j]");
  assert.equal(shape("x[i + 1:n]"), "x[(i + 1):n]");
  const s = expr("x[::2]") as Extract<Expr, { kind: "Index" }>;
  const slice = s.indices[0] as SliceExpr;
  assert.equal(slice.start, undefined);
  assert.equal(slice.stop, undefined);
  assert.deepEqual(stripSpans(slice.step), { kind: "IntLit", value: 2 });
  assert.deepEqual(parse("x[]").diagnostics.map((d) => d.code), ["E0102"]);
});

Deno.test("parser: members and tuple fields", () => {
  assert.equal(shape("a.b.c"), "a.b.c");
  assert.equal(shape("t.0"), "t.0");
  assert.equal(shape("(t.0).1"), "t.0.1");
  assert.equal(shape("x.sum(axis: 1)"), "x.sum(axis: 1)");
  assert.equal(shape("net.fc1.weight.shape"), "net.fc1.weight.shape");
  assert.equal(shape("x.var()"), "x.var()");
  const r = parse("t.0.1");
  assert.deepEqual(r.diagnostics.map((d) => d.code), ["E0101"]);
  assert.match(r.diagnostics[0].hint ?? "", /\(t\.0\)\.1/);
  const m = expr("a.bc") as Extract<Expr, { kind: "Member" }>;
  assert.equal(m.nameSpan.start, 2);
  assert.equal(m.nameSpan.end, 4);
});

Deno.test("parser: `var` is also the variance builtin in expressions", () => {
  const r = parse("print(var(x, axis: 0))");
  assert.deepEqual(r.diagnostics, []);
  const e = expr("print(var(x))") as Extract<Expr, { kind: "Call" }>;
  assert.equal(show(e.args[0].value), "var(x)");
});

Deno.test("parser: if expressions", () => {
  assert.equal(shape("if a { 1 } else { 2 }"), "if(a, block(1), block(1))");
  assert.equal(shape("if a { 1 }"), "if(a, block(1))");
  assert.equal(
    shape("if a { 1 } else if b { 2 } else { 3 }"),
    "if(a, block(1), if(b, block(1), block(1)))",
  );
  assert.equal(shape("if a == b { x }"), "if((a == b), block(1))");
  // `else` may start the next line.
  assert.equal(
    shape("if a {\n 1\n}\nelse {\n 2\n}"),
    "if(a, block(1), block(1))",
  );
  const r = parse("let y = if c { 1 } else { 2 } + 1");
  assert.deepEqual(r.diagnostics, []);
});

Deno.test("parser: blocks as expressions", () => {
  assert.equal(shape("{ let a = 1\n a + 1 }"), "block(2)");
  assert.equal(shape("{}"), "block(0)");
  assert.equal(shape("{ a; b; c }"), "block(3)");
});

Deno.test("parser: match", () => {
  assert.equal(
    shape(
      'match v { 0 => "zero", 1 | 2 => "small", n if n < 0 => "negative", _ => "big" }',
    ),
    'match(v; 0 => "zero"; 1 | 2 => "small"; n if (n < 0) => "negative"; _ => "big")',
  );
  assert.equal(
    shape('match v {\n  0 => "a"\n  -1 => "b",\n  (x, _) => x,\n}'),
    'match(v; 0 => "a"; -1 => "b"; (x, _) => x)',
  );
  assert.equal(shape("match v {}"), "match(v; )");
  assert.equal(
    shape('match s { "a" | "b" => 1, true => 2, 1.5 => 3 }'),
    'match(s; "a" | "b" => 1; true => 2; 1.5 => 3)',
  );
  assert.equal(
    shape("match p { (0, y) => y, ((a, b), _) => a }"),
    "match(p; (0, y) => y; ((a, b), _) => a)",
  );
  assert.equal(
    shape("match x { 0 => { 1 }\n _ => { 2 } }"),
    "match(x; 0 => block(1); _ => block(1))",
  );
  assert.deepEqual(
    parse("match x { 0 => 1 2 => 3 }").diagnostics.map((d) => d.code),
    ["E0101"],
  );
});

Deno.test("parser: lambdas", () => {
  assert.equal(shape("fn(x) { x * 2 }"), "lambda(x)");
  assert.equal(shape("fn(x, y: int,) -> int { x }"), "lambda(x, y)");
  assert.equal(shape("map(xs, fn(x) {\n  x * 2\n})"), "map(xs, lambda(x))");
  const l = expr("fn(x: float = 1.0) -> float { x }");
  assert.deepEqual(stripSpans(l), {
    kind: "Lambda",
    params: [{
      name: "x",
      type: { kind: "NamedType", name: "float", args: [] },
      default: { kind: "FloatLit", value: 1 },
    }],
    result: { kind: "NamedType", name: "float", args: [] },
    body: {
      kind: "Block",
      body: [{ kind: "ExprStmt", expr: { kind: "Name", name: "x" } }],
    },
  });
});

Deno.test("parser: multi-line expressions continue after operators", () => {
  assert.equal(shape("a +\n  b *\n  c"), "(a + (b * c))");
  const r = parse("let x = a\n- b");
  assert.equal(r.program.body.length, 2);
});

Deno.test("parser: spans cover the whole expression", () => {
  const e = expr("  foo(1, 2) + bar[3]");
  assert.equal(e.span.start, 2);
  assert.equal(e.span.end, 20);
  const c = (e as Extract<Expr, { kind: "Binary" }>).left;
  assert.equal(c.span.start, 2);
  assert.equal(c.span.end, 11);
});
