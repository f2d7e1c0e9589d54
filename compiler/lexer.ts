// The lexer: source text → tokens (spec §1). Scans with charCodeAt, never
// throws, reports bad input as diagnostics and keeps going. Decides which
// newlines end statements, tracking a bracket stack so that newlines count
// inside `{ }` (even within parentheses) and not inside `( )` or `[ ]`.

import { type Diagnostic, makeDiagnostic } from "./core/diagnostics.ts";
import type { SourceFile, Span } from "./core/span.ts";
import { KEYWORD_KINDS, type Token, type TokenKind } from "./token.ts";

/** The lexer's output. The token list always ends with an `eof` token. */
export interface LexResult {
  readonly tokens: Token[];
  readonly diagnostics: Diagnostic[];
}

/** Token kinds after which a newline ends a statement (spec §1). */
const ENDS_EXPR: ReadonlySet<TokenKind> = new Set<TokenKind>([
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
]);

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

/** Lexes a whole file. */
export function lexSource(file: SourceFile): LexResult {
  return new Lexer(file).run();
}

class Lexer {
  readonly text: string;
  readonly tokens: Token[] = [];
  readonly diagnostics: Diagnostic[] = [];
  /** Open brackets as char codes: 40 `(`, 91 `[`, 123 `{`. */
  readonly stack: number[] = [];
  last: TokenKind = "newline";
  i = 0;

  constructor(readonly file: SourceFile) {
    this.text = file.text;
  }

  span(start: number, end: number): Span {
    return { file: this.file, start, end };
  }

  push(kind: TokenKind, start: number, end: number, value: string | number) {
    this.tokens.push({ kind, value, span: { file: this.file, start, end } });
    this.last = kind;
  }

  /** A line break at `at`: emits a newline token if it ends a statement. */
  lineBreak(at: number) {
    const top = this.stack.length === 0
      ? 123
      : this.stack[this.stack.length - 1];
    if (top === 123 && ENDS_EXPR.has(this.last)) {
      this.push("newline", at, at + 1, "");
    }
  }

  open(code: number) {
    this.stack.push(code);
  }

  close(opener: number) {
    const s = this.stack;
    if (s.lastIndexOf(opener) < 0) return;
    while (s.length > 0 && s.pop() !== opener) { /* drop unclosed inner */ }
  }

  run(): LexResult {
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
        this.i++;
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
    this.lineBreak(n);
    this.push("eof", n, n, "");
    return { tokens: this.tokens, diagnostics: this.diagnostics };
  }

