// The parser's cursor over the token list, its error reporting (clox-style
// panic mode: one error per statement, then resynchronise at a statement
// boundary) and its nesting-depth guard. Shared by the parser_* files.

import type { Block, Expr } from "./ast.ts";
import type { CodeId } from "./core/codes.ts";
import { type Diagnostic, makeDiagnostic } from "./core/diagnostics.ts";
import type { SourceFile, Span } from "./core/span.ts";
import {
  describeToken,
  TOKEN_KINDS,
  tokenAt,
  type TokenBuffer,
  type TokenKind,
} from "./token.ts";

/** How deep expressions, blocks, types and patterns may nest (E0108 past it). */
export const MAX_DEPTH = 256;

/** Mutable parser state; one per parsed file. */
export interface ParserState {
  readonly file: SourceFile;
  readonly buf: TokenBuffer;
  /** Same as buf.kinds: kind codes (hot). */
  readonly kinds: Uint8Array;
  /** Index of the `eof` token. */
  readonly last: number;
  pos: number;
  readonly diagnostics: Diagnostic[];
  /** Set after an error until the statement loop resynchronises. */
  panic: boolean;
  /** Current nesting depth. */
  depth: number;
  /** Set once nesting went too deep; the rest of the file is skipped. */
  tooDeep: boolean;
  /** The item stack of lists being parsed, and its height (see itemsMark). */
  readonly items: unknown[];
  top: number;
  /** Parses a `{ … }` block; set by parser.ts (statements live in parser_stmt.ts). */
  parseBlock: (p: ParserState) => Block;
}

/** A fresh state over `buf` (which must end with `eof`). */
export function makeParserState(
  buf: TokenBuffer,
  parseBlock: (p: ParserState) => Block,
): ParserState {
  return {
    file: buf.file,
    buf,
    kinds: buf.kinds,
    last: buf.count - 1,
    pos: 0,
    diagnostics: [],
    panic: false,
    depth: 0,
    tooDeep: false,
    items: [],
    top: 0,
    parseBlock,
  };
}

/** The kind of the token `offset` places ahead (clamped to `eof`). */
export function peek(p: ParserState, offset = 0): TokenKind {
  const i = p.pos + offset;
  return TOKEN_KINDS[p.kinds[i < p.last ? i : p.last]];
}

/** The kind of token `i`. */
export function kindAt(p: ParserState, i: number): TokenKind {
  return TOKEN_KINDS[p.kinds[i]];
}

/** True if the current token has kind `kind`. */
export function at(p: ParserState, kind: TokenKind): boolean {
  return TOKEN_KINDS[p.kinds[p.pos]] === kind;
}

/** Consumes the current token (never moves past `eof`); returns its index. */
export function advance(p: ParserState): number {
  const i = p.pos;
  if (i < p.last) p.pos = i + 1;
  return i;
}

/** Consumes the current token if it has kind `kind`. */
export function accept(p: ParserState, kind: TokenKind): boolean {
  if (TOKEN_KINDS[p.kinds[p.pos]] !== kind) return false;
  advance(p);
  return true;
}

/** The span of token `i`. */
export function spanOf(p: ParserState, i: number): Span {
  return { file: p.file, start: p.buf.starts[i], end: p.buf.ends[i] };
}

/** The payload of token `i` (name, number or decoded string). */
export function valueOf(p: ParserState, i: number): string | number {
  return p.buf.values[i] ?? "";
}

/** The start offset of the current token. */
export function startOf(p: ParserState): number {
  return p.buf.starts[p.pos];
}

/** Describes the current token for messages. */
export function describeCurrent(p: ParserState): string {
  return describeToken(tokenAt(p.buf, p.pos));
}

/**
 * Consumes a token of kind `kind`, or reports "expected `kind`, found …"
 * (E0101) without consuming. `what` overrides the expected description.
 */
export function expect(
  p: ParserState,
  kind: TokenKind,
  what?: string,
): boolean {
  if (TOKEN_KINDS[p.kinds[p.pos]] === kind) {
    advance(p);
    return true;
  }
  errorExpected(p, what ?? `\`${kind}\``);
  return false;
}

