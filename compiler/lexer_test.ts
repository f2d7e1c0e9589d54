// Tests of the lexer: every token kind, numbers, strings and escapes,
// comments, the newline rules of spec §1, and error reporting.

import assert from "node:assert/strict";
import { makeSourceFile } from "./core/span.ts";
import { lexSource } from "./lexer.ts";
import { PUNCTUATION, type Token } from "./token.ts";

function lex(src: string) {
  return lexSource(makeSourceFile("t.dl", src));
}

/** Kinds of all tokens but the final eof. */
function kinds(src: string): string[] {
  const { tokens } = lex(src);
  assert.equal(tokens[tokens.length - 1].kind, "eof");
  return tokens.slice(0, -1).map((t) => t.kind);
}

function values(src: string): (string | number)[] {
  return lex(src).tokens.slice(0, -1).map((t: Token) => t.value);
}

function codes(src: string): string[] {
  return lex(src).diagnostics.map((d) => d.code);
}

Deno.test("lexer: every punctuation token lexes to its own kind", () => {
  for (const p of PUNCTUATION) {
    assert.deepEqual(kinds(p), [p], `token ${p}`);
  }
  assert.deepEqual(
    kinds("a+=b**c..=d..e=>f->g"),
    [
      "ident",
      "+=",
      "ident",
      "**",
      "ident",
      "..=",
      "ident",
      "..",
      "ident",
      "=>",
      "ident",
      "->",
      "ident",
    ],
  );
  assert.deepEqual(kinds("a<=b>=c!=d==e&&f||g|h"), [
    "ident",
    "<=",
    "ident",
    ">=",
    "ident",
    "!=",
    "ident",
    "==",
    "ident",
    "&&",
    "ident",
    "||",
    "ident",
    "|",
    "ident",
  ]);
});

Deno.test("lexer: keywords, identifiers and the wildcard", () => {
  const kw =
    "let var fn return if else while for in break continue true false model import match";
  assert.deepEqual(kinds(kw), kw.split(" "));
  assert.deepEqual(kinds("x _x x_1 Tensor _ __"), [
    "ident",
    "ident",
    "ident",
    "ident",
    "_",
    "ident",
  ]);
  assert.deepEqual(values("foo _bar"), ["foo", "_bar"]);
  assert.deepEqual(kinds("letter iff"), ["ident", "ident"]);
});

Deno.test("lexer: integers, separators and range errors", () => {
  assert.deepEqual(values("0 42 1_000_000 2147483647"), [
    0,
    42,
    1000000,
    2147483647,
  ]);
  assert.deepEqual(kinds("1_000"), ["int"]);
  assert.deepEqual(codes("2147483647"), []);
  // 2^31 is left to the parser (valid only as `-2147483648`).
  assert.deepEqual(codes("2147483648"), []);
  assert.deepEqual(codes("2147483649"), ["E0006"]);
  assert.deepEqual(codes("99999999999999999999999"), ["E0006"]);
  const d = lex("x = 3000000000").diagnostics[0];
  assert.equal(
    d.message,
    "integer literal `3000000000` is out of range for int",
  );
  assert.equal(d.span?.start, 4);
  assert.equal(d.span?.end, 14);
});

Deno.test("lexer: floats need digits on both sides of `.` or an exponent", () => {
  assert.deepEqual(kinds("1.0 0.5 1e-3 2.5E+4 1e5"), [
    "float",
    "float",
    "float",
    "float",
    "float",
  ]);
  assert.deepEqual(values("1.0 0.5 1e-3 2.5E+4 1_0.2_5"), [
    1,
    0.5,
    0.001,
    25000,
    10.25,
  ]);
  assert.deepEqual(kinds("1."), ["int", "."]);
  assert.deepEqual(kinds(".5"), [".", "int"]);
  assert.deepEqual(kinds("1..5"), ["int", "..", "int"]);
  assert.deepEqual(kinds("1..=5"), ["int", "..=", "int"]);
  assert.deepEqual(kinds("t.0"), ["ident", ".", "int"]);
  // Spec §3: `t.0.1` lexes as `t` `.` `0.1`.
  assert.deepEqual(kinds("t.0.1"), ["ident", ".", "float"]);
  assert.deepEqual(kinds("x.sum()"), ["ident", ".", "ident", "(", ")"]);
});

