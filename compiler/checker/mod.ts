// The static checker's entry: checks every loaded module in execution order
// (each module's top-level names, and those it imports, in its own scope)
// and returns the CheckedProgram with the side tables engines may use.

import type { Expr, Program } from "../ast.ts";
import { BUILTIN_CONSTANTS, BUILTIN_PARAMS } from "../core/builtins.ts";
import type { Diagnostic } from "../core/diagnostics.ts";
import { makeDiagnostic } from "../core/diagnostics.ts";
import type { LoadedModule, LoadResult } from "../loader.ts";
import {
  type BracketKind,
  Checker,
  type MemberCallKind,
  type SideTables,
  TableBuilder,
} from "./context.ts";
import { Scope } from "./scope.ts";
import { checkStmtsIn } from "./stmt.ts";
import { DTYPE, fnOf, type Type } from "./types.ts";

export type { BracketKind, MemberCallKind, SideTables };
export type { Type } from "./types.ts";
export { formatType } from "./types.ts";
export { exprType } from "./expr.ts";

/** A program that passed the checker, with what the checker learned. */
export interface CheckedProgram extends SideTables {
  /** Every module in execution order (dependencies first, entry last). */
  readonly modules: readonly LoadedModule[];
  /** The entry module's program. */
  readonly entry: Program | undefined;
}

/**
 * A CheckedProgram over side tables. When the tables did not record types,
 * `types` runs `recheck` on first use (checking is deterministic, so it
 * gives the same types a recording run would have).
 */
export function makeChecked(
  tables: TableBuilder,
  modules: readonly LoadedModule[],
  entry: Program | undefined,
  recheck?: () => ReadonlyMap<Expr, Type>,
): CheckedProgram {
  let types: ReadonlyMap<Expr, Type> | null = null;
  return {
    modules,
    entry,
    get types() {
      if (tables.recording || recheck === undefined) return tables.types;
      types ??= recheck();
      return types;
    },
    get brackets() {
      return tables.brackets;
    },
    memberCalls: tables.memberCalls,
  };
}

/** Options of checkProgram. */
export interface CheckOptions {
  /**
   * Record every expression's type while checking. Off by default: the
   * types are then computed by a second check the first time `types` is read.
   */
  readonly recordTypes?: boolean;
}

/** The scope every module starts from: builtin functions and dtype names. */
export function makeRootScope(): Scope {
  const root = new Scope(null);
  for (const name of Object.keys(BUILTIN_PARAMS)) {
    root.define(name, {
      type: fnOf({ tag: "builtin", name }),
      kind: "builtin",
      annotated: true,
    });
  }
  for (const name of BUILTIN_CONSTANTS) {
    root.define(name, { type: DTYPE, kind: "const", annotated: true });
  }
  return root;
}

/** Binds the names of a module's top-level imports into its scope. */
export function bindImports(
  ck: Checker,
  module: LoadedModule,
  scope: Scope,
  exports: ReadonlyMap<string, Scope>,
): void {
  for (const [stmt, path] of module.imports) {
    ck.topLevelImports.add(stmt);
    const from = exports.get(path);
    if (from === undefined) continue;
    for (const [name, b] of from.entries()) scope.define(name, b);
  }
}

/**
 * Checks one module in its own scope (a child of `root`); returns that
 * scope, which holds the names the module exports. Never throws: a stack
 * overflow on pathological input becomes E0108.
 */
export function checkModule(
  ck: Checker,
  module: LoadedModule,
  root: Scope,
  exports: ReadonlyMap<string, Scope>,
): Scope {
  const scope = new Scope(root, false, module.program.body);
  bindImports(ck, module, scope, exports);
  return checkTopLevel(ck, module.program, scope);
}

/**
 * Checks a program's statements in `scope`, turning a stack overflow into
 * E0108. Returns a scope holding every top-level name as the end of the
 * program sees it (its parent is `scope`'s).
 */
export function checkTopLevel(
  ck: Checker,
  program: Program,
  scope: Scope,
): Scope {
  const frame = ck.frame;
  let last = scope;
  try {
    checkStmtsIn(ck, program.body, scope, false);
    last = ck.lastScope ?? scope;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    ck.depth = 0;
    ck.frame = frame;
    ck.pending.length = 0;
    ck.diagnostics.push(makeDiagnostic("E0108", program.span));
  }
  if (last === scope) return scope;
  const flat = new Scope(scope.parent);
  const chain: Scope[] = [];
  for (
    let s: Scope | null = last;
    s !== null && s !== scope.parent;
    s = s.parent
  ) {
    chain.push(s);
  }
  for (const s of chain.reverse()) {
    for (const [name, b] of s.entries()) flat.define(name, b);
  }
  return flat;
}

/** Sorts diagnostics by module order, then position (stable). */
export function sortDiagnostics(
  ds: Diagnostic[],
  order: readonly LoadedModule[],
): Diagnostic[] {
  const rank = new Map(order.map((m, i) => [m.program.file, i]));
  return ds
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const fa = a.d.span ? rank.get(a.d.span.file) ?? -1 : -1;
      const fb = b.d.span ? rank.get(b.d.span.file) ?? -1 : -1;
      if (fa !== fb) return fa - fb;
      const sa = a.d.span?.start ?? 0, sb = b.d.span?.start ?? 0;
      return sa !== sb ? sa - sb : a.i - b.i;
    })
    .map((x) => x.d);
}

/** Checks a loaded program. */
export function checkProgram(
  loaded: LoadResult,
  opts: CheckOptions = {},
): { checked: CheckedProgram; diagnostics: Diagnostic[] } {
  const record = opts.recordTypes ?? false;
  const tables = new TableBuilder(record);
  const ck = new Checker(tables);
  const root = makeRootScope();
  const exports = new Map<string, Scope>();
  for (const m of loaded.modules) {
    exports.set(m.path, checkModule(ck, m, root, exports));
  }
  return {
    checked: makeChecked(
      tables,
      loaded.modules,
      loaded.entry?.program,
      () => checkProgram(loaded, { recordTypes: true }).checked.types,
    ),
    diagnostics: sortDiagnostics(ck.diagnostics, loaded.modules),
  };
}
