// The compiler pipeline's entry: load (lex, parse, imports) then check.
// compileFile/compileSource return the CheckedProgram only when there are
// no errors; denoHost reads real files; createCheckSession serves the REPL.

import type { Diagnostic } from "./core/diagnostics.ts";
import type { SourceFile } from "./core/span.ts";
import { type CheckedProgram, checkProgram } from "./checker/mod.ts";
import {
  type CheckSession,
  createCheckSession as createSession,
} from "./checker/session.ts";
import {
  type CompilerHost,
  loadProgram,
  type LoadResult,
  loadSource,
} from "./loader.ts";

export type { CheckedProgram } from "./checker/mod.ts";
export type { CheckSession, ChunkResult } from "./checker/session.ts";
export type { CompilerHost, LoadedModule, LoadResult } from "./loader.ts";

/** The result of compiling: the checked program when there are no errors. */
export interface CompileResult {
  readonly checked?: CheckedProgram;
  readonly diagnostics: Diagnostic[];
}

function describeError(e: unknown): string {
  if (e instanceof Deno.errors.NotFound) return "file not found";
  if (e instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (e instanceof Deno.errors.IsADirectory) return "is a directory";
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s*\(os error \d+\).*$/s, "") || "unreadable";
}

/** Reads real files; every failure becomes `{ error }`. */
export const denoHost: CompilerHost = {
  readFile(path: string): string | { error: string } {
    try {
      const bytes = Deno.readFileSync(path);
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (e) {
      if (e instanceof TypeError) return { error: "not valid UTF-8" };
      return { error: describeError(e) };
    }
  },
};

function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === "error");
}

function checkLoaded(loaded: LoadResult): CompileResult {
  if (hasErrors(loaded.diagnostics)) {
    return { diagnostics: loaded.diagnostics };
  }
  const r = checkProgram(loaded);
  const diagnostics = [...loaded.diagnostics, ...r.diagnostics];
  return hasErrors(diagnostics)
    ? { diagnostics }
    : { checked: r.checked, diagnostics };
}

/** Loads and checks the program whose entry file is `path`. */
export function compileFile(
  path: string,
  host: CompilerHost = denoHost,
): CompileResult {
  return checkLoaded(loadProgram(path, host));
}

/** Loads and checks a program whose entry file is already in memory. */
export function compileSource(
  file: SourceFile,
  host: CompilerHost = denoHost,
): CompileResult {
  return checkLoaded(loadSource(file, host));
}

/** Starts an incremental checking session (the REPL); imports read through `host`. */
export function createCheckSession(
  host: CompilerHost = denoHost,
): CheckSession {
  return createSession(host);
}