/** Reports E0101 "expected `what`, found <current token>". */
export function errorExpected(p: ParserState, what: string, hint?: string) {
  errorAt(p, "E0101", spanOf(p, p.pos), [what, describeCurrent(p)], hint);
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
  while (TOKEN_KINDS[p.kinds[p.pos]] === "newline") p.pos++;
}

/** From offset `start` to the end of the last consumed token. */
export function spanFrom(p: ParserState, start: number): Span {
  const end = p.pos > 0 ? p.buf.ends[p.pos - 1] : start;
  return { file: p.file, start, end: end > start ? end : start };
}

/**
 * Where a list being parsed (arguments, elements, statements…) starts on
 * the shared item stack: push its items with pushItem, then takeItems. The
 * list comes out in an array of exactly its length; one grown by `push`
 * would keep up to 16 spare slots (about 130 bytes on a 64-bit heap) that
 * the AST carries, and the garbage collector copies, for its lifetime.
 */
export function itemsMark(p: ParserState): number {
  return p.top;
}

/** Adds an item to the list being parsed (see itemsMark). */
export function pushItem(p: ParserState, item: unknown): void {
  p.items[p.top++] = item;
}

/**
 * The items pushed since `mark`, removed from the stack. Built by array
 * literals and `new Array`, not `slice`: those allocation sites let V8
 * allocate arrays the AST keeps straight into the old generation
 * (pretenuring), instead of copying each one out of the young generation.
 */
export function takeItems<T>(p: ParserState, mark: number): T[] {
  const items = p.items as T[];
  const n = p.top - mark;
  p.top = mark;
  switch (n) {
    case 0:
      return [];
    case 1:
      return [items[mark]];
    case 2:
      return [items[mark], items[mark + 1]];
    case 3:
      return [items[mark], items[mark + 1], items[mark + 2]];
    default: {
      const out: T[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = items[mark + i];
      return out;
    }
  }
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
    p.diagnostics.push(makeDiagnostic("E0108", spanOf(p, p.pos)));
    p.tooDeep = true;
    p.panic = true;
    p.pos = p.last;
    return false;
  }
  p.depth++;
  return true;
}

/** Leaves a nesting level entered with `enter`. */
export function leave(p: ParserState) {
  p.depth--;
}

/** Keywords at which a new statement surely starts (resync points). */
const STMT_KEYWORDS: ReadonlySet<TokenKind> = new Set<TokenKind>([
  "let",
  "while",
  "for",
  "return",
  "model",
  "import",
]);

/**
 * Panic-mode recovery: skips to the end of the current statement (a newline
 * or `;`, consumed), to a `}` / end of file that closes the enclosing block
 * (not consumed), or to a keyword that starts a new statement (not
 * consumed; only past `stmtStart`, the index where the broken statement
 * began). Brace groups on the way are skipped whole.
 */
export function synchronize(p: ParserState, stmtStart: number) {
  p.panic = false;
  let braces = 0;
  for (;;) {
    const k = TOKEN_KINDS[p.kinds[p.pos]];
    if (k === "eof") return;
    if (braces === 0) {
      if (k === "newline" || k === ";") {
        p.pos++;
        return;
      }
      if (k === "}") return;
      if (p.pos > stmtStart && startsStatement(p, k)) return;
    }
    if (k === "{") braces++;
    else if (k === "}") braces--;
    p.pos++;
  }
}

function startsStatement(p: ParserState, k: TokenKind): boolean {
  if (STMT_KEYWORDS.has(k)) return true;
  return (k === "fn" || k === "var") && peek(p, 1) === "ident";
}

/**
 * Skips to the `}` that closes the current brace group and consumes it
 * (balanced groups on the way are skipped whole). Stays in panic mode.
 */
export function skipPastBrace(p: ParserState) {
  let depth = 0;
  for (;;) {
    const k = TOKEN_KINDS[p.kinds[p.pos]];
    if (k === "eof") return;
    p.pos++;
    if (k === "(" || k === "[" || k === "{") depth++;
    else if (k === ")" || k === "]") depth = Math.max(0, depth - 1);
    else if (k === "}") {
      if (depth === 0) return;
      depth--;
    }
  }
}
