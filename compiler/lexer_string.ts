// String literals for the lexer (spec §1): scans `"…"` from its opening
// quote, decoding `\n \t \r \\ \" \u{…}`. A string ends at its line's end
// at the latest (E0002); bad escapes are E0003 / E0007 and are dropped.

import { type Diagnostic, makeDiagnostic } from "./core/diagnostics.ts";
import type { SourceFile } from "./core/span.ts";

/** A scanned string literal: its decoded text and the offset after it. */
export interface ScannedString {
  readonly value: string;
  readonly end: number;
}

/** Scans the string literal whose opening quote is at `start`. */
export function scanString(
  file: SourceFile,
  start: number,
  diagnostics: Diagnostic[],
): ScannedString {
  const text = file.text;
  const n = text.length;
  let j = start + 1;
  let out = "";
  let runStart = j;
  for (;;) {
    if (j >= n || text.charCodeAt(j) === 10) {
      out += text.slice(runStart, j);
      diagnostics.push(makeDiagnostic("E0002", { file, start, end: j }));
      return { value: out, end: j };
    }
    const c = text.charCodeAt(j);
    if (c === 34) {
      out += text.slice(runStart, j);
      return { value: out, end: j + 1 };
    }
    if (c !== 92) {
      j++;
      continue;
    }
    out += text.slice(runStart, j);
    const r = escape(file, j, diagnostics);
    out += r.value;
    j = r.end;
    runStart = j;
  }
}

/** Decodes the escape whose backslash is at `at`. */
function escape(
  file: SourceFile,
  at: number,
  diagnostics: Diagnostic[],
): ScannedString {
  const text = file.text;
  const c = text.charCodeAt(at + 1);
  switch (c) {
    case 110:
      return { value: "\n", end: at + 2 };
    case 116:
      return { value: "\t", end: at + 2 };
    case 114:
      return { value: "\r", end: at + 2 };
    case 92:
      return { value: "\\", end: at + 2 };
    case 34:
      return { value: '"', end: at + 2 };
    case 117:
      return unicodeEscape(file, at, diagnostics);
  }
  // A backslash at the end of the line or file: the string is unterminated.
  if (Number.isNaN(c) || c === 10) return { value: "", end: at + 1 };
  const len = c >= 0xd800 && c <= 0xdbff ? 3 : 2;
  const span = { file, start: at, end: at + len };
  diagnostics.push(
    makeDiagnostic("E0003", span, [text.slice(at, at + len)]),
  );
  return { value: "", end: at + len };
}

/** `\u{1F600}`: one to six hex digits naming a Unicode scalar value. */
function unicodeEscape(
  file: SourceFile,
  at: number,
  diagnostics: Diagnostic[],
): ScannedString {
  const text = file.text;
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
      if (valid) return { value: String.fromCodePoint(cp), end: j };
    }
  }
  const span = { file, start: at, end: j };
  diagnostics.push(makeDiagnostic("E0007", span, [text.slice(at, j)]));
  return { value: "", end: j };
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
