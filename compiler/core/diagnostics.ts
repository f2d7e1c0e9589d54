// Diagnostics: errors as values with spans, and their rendering in the style
// of rustc (section 10 of the language spec). Every stage returns these; only
// main.ts and the REPL turn them into text.

import { type CodeId, CODES } from "./codes.ts";
import { lineCol, lineText, type Span } from "./span.ts";

/** One frame of the dl call stack, innermost first. */
export interface StackFrame {
  /** Function name as the user wrote it, or `<main>` for top-level code. */
  readonly name: string;
  /** The call site (for the innermost frame, the faulting expression). */
  readonly span: Span;
}

/** A compile-time or runtime error (or warning), always with a code. */
export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly code: CodeId;
  readonly message: string;
  /** Absent only for errors that belong to no source (e.g. a missing file). */
  readonly span?: Span;
  /** A short suggestion printed as `= hint: …`. */
  readonly hint?: string;
  /** Runtime errors: the dl call stack, innermost first. */
  readonly stack?: readonly StackFrame[];
}

/** Builds a diagnostic from the message table: `{0}`, `{1}`… are filled from args. */
export function makeDiagnostic(
  code: CodeId,
  span: Span | undefined,
  args: readonly (string | number)[] = [],
  opts: { hint?: string; severity?: "error" | "warning" } = {},
): Diagnostic {
  const template = CODES[code];
  const message = template.replace(
    /\{(\d+)\}/g,
    (_, i: string) => String(args[Number(i)] ?? ""),
  );
  return {
    severity: opts.severity ?? "error",
    code,
    message,
    span,
    hint: opts.hint,
  };
}

/** Options for rendering diagnostics as text. */
export interface RenderOptions {
  /** ANSI colours (only on a terminal and never with NO_COLOR; the caller decides). */
  readonly color?: boolean;
}

const ANSI = {
  red: "\x1b[1;31m",
  yellow: "\x1b[1;33m",
  blue: "\x1b[1;34m",
  bold: "\x1b[1m",
  reset: "\x1b[0m",
};

/** Renders one diagnostic in the rustc-like text form of the spec's section 10. */
export function renderDiagnostic(
  d: Diagnostic,
  opts: RenderOptions = {},
): string {
  const c = (style: keyof typeof ANSI, s: string) =>
    opts.color ? ANSI[style] + s + ANSI.reset : s;
  const head = d.severity === "error"
    ? c("red", "error")
    : c("yellow", "warning");
  const out: string[] = [`${head}${c("bold", ": " + d.message)}`];
  if (d.span) {
    const file = d.span.file;
    const start = lineCol(file, d.span.start);
    const endOffset = Math.max(d.span.start, d.span.end - 1);
    const end = lineCol(file, endOffset);
    const gutter = " ".repeat(String(start.line).length);
    const bar = c("blue", `${gutter} |`);
    out.push(
      `${gutter}${c("blue", "-->")} ${file.path}:${start.line}:${start.col}`,
    );
    out.push(bar);
    const text = expandTabs(lineText(file, start.line));
    out.push(`${c("blue", `${start.line} |`)} ${text}`);
    const srcLine = lineText(file, start.line);
    const before = expandTabs([...srcLine].slice(0, start.col - 1).join(""));
    const lastCol = end.line === start.line ? end.col : [...srcLine].length;
    const spanText = expandTabs(
      [...srcLine].slice(start.col - 1, Math.max(lastCol, start.col)).join(""),
    );
    const width = Math.max(1, [...spanText].length);
    out.push(
      `${bar} ${" ".repeat([...before].length)}${c("red", "^".repeat(width))}`,
    );
  }
  if (d.hint) {
    out.push(`${c("blue", " ".repeat(gutterWidth(d)) + " =")} hint: ${d.hint}`);
  }
  if (d.stack && d.stack.length > 0) {
    out.push("stack:");
    for (const frame of d.stack) {
      const p = lineCol(frame.span.file, frame.span.start);
      out.push(
        `  at ${frame.name} (${frame.span.file.path}:${p.line}:${p.col})`,
      );
    }
  }
  return out.join("\n");
}

function gutterWidth(d: Diagnostic): number {
  return d.span ? String(lineCol(d.span.file, d.span.start).line).length : 0;
}

function expandTabs(s: string): string {
  return s.replace(/\t/g, "    ");
}

/** The JSON form used by `dl check --json`: one object per diagnostic. */
export function diagnosticToJson(d: Diagnostic): Record<string, unknown> {
  const obj: Record<string, unknown> = {
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
  if (d.span) {
    const s = lineCol(d.span.file, d.span.start);
    const e = lineCol(d.span.file, d.span.end);
    obj.file = d.span.file.path;
    obj.line = s.line;
    obj.col = s.col;
    obj.endLine = e.line;
    obj.endCol = e.col;
  }
  if (d.hint) obj.hint = d.hint;
  if (d.stack) {
    obj.stack = d.stack.map((f) => {
      const p = lineCol(f.span.file, f.span.start);
      return { name: f.name, file: f.span.file.path, line: p.line, col: p.col };
    });
  }
  return obj;
}