Deno.test("lexer: malformed numbers are E0005", () => {
  assert.deepEqual(codes("123abc"), ["E0005"]);
  assert.deepEqual(codes("0x10"), ["E0005"]);
  assert.deepEqual(codes("1e"), ["E0005"]);
  assert.deepEqual(codes("1.5e+"), ["E0005"]);
  assert.deepEqual(kinds("123abc + 1"), ["int", "+", "int"]);
});

Deno.test("lexer: strings and escapes", () => {
  assert.deepEqual(values(String.raw`"a\nb" "\t\r\\\"" "\u{1F600}" ""`), [
    "a\nb",
    '\t\r\\"',
    "😀",
    "",
  ]);
  assert.deepEqual(values('"héllo ☃"'), ["héllo ☃"]);
  assert.deepEqual(kinds('"a" + "b"'), ["str", "+", "str"]);
});

Deno.test("lexer: string errors", () => {
  assert.deepEqual(codes(String.raw`"\q"`), ["E0003"]);
  assert.deepEqual(values(String.raw`"a\qb"`), ["ab"]);
  assert.deepEqual(codes(String.raw`"\u{110000}"`), ["E0007"]);
  assert.deepEqual(codes(String.raw`"\u{D800}"`), ["E0007"]);
  assert.deepEqual(codes(String.raw`"\u{}"`), ["E0007"]);
  assert.deepEqual(codes(String.raw`"\u41"`), ["E0007"]);
  assert.deepEqual(codes('"abc'), ["E0002"]);
  // An unterminated string stops at the end of its line.
  const r = lex('"abc\nx');
  assert.deepEqual(r.diagnostics.map((d) => d.code), ["E0002"]);
  assert.deepEqual(r.tokens.map((t) => t.kind), [
    "str",
    "newline",
    "ident",
    "eof",
  ]);
});

Deno.test("lexer: comments", () => {
  assert.deepEqual(kinds("a // comment\nb"), [
    "ident",
    "newline",
    "ident",
  ]);
  assert.deepEqual(kinds("a /* x */ + b"), ["ident", "+", "ident"]);
  assert.deepEqual(kinds("a /* /* not nested */ b"), ["ident", "ident"]);
  // A block comment spanning lines counts as a line break.
  assert.deepEqual(kinds("a /* x\n y */ b"), [
    "ident",
    "newline",
    "ident",
  ]);
  assert.deepEqual(codes("a /* never closed"), ["E0004"]);
});

Deno.test("lexer: newlines end statements only after an expression end", () => {
  assert.deepEqual(kinds("x\ny"), ["ident", "newline", "ident"]);
  assert.deepEqual(kinds("x +\ny"), ["ident", "+", "ident"]);
  assert.deepEqual(kinds("x\n\n\ny"), ["ident", "newline", "ident"]);
  for (const end of ["1", "1.5", '"s"', "true", "false", "f()", "x[0]", "{}"]) {
    const k = kinds(`${end}\n-x`);
    assert.equal(k[k.length - 3], "newline", `newline after ${end}`);
  }
  for (
    const op of ["+", "*", "==", "&&", "=", ",", "(", "[", "{", "..", "->"]
  ) {
    assert.ok(
      !kinds(`a ${op}\n`).includes("newline"),
      `no newline after ${op}`,
    );
  }
  assert.deepEqual(kinds("return\nbreak\ncontinue"), [
    "return",
    "newline",
    "break",
    "newline",
    "continue",
  ]);
  assert.deepEqual(kinds("let x =\n 1"), [
    "let",
    "ident",
    "=",
    "int",
  ]);
  assert.deepEqual(kinds("f(a,\n b\n)"), [
    "ident",
    "(",
    "ident",
    ",",
    "ident",
    ")",
  ]);
  assert.deepEqual(kinds("[1\n,2\n]"), [
    "[",
    "int",
    ",",
    "int",
    "]",
  ]);
  assert.deepEqual(kinds("{ a\n b }"), [
    "{",
    "ident",
    "newline",
    "ident",
    "}",
  ]);
  assert.deepEqual(kinds("\n\nx"), ["ident"]);
  // `var` may name the variance builtin, so it can end a line too.
  assert.deepEqual(kinds("{ a / var\n b }"), [
    "{",
    "ident",
    "/",
    "var",
    "newline",
    "ident",
    "}",
  ]);
});

