// The lexer: source text → tokens (spec §1). Scans with charCodeAt, never
// throws, reports bad input as diagnostics and keeps going. Decides which
// newlines end statements, tracking a bracket stack so that newlines count
// inside `{ }` (even within parentheses) and not inside `( )` or `[ ]`.

import { type Diagnostic, makeDiagnostic } from "./core/diagnostics.ts";
import type { SourceFile, Span } from "./core/span.ts";
import { Interner } from "./lexer_intern.ts";
import { scanString } from "./lexer_string.ts";
import {
  KEYWORD_CODES,
  KIND_CODE as C,
  PUNCTUATION,
  type Token,
  tokenAt,
  type TokenBuffer,
  type TokenKind,
} from "./token.ts";

/** The lexer's output. The token list always ends with an `eof` token. */
export interface LexResult {
  readonly tokens: Token[];
  readonly diagnostics: Diagnostic[];
}

/** The lexer's compact output (what the parser reads). */
export interface LexBufferResult {
  readonly tokens: TokenBuffer;
  readonly diagnostics: Diagnostic[];
}

/** Token kinds after which a newline ends a statement (spec §1). */
const ENDERS: readonly TokenKind[] = [
  "ident",
  "int",
  "float",
  "str",
  "true",
  "false",
  ")",
  "]",
  "}",
  "return",
  "break",
  "continue",
  // `var` ends an expression when it names the variance builtin.
  "var",
];

/** ENDERS by kind code. */
const ENDS_EXPR = new Uint8Array(256);
for (const k of ENDERS) ENDS_EXPR[C[k]] = 1;

/** Keywords that can only start a statement (never inside an expression). */
const STATEMENT_ONLY = new Uint8Array(256);
for (
  const k of [
    "let",
    "while",
    "for",
    "return",
    "break",
    "continue",
    "model",
    "import",
  ] as const
) STATEMENT_ONLY[C[k]] = 1;

/** One punctuation token: its char codes and kind code. */
interface PunctEntry {
  readonly chars: readonly number[];
  readonly kind: number;
}

/**
 * Punctuation by first character, longest first. `_` is not here: it lexes
 * like an identifier.
 */
const PUNCT_BY_CHAR: PunctEntry[][] = [];
for (const p of [...PUNCTUATION].sort((a, b) => b.length - a.length)) {
  if (p === "_") continue;
  const chars = [...p].map((ch) => ch.charCodeAt(0));
  (PUNCT_BY_CHAR[chars[0]] ??= []).push({ chars, kind: C[p] });
}

/** The largest int literal the lexer accepts (2^31, valid only negated). */
const INT_LIMIT = 2147483648;

// Character classes for ASCII: 1 = identifier start, 2 = digit.
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) CLASS[c] = 1;
  else if (/[0-9]/.test(ch)) CLASS[c] = 2;
}

