// The parser's cursor over the token list, its error reporting (clox-style
// panic mode: one error per statement, then resynchronise at a statement
// boundary) and its nesting-depth guard. Shared by the parser_* files.

import type { Block, Expr } from "./ast.ts";
import type { CodeId } from "./core/codes.ts";
import { type Diagnostic, makeDiagnostic } from "./core/diagnostics.ts";
import type { SourceFile, Span } from "./core/span.ts";
import { describeToken, type Token, type TokenKind } from "./token.ts";

/** How deep expressions, blocks, types and patterns may nest (E0108 past it). */
export const MAX_DEPTH = 256;

/** Mutable parser state; one per parsed file. */
export interface ParserState {
  readonly file: SourceFile;
  readonly tokens: readonly Token[];
  pos: number;
  readonly diagnostics: Diagnostic[];
  /** Set after an error until the statement loop resynchronises. */
  panic: boolean;
  /** Current nesting depth. */
  depth: number;
  /** Set once nesting went too deep; the rest of the file is skipped. */
  tooDeep: boolean;
  /** Parses a `{ … }` block; set by parser.ts (statements live in parser_stmt.ts). */
  parseBlock: (p: ParserState) => Block;
}

/** A fresh state over `tokens` (which must end with `eof`). */
export function makeParserState(
  file: SourceFile,
  tokens: readonly Token[],
  parseBlock: (p: ParserState) => Block,
): ParserState {
  return {
    file,
    tokens,
    pos: 0,
    diagnostics: [],
    panic: false,
    depth: 0,
    tooDeep: false,
    parseBlock,
  };
}

/** The token `offset` places ahead (clamped to `eof`). */
export function peek(p: ParserState, offset = 0): Token {
  const i = p.pos + offset;
  const toks = p.tokens;
  return i < toks.length ? toks[i] : toks[toks.length - 1];
}

/** True if the current token has kind `kind`. */
export function at(p: ParserState, kind: TokenKind): boolean {
  return p.tokens[p.pos].kind === kind;
}

/** Consumes and returns the current token (never moves past `eof`). */
export function advance(p: ParserState): Token {
  const t = p.tokens[p.pos];
  if (t.kind !== "eof") p.pos++;
  return t;
}

/** Consumes the current token if it has kind `kind`. */
export function accept(p: ParserState, kind: TokenKind): Token | undefined {
  return p.tokens[p.pos].kind === kind ? advance(p) : undefined;
}

/**
 * Consumes a token of kind `kind`, or reports "expected `kind`, found …"
 * (E0101) without consuming. `what` overrides the expected description.
 */
export function expect(
  p: ParserState,
  kind: TokenKind,
  what?: string,
): Token | undefined {
  const t = p.tokens[p.pos];
  if (t.kind === kind) return advance(p);
  errorExpected(p, what ?? `\`${kind}\``);
  return undefined;
}

/** Reports E0101 "expected `what`, found <current token>". */
export function errorExpected(p: ParserState, what: string, hint?: string) {
  const t = p.tokens[p.pos];
  errorAt(p, "E0101", t.span, [what, describeToken(t)], hint);
}

/** Reports a diagnostic unless already panicking; enters panic mode. */
export function errorAt(
  p: ParserState,
  code: CodeId,
  span: Span,
  args: readonly (string | number)[] = [],
  hint?: string,
) {
  if (p.panic || p.tooDeep) return;
  p.panic = true;
  p.diagnostics.push(makeDiagnostic(code, span, args, { hint }));
}

/** Reports a diagnostic that does not disturb parsing (no panic mode). */
export function reportAt(
  p: ParserState,
  code: CodeId,
  span: Span,
  args: readonly (string | number)[] = [],
) {
  if (p.panic || p.tooDeep) return;
  p.diagnostics.push(makeDiagnostic(code, span, args));
}

/** Skips newline tokens. */
export function skipNewlines(p: ParserState) {
  while (p.tokens[p.pos].kind === "newline") p.pos++;
}

/** From `start` to the end of the last consumed token. */
export function spanFrom(p: ParserState, start: Span): Span {
  const prev = p.pos > 0 ? p.tokens[p.pos - 1].span : start;
  return {
    file: start.file,
    start: start.start,
    end: Math.max(start.end, prev.end),
  };
}

/** The stand-in for an expression that failed to parse: the unit value. */
export function errorExpr(span: Span): Expr {
  return { kind: "Tuple", elements: [], span };
}

/**
 * Enters one nesting level. Past MAX_DEPTH it reports E0108 once, skips the
 * rest of the file and returns false (the caller must not then call leave).
 */
export function enter(p: ParserState): boolean {
  if (p.tooDeep) return false;
  if (p.depth >= MAX_DEPTH) {
    const t = p.tokens[p.pos];
    p.diagnostics.push(makeDiagnostic("E0108", t.span));
    p.tooDeep = true;
    p.panic = true;
    p.pos = p.tokens.length - 1;
    return false;
  }
  p.depth++;
  return true;
}

/** Leaves a nesting level entered with `enter`. */
export function leave(p: ParserState) {
  p.depth--;
}

/**
 * Panic-mode recovery: skips to the end of the current statement (a newline
 * or `;`, consumed) or to a `}` / end of file that closes the enclosing
 * block (not consumed), skipping balanced bracket groups on the way.
 */
export function synchronize(p: ParserState) {
  p.panic = false;
  let depth = 0;
  for (;;) {
    const k = p.tokens[p.pos].kind;
    if (k === "eof") return;
    if (depth === 0) {
      if (k === "newline" || k === ";") {
        p.pos++;
        return;
      }
      if (k === "}") return;
    }
    if (k === "(" || k === "[" || k === "{") depth++;
    else if ((k === ")" || k === "]" || k === "}") && depth > 0) depth--;
    p.pos++;
  }
}
