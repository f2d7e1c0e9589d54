// THE Pratt rule table (clox style): for every token kind, how it starts an
// expression (prefix), how it continues one (infix) and how tightly it binds.
// The parser and the printer both read precedences from here.

import { TOKEN_KINDS, type TokenKind } from "./token.ts";

/** Binding power, loosest first (spec §3, with ranges loosest of all). */
export const Prec = {
  None: 0,
  Range: 1,
  Or: 2,
  And: 3,
  Equality: 4,
  Comparison: 5,
  Term: 6,
  Factor: 7,
  Unary: 8,
  Power: 9,
  Postfix: 10,
  Primary: 11,
} as const;

/** A binding power. */
export type Prec = typeof Prec[keyof typeof Prec];

/** How a token starts an expression; the parser maps each to a function. */
export type PrefixKind =
  | "literal"
  | "name"
  | "unary"
  | "group"
  | "bracket"
  | "block"
  | "if"
  | "match"
  | "lambda";

/** How a token continues an expression. */
export type InfixKind =
  | "binary"
  | "power"
  | "range"
  | "call"
  | "index"
  | "member";

/** One row of the table. `prec` is the infix binding power (None if no infix). */
export interface ParseRule {
  readonly prefix?: PrefixKind;
  readonly infix?: InfixKind;
  readonly prec: Prec;
}

const ROWS: Partial<Record<TokenKind, ParseRule>> = {
  int: { prefix: "literal", prec: Prec.None },
  float: { prefix: "literal", prec: Prec.None },
  str: { prefix: "literal", prec: Prec.None },
  true: { prefix: "literal", prec: Prec.None },
  false: { prefix: "literal", prec: Prec.None },
  ident: { prefix: "name", prec: Prec.None },
  // `var` is also the variance builtin: `var(x)` in expression position.
  var: { prefix: "name", prec: Prec.None },
  "(": { prefix: "group", infix: "call", prec: Prec.Postfix },
  "[": { prefix: "bracket", infix: "index", prec: Prec.Postfix },
  ".": { infix: "member", prec: Prec.Postfix },
  "{": { prefix: "block", prec: Prec.None },
  if: { prefix: "if", prec: Prec.None },
  match: { prefix: "match", prec: Prec.None },
  fn: { prefix: "lambda", prec: Prec.None },
  "!": { prefix: "unary", prec: Prec.None },
  "-": { prefix: "unary", infix: "binary", prec: Prec.Term },
  "+": { infix: "binary", prec: Prec.Term },
  "*": { infix: "binary", prec: Prec.Factor },
  "/": { infix: "binary", prec: Prec.Factor },
  "%": { infix: "binary", prec: Prec.Factor },
  "@": { infix: "binary", prec: Prec.Factor },
  "**": { infix: "power", prec: Prec.Power },
  "==": { infix: "binary", prec: Prec.Equality },
  "!=": { infix: "binary", prec: Prec.Equality },
  "<": { infix: "binary", prec: Prec.Comparison },
  "<=": { infix: "binary", prec: Prec.Comparison },
  ">": { infix: "binary", prec: Prec.Comparison },
  ">=": { infix: "binary", prec: Prec.Comparison },
  "&&": { infix: "binary", prec: Prec.And },
  "||": { infix: "binary", prec: Prec.Or },
  "..": { infix: "range", prec: Prec.Range },
  "..=": { infix: "range", prec: Prec.Range },
};

const NO_RULE: ParseRule = { prec: Prec.None };

/** The rule of every token kind (tokens with no role get an empty rule). */
export const RULES: Readonly<Record<TokenKind, ParseRule>> = Object.fromEntries(
  TOKEN_KINDS.map((k) => [k, ROWS[k] ?? NO_RULE]),
) as Record<TokenKind, ParseRule>;

/** RULES indexed by kind code (the parser's hot path). */
export const RULE_BY_CODE: readonly ParseRule[] = TOKEN_KINDS.map((k) =>
  RULES[k]
);

/** The infix binding power of a binary operator (for the printer). */
export function binaryPrec(op: TokenKind): Prec {
  return RULES[op].prec;
}
