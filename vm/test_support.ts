// Test support for the interpreter's tests: runs dl source text through the
// parser and the interpreter and reports stdout and the error, if any.

import type { Diagnostic } from "../compiler/core/diagnostics.ts";
import { renderDiagnostic } from "../compiler/core/diagnostics.ts";
import { makeSourceFile } from "../compiler/core/span.ts";
import { parseProgram } from "../compiler/parser.ts";
import { type RunOptions, runProgram } from "./interp.ts";

/** What a test run produced. */
export interface TestRun {
  /** Everything the program printed. */
  readonly out: string;
  /** The runtime error, if the run failed. */
  readonly error?: Diagnostic;
}

/** Parses `src` (failing on syntax errors) and runs it. */
export function runSource(
  src: string,
  opts: Omit<RunOptions, "stdout"> = {},
): TestRun {
  const file = makeSourceFile("test.dl", src);
  const parsed = parseProgram(file);
  if (parsed.diagnostics.length > 0) {
    throw new Error(
      "test program does not parse:\n" +
        parsed.diagnostics.map((d) => renderDiagnostic(d)).join("\n"),
    );
  }
  let out = "";
  const r = runProgram(
    { modules: [{ program: parsed.program }] },
    { ...opts, stdout: (s) => (out += s) },
  );
  return r.ok ? { out } : { out, error: r.error };
}

/** Runs `src` and returns its stdout, failing if it ends with an error. */
export function outputOf(src: string): string {
  const r = runSource(src);
  if (r.error !== undefined) {
    throw new Error("unexpected runtime error:\n" + renderDiagnostic(r.error));
  }
  return r.out;
}

/** Runs `src`, which must fail; returns the error rendered as text. */
export function errorOf(src: string, opts: Omit<RunOptions, "stdout"> = {}): {
  code: string;
  message: string;
  text: string;
  out: string;
} {
  const r = runSource(src, opts);
  if (r.error === undefined) {
    throw new Error("expected a runtime error, got output:\n" + r.out);
  }
  return {
    code: r.error.code,
    message: r.error.message,
    text: renderDiagnostic(r.error),
    out: r.out,
  };
}
