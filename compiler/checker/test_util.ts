// Helpers for the checker's tests: check dl source held in memory and
// assert on the diagnostics (code, exact message, underlined text) or on
// the inferred type of a top-level `let`.

import { deepEqual, fail } from "node:assert/strict";
import type { Diagnostic } from "../core/diagnostics.ts";
import { renderDiagnostic } from "../core/diagnostics.ts";
import { lineCol, makeSourceFile } from "../core/span.ts";
import type { CompilerHost } from "../loader.ts";
import { loadSource } from "../loader.ts";
import { type CheckedProgram, checkProgram } from "./mod.ts";
import { formatType } from "./types.ts";

/** A host serving the given files from memory. */
export function memoryHost(files: Record<string, string> = {}): CompilerHost {
  return {
    readFile: (path) =>
      Object.hasOwn(files, path) ? files[path] : { error: "file not found" },
  };
}

/** Checks `src` (as `main.dl`); fails the test on syntax errors. */
export function checkSource(
  src: string,
  files: Record<string, string> = {},
): { checked: CheckedProgram; diagnostics: Diagnostic[] } {
  const loaded = loadSource(makeSourceFile("main.dl", src), memoryHost(files));
  if (loaded.diagnostics.length > 0) {
    fail("unexpected load errors:\n" + render(loaded.diagnostics));
  }
  return checkProgram(loaded);
}

function render(ds: readonly Diagnostic[]): string {
  return ds.map((d) => renderDiagnostic(d)).join("\n");
}

/** Asserts that `src` checks without any diagnostic. */
export function expectClean(src: string): CheckedProgram {
  const r = checkSource(src);
  if (r.diagnostics.length > 0) {
    fail("expected no diagnostics, got:\n" + render(r.diagnostics));
  }
  return r.checked;
}

/** What one expected diagnostic looks like. */
export interface Expected {
  readonly code: string;
  readonly message: string;
  /** The exact source text the span covers. */
  readonly at: string;
  /** `line:col` of the span's start, when the text is ambiguous. */
  readonly pos?: string;
}

function describe(d: Diagnostic): Expected {
  const span = d.span;
  const at = span === undefined
    ? ""
    : span.file.text.slice(span.start, span.end);
  const lc = span === undefined ? undefined : lineCol(span.file, span.start);
  return {
    code: d.code,
    message: d.message,
    at,
    pos: lc === undefined ? undefined : `${lc.line}:${lc.col}`,
  };
}

/** Asserts that checking `src` gives exactly these diagnostics, in order. */
export function expectErrors(src: string, expected: readonly Expected[]): void {
  const got = checkSource(src).diagnostics.map(describe);
  const want = expected.map((e, i) => ({
    ...e,
    pos: e.pos ?? got[i]?.pos,
  }));
  deepEqual(got, want);
}

/** Asserts exactly one diagnostic. */
export function expectError(
  src: string,
  code: string,
  message: string,
  at: string,
): void {
  expectErrors(src, [{ code, message, at }]);
}

/** The inferred types (as written in messages) of the values of top-level `let`s. */
export function letTypes(src: string): Record<string, string> {
  const { checked, diagnostics } = checkSource(src);
  if (diagnostics.length > 0) fail("unexpected:\n" + render(diagnostics));
  const out: Record<string, string> = {};
  for (const s of checked.entry?.body ?? []) {
    if (s.kind !== "Let" || s.pattern.kind !== "NamePattern") continue;
    const t = checked.types.get(s.value);
    out[s.pattern.name] = t !== undefined
      ? formatType(t)
      : literalName(s.value.kind);
  }
  return out;
}

function literalName(kind: string): string {
  const names: Record<string, string> = {
    IntLit: "int",
    FloatLit: "float",
    StrLit: "str",
    BoolLit: "bool",
  };
  return names[kind] ?? "?";
}

/** Asserts the types of some top-level lets. */
export function expectTypes(src: string, types: Record<string, string>): void {
  const all = letTypes(src);
  const got: Record<string, string> = {};
  for (const name of Object.keys(types)) got[name] = all[name];
  deepEqual(got, types);
}
