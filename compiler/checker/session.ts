// Incremental checking for the REPL: each chunk of top-level code is checked
// against the names earlier chunks defined. A chunk with errors leaves the
// session's scope as it was.

import type { Program } from "../ast.ts";
import type { Diagnostic } from "../core/diagnostics.ts";
import { type CompilerHost, type LoadedModule, loadParsed } from "../loader.ts";
import { Checker, TableBuilder } from "./context.ts";
import {
  bindImports,
  type CheckedProgram,
  checkModule,
  checkTopLevel,
  makeChecked,
  makeRootScope,
  sortDiagnostics,
} from "./mod.ts";
import { Scope } from "./scope.ts";

/** The result of checking one chunk. */
export interface ChunkResult {
  /** Present when the chunk has no errors. */
  readonly checked?: CheckedProgram;
  readonly diagnostics: Diagnostic[];
}

/** A REPL checking session. */
export interface CheckSession {
  /** Checks one more chunk of top-level code. */
  check(program: Program): ChunkResult;
}

/** Starts a session; `host` reads the files chunks import. */
export function createCheckSession(host: CompilerHost): CheckSession {
  const tables = new TableBuilder(true);
  const ck = new Checker(tables);
  const root = makeRootScope();
  const globals = new Scope(root);
  const exports = new Map<string, Scope>();
  const loaded: LoadedModule[] = [];
  return {
    check(program: Program): ChunkResult {
      const load = loadParsed(program, host, new Set(exports.keys()));
      const chunk = load.modules[load.modules.length - 1];
      const deps = load.modules.slice(0, -1);
      if (load.diagnostics.some((d) => d.severity === "error")) {
        return { diagnostics: load.diagnostics };
      }
      const before = ck.diagnostics.length;
      for (const m of deps) {
        exports.set(m.path, checkModule(ck, m, root, exports));
        loaded.push(m);
      }
      const scope = new Scope(globals, false, program.body);
      bindImports(ck, chunk, scope, exports);
      const names = checkTopLevel(ck, program, scope);
      const diagnostics = sortDiagnostics(ck.diagnostics.slice(before), [
        ...deps,
        chunk,
      ]);
      if (diagnostics.some((d) => d.severity === "error")) {
        return { diagnostics };
      }
      for (const [name, b] of names.entries()) globals.define(name, b);
      return {
        checked: makeChecked(tables, [...deps, chunk], program),
        diagnostics,
      };
    },
  };
}