Deno.test("lexer: newlines inside `{` nested in `(` count again", () => {
  const k = kinds("map(xs, fn(x) {\n x * 2\n y\n})\nz");
  assert.deepEqual(k, [
    "ident",
    "(",
    "ident",
    ",",
    "fn",
    "(",
    "ident",
    ")",
    "{",
    "ident",
    "*",
    "int",
    "newline",
    "ident",
    "newline",
    "}",
    ")",
    "newline",
    "ident",
  ]);
  // After the `}` we are back inside `(`: newlines are ignored again.
  assert.deepEqual(kinds("f({ a }\n, b)"), [
    "ident",
    "(",
    "{",
    "ident",
    "}",
    ",",
    "ident",
    ")",
  ]);
});

Deno.test("lexer: unexpected characters are E0001 and lexing goes on", () => {
  const r = lex("a $ b # c & d");
  assert.deepEqual(r.diagnostics.map((d) => d.code), [
    "E0001",
    "E0001",
    "E0001",
  ]);
  assert.equal(r.diagnostics[0].message, "unexpected character `$`");
  assert.deepEqual(r.tokens.map((t) => t.kind), [
    "ident",
    "ident",
    "ident",
    "ident",
    "eof",
  ]);
  const emoji = lex("x 😀 y");
  assert.equal(emoji.diagnostics[0].message, "unexpected character `😀`");
  assert.equal(emoji.diagnostics[0].span?.end, 4);
  assert.deepEqual(codes("\u00a0"), ["E0001"]);
});

Deno.test("lexer: spans, values and the trailing eof", () => {
  const r = lex("let xy = 12");
  const t = r.tokens;
  assert.deepEqual(
    t.map((x) => [x.kind, x.span.start, x.span.end]),
    [["let", 0, 3], ["ident", 4, 6], ["=", 7, 8], ["int", 9, 11], [
      "eof",
      11,
      11,
    ]],
  );
  assert.deepEqual(kinds(""), []);
  assert.deepEqual(kinds("\uFEFFx"), ["ident"]);
  assert.deepEqual(kinds("a\r\nb"), ["ident", "newline", "ident"]);
});

Deno.test("lexer: a statement keyword opening a line closes unclosed brackets", () => {
  assert.deepEqual(kinds("f(1\nlet x"), [
    "ident",
    "(",
    "int",
    "newline",
    "let",
    "ident",
  ]);
  assert.deepEqual(kinds("[1\nfn g"), ["[", "int", "newline", "fn", "ident"]);
  // After recovery the rest of the file has statement newlines again.
  assert.deepEqual(kinds("(1\nreturn\nx"), [
    "(",
    "int",
    "newline",
    "return",
    "newline",
    "ident",
  ]);
  // Expressions that may open a line inside brackets are left alone.
  for (
    const src of [
      "f(a,\n var(x))",
      "g(\n fn(x) { x })",
      "h(\n if c { 1 } else { 2 })",
      "[\n match x { _ => 1 }]",
    ]
  ) {
    assert.ok(!kinds(src).includes("newline"), src);
    assert.deepEqual(lex(src).diagnostics, []);
  }
  // The inserted newline sits at the line break, not on the keyword.
  const t = lex("f(1\nlet x").tokens[3];
  assert.equal(t.kind, "newline");
  assert.equal(t.span.start, 3);
});
