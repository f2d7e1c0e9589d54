// Test support for the interpreter's tests: runs dl source text through the
// whole front end (parse, load, check) and the interpreter, and reports
// stdout and the runtime error, if any.

import type { Diagnostic } from "../compiler/core/diagnostics.ts";
import { renderDiagnostic } from "../compiler/core/diagnostics.ts";
import { makeSourceFile } from "../compiler/core/span.ts";
import { compileSource } from "../compiler/mod.ts";
import { parseProgram } from "../compiler/parser.ts";
import { type RunOptions, runProgram } from "./interp.ts";

/** What a test run produced. */
export interface TestRun {
  /** Everything the program printed. */
  readonly out: string;
  /** The runtime error, if the run failed. */
  readonly error?: Diagnostic;
}

/** Compiles `src` (failing on any compile error) and runs it. */
export function runSource(
  src: string,
  opts: Omit<RunOptions, "stdout"> = {},
): TestRun {
  const file = makeSourceFile("test.dl", src);
  const compiled = compileSource(file, {
    readFile: () => ({ error: "no files in tests" }),
  });
  if (compiled.checked === undefined) {
    throw new Error(
      "test program does not compile:\n" +
        compiled.diagnostics.map((d) => renderDiagnostic(d)).join("\n"),
    );
  }
  let out = "";
  const r = runProgram(compiled.checked, {
    ...opts,
    stdout: (s) => (out += s),
  });
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

/**
 * Runs `src` after parsing only, skipping the checker: for the interpreter's
 * own guards against programs the checker would reject (the interpreter must
 * never crash on any parsed program). Returns the error, which must occur.
 */
export function uncheckedErrorOf(
  src: string,
): { code: string; message: string } {
  const parsed = parseProgram(makeSourceFile("test.dl", src));
  if (parsed.diagnostics.length > 0) {
    throw new Error("test program does not parse");
  }
  const r = runProgram({ modules: [{ program: parsed.program }] }, {
    stdout: () => {},
  });
  if (r.ok) throw new Error("expected a runtime error");
  return { code: r.error.code, message: r.error.message };
}
