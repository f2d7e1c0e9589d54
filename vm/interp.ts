// The reference tree-walking interpreter's entry points: run a checked
// program (its modules in execution order, each once), or keep a REPL
// session whose globals persist across chunks. Errors come back as values.

import type { Program, Stmt } from "../compiler/ast.ts";
import type { Diagnostic } from "../compiler/core/diagnostics.ts";
import { normalizePath, resolveImport } from "../compiler/loader.ts";
import { makeGlobals } from "./builtins/mod.ts";
import { execStmts } from "./interp_stmt.ts";
import { DEFAULT_MAX_DEPTH, InterpState, NORMAL } from "./interp_state.ts";
import { DlRuntimeError, runtimeError, withStack } from "./runtime_error.ts";
import { isHostStackOverflow, toRuntimeError } from "./tensor_bridge.ts";
import { type Cell, Env, type Value } from "./values.ts";

export { formatValue } from "./format_value.ts";

/** How a program runs: where stdout goes, its arguments, and its limits. */
export interface RunOptions {
  /** Receives stdout text (in chunks; always flushed before returning). */
  readonly stdout: (s: string) => void;
  /** What `args()` returns. */
  readonly args?: readonly string[];
  /** Stop with R0013 after this many steps (statements, iterations, calls). */
  readonly maxSteps?: number;
  /** Stop with R0004 past this many nested dl calls (default 10,000; the host stack may end it sooner, also as R0004). */
  readonly maxDepth?: number;
}

/** How a run ended. */
export type RunResult = { ok: true } | { ok: false; error: Diagnostic };

/** One module of a program (the loader's LoadedModule fits). */
export interface RunnableModule {
  readonly program: Program;
  /** The module's normalised path (default: its file's path). */
  readonly path?: string;
  /** Where each top-level `import` points (default: resolved from the file's path). */
  readonly imports?: ReadonlyMap<Stmt, string>;
}

/** A checked program: modules in execution order (dependencies first, entry last). */
export interface RunnableProgram {
  readonly modules: readonly RunnableModule[];
}

function makeState(opts: RunOptions): InterpState {
  return new InterpState(
    makeGlobals(),
    opts.stdout,
    opts.args ?? [],
    opts.maxSteps ?? Infinity,
    opts.maxDepth ?? DEFAULT_MAX_DEPTH,
  );
}

/** Runs every module once, in order; returns the first runtime error. */
export function runProgram(
  checked: RunnableProgram,
  opts: RunOptions,
): RunResult {
  const st = makeState(opts);
  const modules = moduleRunner(st);
  const r = guardRun(st, () => {
    for (const m of checked.modules) modules.add(m);
    for (const m of checked.modules) modules.run(m);
  });
  return r.ok ? { ok: true } : r;
}

/**
 * Runs modules in `st`, each once, and answers its imports from their
 * top-level names: `add` registers a module's import targets, `run` executes
 * it (unless it already ran).
 */
function moduleRunner(st: InterpState): {
  add(m: RunnableModule): void;
  run(m: RunnableModule): void;
} {
  const exports = new Map<string, Map<string, Cell>>();
  const targets = new Map<Stmt, string>();
  st.importNames = (s) => {
    const path = targets.get(s) ??
      resolveImport(normalizePath(s.span.file.path), s.path);
    return exports.get(path) ?? new Map();
  };
  return {
    add(m) {
      for (const [stmt, path] of m.imports ?? []) targets.set(stmt, path);
    },
    run(m) {
      const path = m.path ?? normalizePath(m.program.file.path);
      if (exports.has(path)) return;
      const moduleEnv = new Env(st.globals);
      execStmts(st, m.program.body, moduleEnv);
      exports.set(path, topLevelNames(st.lastEnv, moduleEnv));
    },
  };
}

/** Every name bound at a module's top level (an inner shadowing layer wins). */
function topLevelNames(last: Env, moduleEnv: Env): Map<string, Cell> {
  const out = new Map<string, Cell>();
  for (let e: Env | null = last; e !== null; e = e.parent) {
    for (const [k, c] of e.vars ?? []) if (!out.has(k)) out.set(k, c);
    if (e === moduleEnv) break;
  }
  return out;
}

/** Runs `fn`, turning every way it can fail into a runtime Diagnostic; always flushes stdout. */
function guardRun<T>(
  st: InterpState,
  fn: () => T,
): { ok: true; value: T } | { ok: false; error: Diagnostic } {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: diagnose(st, e) };
  } finally {
    st.flush();
  }
}

function diagnose(st: InterpState, e: unknown): Diagnostic {
  const top = st.calls[st.calls.length - 1];
  let err: DlRuntimeError;
  if (e instanceof DlRuntimeError) err = e;
  else if (isHostStackOverflow(e)) err = runtimeError("R0004", top?.callSite);
  else {
    const span = top?.callSite;
    const c = toRuntimeError(e, span);
    err = c instanceof DlRuntimeError ? c : runtimeError("R0007", span, [
      e instanceof Error
        ? `internal error: ${e.message}`
        : "unexpected control flow",
    ]);
  }
  const d = withStack(err, st.calls);
  st.calls.length = 0;
  return d;
}

/** A REPL session: chunks run one after another in one growing global scope. */
export interface InterpSession {
  /** Runs one parsed (and checked) chunk; the value of its last expression statement, or unit. */
  run(program: Program): { ok: true; value: Value } | {
    ok: false;
    error: Diagnostic;
  };
  /**
   * Runs one checked chunk: the modules it imports for the first time (each
   * once, dependencies first), then the chunk itself (the last module).
   */
  runChunk(checked: RunnableProgram): { ok: true; value: Value } | {
    ok: false;
    error: Diagnostic;
  };
}

/** Starts a REPL session. */
export function createInterpSession(opts: RunOptions): InterpSession {
  const st = makeState(opts);
  let env = new Env(st.globals);
  const modules = moduleRunner(st);
  const session: InterpSession = {
    runChunk(checked) {
      const mods = checked.modules;
      for (const m of mods) modules.add(m);
      const r = guardRun(st, () => {
        for (const m of mods.slice(0, -1)) modules.run(m);
      });
      if (!r.ok) return r;
      return session.run(mods[mods.length - 1].program);
    },
    run(program) {
      st.steps = 0;
      const r = guardRun(st, () => {
        const code = execStmts(st, program.body, env);
        env = st.lastEnv;
        return code === NORMAL ? st.value : st.retValue;
      });
      return r;
    },
  };
  return session;
}
