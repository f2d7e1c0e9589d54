// Tokens: the lexer's output and the parser's input. A token kind is its
// punctuation or keyword text, or one of the literal/structural kinds below.

import type { SourceFile, Span } from "./core/span.ts";

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

/** All token kinds; a kind's index here is its numeric code. */
export const TOKEN_KINDS: readonly TokenKind[] = [
  ...VALUE_KINDS,
  ...KEYWORDS,
  ...PUNCTUATION,
];

/** The numeric code of every kind (its index in TOKEN_KINDS). */
export const KIND_CODE: Readonly<Record<TokenKind, number>> = Object
  .fromEntries(TOKEN_KINDS.map((k, i) => [k, i])) as Record<TokenKind, number>;

/** One token. `value` is the name, number or decoded string; "" otherwise. */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string | number;
  readonly span: Span;
}

/**
 * The lexer's compact output: token i has kind code `kinds[i]` (an index
 * into TOKEN_KINDS), source range [`starts[i]`, `ends[i]`) and payload
 * `values[i]` (only for ident/int/float/str). Parallel typed arrays instead
 * of one object per token keep lexing nearly allocation-free.
 */
export interface TokenBuffer {
  readonly file: SourceFile;
  /** Number of tokens; the last is always `eof`. */
  readonly count: number;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly values: readonly (string | number | undefined)[];
}

/** Token `i` of a buffer as an object (for tools, tests and messages). */
export function tokenAt(buf: TokenBuffer, i: number): Token {
  return {
    kind: TOKEN_KINDS[buf.kinds[i]],
    value: buf.values[i] ?? "",
    span: { file: buf.file, start: buf.starts[i], end: buf.ends[i] },
  };
}

/** Keyword lookup by text. */
export const KEYWORD_KINDS: ReadonlyMap<string, Keyword> = new Map(
  KEYWORDS.map((k) => [k, k]),
);

/** Keyword codes by text (the lexer's hot path). */
export const KEYWORD_CODES: ReadonlyMap<string, number> = new Map(
  KEYWORDS.map((k) => [k, KIND_CODE[k]]),
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
