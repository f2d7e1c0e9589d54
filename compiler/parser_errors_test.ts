// Tests of the parser's error handling: messages that say what was
// expected, several errors per file with recovery at statement boundaries,
// the nesting cap, and robustness against arbitrary input (never throws).

import assert from "node:assert/strict";
import { makeSourceFile } from "./core/span.ts";
import { parseProgram } from "./parser.ts";

function parse(src: string) {
  return parseProgram(makeSourceFile("t.dl", src));
}

function messages(src: string): string[] {
  return parse(src).diagnostics.map((d) => `${d.code} ${d.message}`);
}

Deno.test("errors: messages say what was expected and what was found", () => {
  assert.deepEqual(messages("f(1, 2"), [
    "E0101 expected `)`, found end of file",
  ]);
  assert.deepEqual(messages("let a = f(1, 2\nlet b = 3"), [
    "E0101 expected `)`, found newline",
  ]);
  assert.deepEqual(messages("fn f() {\n  let x = (1 + \n}\n"), [
    "E0102 expected an expression, found `}`",
  ]);
  assert.deepEqual(messages("let = 3"), [
    "E0107 expected a pattern, found `=`",
  ]);
  assert.deepEqual(messages("let x 3"), [
    "E0101 expected `=`, found `3`",
  ]);
  assert.deepEqual(messages("if x {\n  1\n"), [
    "E0101 expected `}`, found end of file",
  ]);
  assert.deepEqual(messages("for x xs {}"), [
    "E0101 expected `in`, found identifier `xs`",
  ]);
  assert.deepEqual(messages("while x\nfoo()"), [
    "E0101 expected `{`, found newline",
  ]);
  assert.deepEqual(messages('x = "a" +'), [
    "E0102 expected an expression, found end of file",
  ]);
});

Deno.test("errors: unmatched closing brackets", () => {
  assert.deepEqual(messages(")"), ["E0103 unmatched `)`"]);
  assert.deepEqual(messages("x\n}\ny"), ["E0103 unmatched `}`"]);
  // A run of stray braces is reported once.
  assert.deepEqual(messages("}}}}"), ["E0103 unmatched `}`"]);
});

Deno.test("errors: several errors per file, one per broken statement", () => {
  const src = [
    "let a = 1 +",
    "let b = (2",
    "let c = 3",
    "fn f( { }",
    "let d = [1, 2",
    "print(c)",
    "let e = ]",
  ].join("\n");
  const r = parse(src);
  const lines = r.diagnostics.map((d) => {
    const text = src.slice(0, d.span?.start ?? 0);
    return text.split("\n").length;
  });
  assert.ok(r.diagnostics.length >= 4, messages(src).join("\n"));
  // Errors come in source order, pointing at the broken lines.
  assert.deepEqual(lines, [2, 2, 4, 6, 7]);
  assert.equal(r.diagnostics.length, 5, messages(src).join("\n"));
  // Good statements between bad ones still parse.
  const kinds = r.program.body.map((s) => s.kind);
  assert.deepEqual(kinds, ["Let", "Let", "Let", "FnDecl", "Let", "Let"]);
});

Deno.test("errors: recovery inside blocks keeps the enclosing function", () => {
  const r = parse(
    "fn f() {\n  let = 1\n  let y = 2\n  y\n}\nfn g() { 3 }\nlet z = g(",
  );
  assert.deepEqual(r.diagnostics.map((d) => d.code), ["E0107", "E0101"]);
  const names = r.program.body.flatMap((s) =>
    s.kind === "FnDecl" ? [s.name] : []
  );
  assert.deepEqual(names, ["f", "g"]);
  const f = r.program.body[0];
  assert.ok(f.kind === "FnDecl");
  const last = f.body.body[f.body.body.length - 1];
  assert.equal(last.kind, "ExprStmt");
});

Deno.test("errors: a bad match arm does not derail the rest", () => {
  const r = parse("let m = match x { 0 => 1 2 => 3 }\nlet ok = 1");
  assert.deepEqual(r.diagnostics.map((d) => d.code), ["E0101"]);
  assert.equal(r.program.body.length, 2);
});

Deno.test("errors: deep nesting is E0108, not a stack overflow", () => {
  for (
    const src of [
      "(".repeat(100000),
      "[".repeat(100000),
      "{".repeat(100000),
      "-".repeat(100000) + "1",
      "!".repeat(50000) + "x",
      "x" + " ** x".repeat(20000),
      "let t: " + "(".repeat(50000),
      "match x { " + "(".repeat(50000),
      "f(".repeat(50000),
      "if ".repeat(50000),
      "fn() {".repeat(50000),
      "(".repeat(300) + "1" + ")".repeat(300),
    ]
  ) {
    const r = parse(src);
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ["E0108"],
      src.slice(0, 20),
    );
  }
  // 200 levels is fine.
  assert.deepEqual(
    messages("(".repeat(200) + "1" + ")".repeat(200)),
    [],
  );
});

Deno.test("errors: long lists are flat; long operator chains are deep", () => {
  assert.deepEqual(messages("[" + "1, ".repeat(100000) + "]"), []);
  assert.deepEqual(messages("f(" + "x, ".repeat(100000) + ")"), []);
  assert.equal(parse("x\n".repeat(100000)).program.body.length, 100000);
  assert.deepEqual(messages("x" + " + 1".repeat(200)), []);
  // `a + b + c …` nests to the left: the tree depth is capped too, so no
  // later stage walking the tree can overflow the stack.
  for (
    const src of [
      "x" + " + 1".repeat(100000),
      "a" + ".b".repeat(100000),
      "f" + "(1)".repeat(100000),
      "x" + "[0]".repeat(100000),
      "if a {} else ".repeat(100000) + "{}",
      "let t: " + "fn() -> ".repeat(100000) + "int = 1",
    ]
  ) {
    assert.deepEqual(
      parse(src).diagnostics.map((d) => d.code),
      ["E0108"],
      src.slice(0, 20),
    );
  }
});

Deno.test("errors: arbitrary input never throws and always terminates", () => {
  const pieces = [
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\n",
    "x",
    "1",
    "2.5",
    '"s"',
    '"',
    "+",
    "-",
    "**",
    "..",
    "..=",
    "=",
    "+=",
    ",",
    ":",
    ";",
    "let ",
    "var ",
    "fn ",
    "if ",
    "else ",
    "match ",
    "=>",
    "|",
    "_",
    "model ",
    "for ",
    "in ",
    "while ",
    "return ",
    "break ",
    ".",
    "->",
    "<",
    ">",
    "import ",
    "@",
    "!",
    " ",
    "/*",
    "//",
    "$",
    "2147483648",
    "\\",
    "é",
  ];
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let i = 0; i < 3000; i++) {
    let src = "";
    const n = Math.floor(rand() * 30);
    for (let j = 0; j < n; j++) {
      src += pieces[Math.floor(rand() * pieces.length)];
    }
    const r = parse(src);
    assert.equal(r.program.kind, "Program");
    for (const d of r.diagnostics) {
      assert.ok(d.span, `diagnostic without span for ${JSON.stringify(src)}`);
      assert.ok(d.span.start <= d.span.end && d.span.end <= src.length);
    }
  }
});