function isIdentChar(c: number): boolean {
  return c < 128 && CLASS[c] !== 0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Lexes a whole file into token objects. */
export function lexSource(file: SourceFile): LexResult {
  const { tokens, diagnostics } = lexToBuffer(file);
  const list: Token[] = new Array(tokens.count);
  for (let i = 0; i < tokens.count; i++) list[i] = tokenAt(tokens, i);
  return { tokens: list, diagnostics };
}

/** Lexes a whole file into a compact token buffer. */
export function lexToBuffer(file: SourceFile): LexBufferResult {
  return new Lexer(file, null).run();
}

/** The arrays of a token buffer, kept for the next lexToScratch. */
interface Arrays {
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  values: (string | number | undefined)[];
}

/** Buffers larger than this (in tokens) are not kept for reuse. */
const MAX_KEPT_TOKENS = 1 << 21;
let kept: Arrays | null = null;

/**
 * Like lexToBuffer, but may reuse the arrays of a buffer given back with
 * releaseScratch (fresh typed arrays cost a page fault per 4 KiB on first
 * write, a sizeable part of lexing). The buffer is valid until released,
 * and must then no longer be read.
 */
export function lexToScratch(file: SourceFile): LexBufferResult {
  const arrays = kept;
  kept = null;
  return new Lexer(file, arrays).run();
}

/** Gives a lexToScratch buffer back for reuse (its payloads are cleared). */
export function releaseScratch(buf: TokenBuffer): void {
  if (buf.starts.length > MAX_KEPT_TOKENS) return;
  const values = buf.values as (string | number | undefined)[];
  values.fill(undefined, 0, buf.count);
  kept = {
    kinds: buf.kinds,
    starts: buf.starts,
    ends: buf.ends,
    values,
  };
}

class Lexer {
  readonly text: string;
  kinds: Uint8Array;
  /**
   * Payloads by token index, allocated with the typed arrays (a JS array
   * grown by writes past its end is copied again and again).
   */
  values: (string | number | undefined)[];
  starts: Int32Array;
  ends: Int32Array;
  count = 0;
  readonly diagnostics: Diagnostic[] = [];
  /** Open brackets as char codes: 40 `(`, 91 `[`, 123 `{`. */
  readonly stack: number[] = [];
  /** Token count when the current line started (its first token's index). */
  lineStartCount = 0;
  /** Offset of the last line break seen. */
  lastBreak = 0;
  /** Code of the last token pushed. */
  last: number = C.newline;
  i = 0;
  readonly names: Interner;

  /** @param arrays cleared arrays to fill (if large enough), or null */
  constructor(readonly file: SourceFile, arrays: Arrays | null) {
    this.text = file.text;
    // About one distinct name per 60 characters in typical code.
    this.names = new Interner(KEYWORD_CODES, file.text.length / 60);
    // Dense code has a token every 2.5 to 4 characters.
    const capacity = ((file.text.length / 2.5) | 0) + 16;
    if (arrays !== null && arrays.starts.length >= capacity) {
      this.values = arrays.values;
      this.starts = arrays.starts;
      this.ends = arrays.ends;
      this.kinds = arrays.kinds;
      return;
    }
    this.values = new Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.kinds = new Uint8Array(capacity);
  }

  span(start: number, end: number): Span {
    return { file: this.file, start, end };
  }

  /** Appends a token of kind code `kind`; returns its index. */
  push(kind: number, start: number, end: number): number {
    const c = this.count;
    if (c === this.starts.length) this.grow();
    this.starts[c] = start;
    this.ends[c] = end;
    this.kinds[c] = kind;
    this.count = c + 1;
    this.last = kind;
    return c;
  }

  /** Appends a token with a payload. */
  pushValue(kind: number, start: number, end: number, value: string | number) {
    this.values[this.push(kind, start, end)] = value;
  }

  grow() {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    starts.set(this.starts);
    this.starts = starts;
    const ends = new Int32Array(size);
    ends.set(this.ends);
    this.ends = ends;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
    this.values.length = size;
  }

  /** A line break at `at`: emits a newline token if it ends a statement. */
  lineBreak(at: number) {
    const top = this.stack.length === 0
      ? 123
      : this.stack[this.stack.length - 1];
    if (top === 123 && ENDS_EXPR[this.last] === 1) {
      this.push(C.newline, at, at + 1);
    }
    this.lineStartCount = this.count;
    this.lastBreak = at;
  }

  close(opener: number) {
    const s = this.stack;
    if (s.lastIndexOf(opener) < 0) return;
    while (s.length > 0 && s.pop() !== opener) { /* drop unclosed inner */ }
  }

  run(): LexBufferResult {
    const text = this.text;
    const n = text.length;
    if (n > 0 && text.charCodeAt(0) === 0xfeff) this.i = 1;
    while (this.i < n) {
      const start = this.i;
      const c = text.charCodeAt(start);
      if (c === 10) {
        this.lineBreak(start);
        this.i++;
      } else if (c === 32 || c === 9 || c === 13) {
        let j = start + 1;
        while (text.charCodeAt(j) === 32) j++; // indentation runs
        this.i = j;
      } else if (c < 128 && CLASS[c] === 1) {
        this.identifier(start);
      } else if (isDigit(c)) {
        this.number(start);
      } else if (c === 34) {
        this.string(start);
      } else if (c === 47 && text.charCodeAt(start + 1) === 47) {
        let j = start + 2;
        while (j < n && text.charCodeAt(j) !== 10) j++;
        this.i = j;
      } else if (c === 47 && text.charCodeAt(start + 1) === 42) {
        this.blockComment(start);
      } else {
        this.punct(start, c);
      }
    }
    this.push(C.eof, n, n);
    const tokens: TokenBuffer = {
      file: this.file,
      count: this.count,
      kinds: this.kinds,
      starts: this.starts,
      ends: this.ends,
      values: this.values,
    };
    return { tokens, diagnostics: this.diagnostics };
  }

  identifier(start: number) {
    const text = this.text;
    const n = text.length;
    // The interner's hash, computed while scanning.
    let h = text.charCodeAt(start);
    let j = start + 1;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c >= 128 || CLASS[c] === 0) break;
      h = (Math.imul(h, 31) + c) | 0;
      j++;
    }
    this.i = j;
    if (j === start + 1 && h === 95) {
      this.push(C._, start, j);
      return;
    }
    const entry = this.names.internHashed(text, start, j, h);
    const kw = this.names.code(entry);
    if (kw < 0) this.pushValue(C.ident, start, j, this.names.name(entry));
    else {
      if (this.count === this.lineStartCount) this.unclosedBefore(kw, j);
      this.push(kw, start, j);
    }
  }

  /**
   * A statement keyword opening a line inside `(` or `[` can only mean that
   * the bracket was left unclosed: close it here and end the statement, so
   * the parser reports "expected `)`, found newline" and recovers.
   */
  unclosedBefore(kw: number, end: number) {
    const s = this.stack;
    if (s.length === 0 || s[s.length - 1] === 123) return;
    if (STATEMENT_ONLY[kw] !== 1) {
      if (kw !== C.var && kw !== C.fn) return;
      // `var x`/`fn name` declare; `var(x)` and `fn(x)` are expressions.
      let k = end;
      const text = this.text;
      while (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9) k++;
      const c = text.charCodeAt(k);
      if (!(c < 128 && CLASS[c] === 1)) return;
    }
    while (s.length > 0 && s[s.length - 1] !== 123) s.pop();
    this.push(C.newline, this.lastBreak, this.lastBreak + 1);
  }

  number(start: number) {
    const text = this.text;
    const n = text.length;
    let j = start;
    let value = 0;
    let underscores = false;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (isDigit(c)) value = value * 10 + (c - 48);
      else if (c === 95) underscores = true;
      else break;
    }
    let isFloat = false;
    if (text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) {
      isFloat = true;
      j += 2;
      while (
        j < n && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 95)
      ) {
        if (text.charCodeAt(j) === 95) underscores = true;
        j++;
      }
    }
    const e = text.charCodeAt(j);
    if (e === 101 || e === 69) {
      let k = j + 1;
      const sign = text.charCodeAt(k);
      if (sign === 43 || sign === 45) k++;
      if (isDigit(text.charCodeAt(k))) {
        isFloat = true;
        j = k;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
      }
    }
    if (j < n && isIdentChar(text.charCodeAt(j))) {
      while (j < n && isIdentChar(text.charCodeAt(j))) j++;
      this.i = j;
      this.error("E0005", start, j, [text.slice(start, j)]);
      this.pushValue(isFloat ? C.float : C.int, start, j, 0);
      return;
    }
    this.i = j;
    if (isFloat) {
      let lit = text.slice(start, j);
      if (underscores) lit = lit.replaceAll("_", "");
      this.pushValue(C.float, start, j, Number(lit));
      return;
    }
    if (value > INT_LIMIT) {
      this.error("E0006", start, j, [text.slice(start, j)]);
      value = 0;
    }
    this.pushValue(C.int, start, j, value);
  }

  string(start: number) {
    const r = scanString(this.file, start, this.diagnostics);
    this.i = r.end;
    this.pushValue(C.str, start, r.end, r.value);
  }

  blockComment(start: number) {
    const text = this.text;
    const n = text.length;
    let j = start + 2;
    let newlineAt = -1;
    while (
      j < n && !(text.charCodeAt(j) === 42 && text.charCodeAt(j + 1) === 47)
    ) {
      if (newlineAt < 0 && text.charCodeAt(j) === 10) newlineAt = j;
      j++;
    }
    if (j >= n) {
      this.error("E0004", start, start + 2);
      this.i = n;
    } else {
      this.i = j + 2;
    }
    if (newlineAt >= 0) this.lineBreak(newlineAt);
  }

  punct(start: number, c: number) {
    const text = this.text;
    const options = c < 128 ? PUNCT_BY_CHAR[c] : undefined;
    if (options !== undefined) {
      // Longest match first: `..=` before `..` before `.`.
      for (let o = 0; o < options.length; o++) {
        const { chars, kind } = options[o];
        let k = 1;
        while (k < chars.length && text.charCodeAt(start + k) === chars[k]) k++;
        if (k < chars.length) continue;
        if (c === 40 || c === 91 || c === 123) this.stack.push(c);
        else if (c === 41) this.close(40);
        else if (c === 93) this.close(91);
        else if (c === 125) this.close(123);
        this.i = start + chars.length;
        this.push(kind, start, this.i);
        return;
      }
    }
    const cp = text.codePointAt(start) ?? c;
    const width = cp > 0xffff ? 2 : 1;
    this.error("E0001", start, start + width, [String.fromCodePoint(cp)]);
    this.i = start + width;
  }

  error(
    code: "E0001" | "E0002" | "E0003" | "E0004" | "E0005" | "E0006" | "E0007",
    start: number,
    end: number,
    args: string[] = [],
  ) {
    this.diagnostics.push(makeDiagnostic(code, this.span(start, end), args));
  }
}
