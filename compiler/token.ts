// Tokens: the lexer's output and the parser's input. A token kind is its
// punctuation or keyword text, or one of the literal/structural kinds below.

import type { Span } from "./core/span.ts";

/** The reserved words of spec §1. */
export const KEYWORDS = [
  "let",
  "var",
  "fn",
  "return",
  "if",
  "else",
  "while",
  "for",
  "in",
  "break",
  "continue",
  "true",
  "false",
  "model",
  "import",
  "match",
] as const;

/** A reserved word. */
export type Keyword = typeof KEYWORDS[number];

/** Every operator and punctuation token, as written. `_` is the wildcard. */
export const PUNCTUATION = [
  "+",
  "-",
  "*",
  "/",
  "%",
  "@",
  "**",
  "==",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "&&",
  "||",
  "!",
  "=",
  "+=",
  "-=",
  "*=",
  "/=",
  "..",
  "..=",
  "=>",
  "->",
  ":",
  ",",
  ";",
  ".",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  "|",
  "_",
] as const;

/** An operator or punctuation token kind. */
export type Punct = typeof PUNCTUATION[number];

/**
 * Kinds with a payload or no text: `ident` (value: the name), `int` and
 * `float` (value: the number), `str` (value: the decoded text), `newline`
 * (a statement-ending newline, spec §1) and `eof` (always last).
 */
export const VALUE_KINDS = [
  "ident",
  "int",
  "float",
  "str",
  "newline",
  "eof",
] as const;

/** Every token kind. */
export type TokenKind = typeof VALUE_KINDS[number] | Keyword | Punct;

/** All token kinds, for tables that must cover each one. */
export const TOKEN_KINDS: readonly TokenKind[] = [
  ...VALUE_KINDS,
  ...KEYWORDS,
  ...PUNCTUATION,
];

/** One token. `value` is the name, number or decoded string; "" otherwise. */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string | number;
  readonly span: Span;
}

/** Keyword lookup by text. */
export const KEYWORD_KINDS: ReadonlyMap<string, Keyword> = new Map(
  KEYWORDS.map((k) => [k, k]),
);

/** Describes a token for "expected X, found Y" messages. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case "newline":
      return "newline";
    case "eof":
      return "end of file";
    case "str":
      return "string literal";
    case "ident":
      return `identifier \`${t.value}\``;
    case "int":
    case "float":
      return `\`${t.span.file.text.slice(t.span.start, t.span.end)}\``;
    default:
      return `\`${t.kind}\``;
  }
}