  identifier(start: number) {
    const text = this.text;
    let j = start + 1;
    while (j < text.length && isIdentChar(text.charCodeAt(j))) j++;
    this.i = j;
    const word = text.slice(start, j);
    const kw = KEYWORD_KINDS.get(word);
    if (kw !== undefined) this.push(kw, start, j, word);
    else if (word === "_") this.push("_", start, j, word);
    else this.push("ident", start, j, word);
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
      this.push(isFloat ? "float" : "int", start, j, 0);
      return;
    }
    this.i = j;
    if (isFloat) {
      let lit = text.slice(start, j);
      if (underscores) lit = lit.replaceAll("_", "");
      this.push("float", start, j, Number(lit));
      return;
    }
    if (value > INT_LIMIT) {
      this.error("E0006", start, j, [text.slice(start, j)]);
      value = 0;
    }
    this.push("int", start, j, value);
  }

  string(start: number) {
    const text = this.text;
    const n = text.length;
    let j = start + 1;
    let out = "";
    let runStart = j;
    for (;;) {
      if (j >= n || text.charCodeAt(j) === 10) {
        out += text.slice(runStart, j);
        this.error("E0002", start, j);
        break;
      }
      const c = text.charCodeAt(j);
      if (c === 34) {
        out += text.slice(runStart, j);
        j++;
        break;
      }
      if (c !== 92) {
        j++;
        continue;
      }
      out += text.slice(runStart, j);
      const r = this.escape(j);
      out += r.text;
      j = r.end;
      runStart = j;
    }
    this.i = j;
    this.push("str", start, j, out);
  }

  /** Decodes the escape at `at` (a backslash); returns its text and end. */
  escape(at: number): { text: string; end: number } {
    const text = this.text;
    const c = text.charCodeAt(at + 1);
    switch (c) {
      case 110:
        return { text: "\n", end: at + 2 };
      case 116:
        return { text: "\t", end: at + 2 };
      case 114:
        return { text: "\r", end: at + 2 };
      case 92:
        return { text: "\\", end: at + 2 };
      case 34:
        return { text: '"', end: at + 2 };
      case 117:
        return this.unicodeEscape(at);
    }
    if (Number.isNaN(c) || c === 10) {
      return { text: "", end: at + 1 };
    }
    const len = c >= 0xd800 && c <= 0xdbff ? 3 : 2;
    this.error("E0003", at, at + len, [text.slice(at, at + len)]);
    return { text: "", end: at + len };
  }

  unicodeEscape(at: number): { text: string; end: number } {
    const text = this.text;
    let j = at + 2;
    if (text.charCodeAt(j) === 123) {
      j++;
      let cp = 0;
      let digits = 0;
      for (;;) {
        const h = hexValue(text.charCodeAt(j));
        if (h < 0) break;
        cp = cp * 16 + h;
        digits++;
        j++;
      }
      if (text.charCodeAt(j) === 125) {
        j++;
        const valid = digits >= 1 && digits <= 6 && cp <= 0x10ffff &&
          !(cp >= 0xd800 && cp <= 0xdfff);
        if (valid) return { text: String.fromCodePoint(cp), end: j };
      }
    }
    this.error("E0007", at, j, [text.slice(at, j)]);
    return { text: "", end: j };
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
    const c1 = text.charCodeAt(start + 1);
    let kind: TokenKind | undefined;
    switch (c) {
      case 40: // (
        kind = "(";
        this.open(40);
        break;
      case 41:
        kind = ")";
        this.close(40);
        break;
      case 91:
        kind = "[";
        this.open(91);
        break;
      case 93:
        kind = "]";
        this.close(91);
        break;
      case 123:
        kind = "{";
        this.open(123);
        break;
      case 125:
        kind = "}";
        this.close(123);
        break;
      case 43: // +
        if (c1 === 61) kind = "+=";
        else kind = "+";
        break;
      case 45: // -
        if (c1 === 61) kind = "-=";
        else if (c1 === 62) kind = "->";
        else kind = "-";
        break;
      case 42: // *
        if (c1 === 42) kind = "**";
        else if (c1 === 61) kind = "*=";
        else kind = "*";
        break;
      case 47: // /
        if (c1 === 61) kind = "/=";
        else kind = "/";
        break;
      case 37:
        kind = "%";
        break;
      case 64:
        kind = "@";
        break;
      case 61: // =
        if (c1 === 61) kind = "==";
        else if (c1 === 62) kind = "=>";
        else kind = "=";
        break;
      case 33: // !
        if (c1 === 61) kind = "!=";
        else kind = "!";
        break;
      case 60: // <
        if (c1 === 61) kind = "<=";
        else kind = "<";
        break;
      case 62: // >
        if (c1 === 61) kind = ">=";
        else kind = ">";
        break;
      case 38: // &
        if (c1 === 38) kind = "&&";
        break;
      case 124: // |
        if (c1 === 124) kind = "||";
        else kind = "|";
        break;
      case 46: // .
        if (c1 !== 46) kind = ".";
        else if (text.charCodeAt(start + 2) === 61) kind = "..=";
        else kind = "..";
        break;
      case 58:
        kind = ":";
        break;
      case 44:
        kind = ",";
        break;
      case 59:
        kind = ";";
        break;
    }
    if (kind === undefined) {
      const cp = text.codePointAt(start) ?? c;
      const width = cp > 0xffff ? 2 : 1;
      this.error("E0001", start, start + width, [String.fromCodePoint(cp)]);
      this.i = start + width;
      return;
    }
    const end = start + kind.length;
    this.i = end;
    this.push(kind, start, end, "");
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

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
