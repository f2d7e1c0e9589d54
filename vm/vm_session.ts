// A REPL session on the register VM (and a compiling tier): one VmState for
// the whole session; each chunk is lowered over the names earlier chunks
// bound (compiler/ir/lower_session.ts), runs as a module body, and its
// top-level cells join the session's — up to a runtime error's statement.

import type { Program, Stmt } from "../compiler/ast.ts";
import type { Diagnostic } from "../compiler/core/diagnostics.ts";
import {
  bindModuleContext,
  lowerModule,
  modulePath,
} from "../compiler/ir/lower.ts";
import {
  type ChunkBinding,
  lowerChunk,
  SESSION_PATH,
  type SessionEntry,
} from "../compiler/ir/lower_session.ts";
import type { IrProgram } from "../compiler/ir/ir.ts";
import { optimizeProgram } from "../compiler/passes/pipeline.ts";
import { makeGlobals } from "./builtins/mod.ts";
import type { RunnableModule } from "./interp.ts";
import { DEFAULT_MAX_DEPTH, InterpState } from "./interp_state.ts";
import { DlRuntimeError, runtimeError, withStack } from "./runtime_error.ts";
import type { TierRuntime } from "./tiers.ts";
import type { Cell, Value } from "./values.ts";
import { failure } from "./vm_calls.ts";
import { runModule } from "./vm.ts";
import { VmState } from "./vm_state.ts";

/** Options of a VM session. */
export interface VmSessionOptions {
  /** Receives stdout text (flushed after every chunk). */
  readonly stdout: (s: string) => void;
  /** Step budget per chunk; unlimited by default. */
  readonly maxSteps?: number;
  /** Nested dl calls allowed (default 10,000). */
  readonly maxDepth?: number;
  /** Run the IR passes (default true). */
  readonly optimize?: boolean;
  /** Installs a compiling tier (the jit engine's); none by default. */
  readonly tier?: (vm: VmState) => TierRuntime;
}

/** One chunk's result: its last expression statement's value, or unit. */
export type ChunkOutcome = { ok: true; value: Value } | {
  ok: false;
  error: Diagnostic;
};

/** A REPL session whose chunks run on the VM. */
export interface VmSession {
  /** Runs one checked chunk: its new modules in order, then the chunk (last). */
  run(checked: { readonly modules: readonly RunnableModule[] }): ChunkOutcome;
}

/** Starts a VM session. */
export function createVmSession(opts: VmSessionOptions): VmSession {
  const globals = makeGlobals();
  const maxSteps = opts.maxSteps ?? Infinity;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const st = new InterpState(globals, opts.stdout, [], maxSteps, maxDepth);
  const vm = new VmState(st, globals, maxSteps, maxDepth);
  vm.tier = opts.tier?.(vm);
  const cells = new Map<string, Cell>();
  vm.exports.set(SESSION_PATH, cells);
  let visible = new Map<string, SessionEntry>();
  let inner = new Set<string>();
  const modules: RunnableModule[] = [];

  const commit = (bindings: readonly ChunkBinding[]) => {
    const nextCells = new Map<string, Cell>();
    visible = new Map();
    inner = new Set();
    for (const b of bindings) {
      if (b.entry.kind === "cell") {
        const cell = b.old ? cells.get(b.name) : vm.O[b.reg] as Cell;
        if (typeof cell !== "object" || cell === null) continue;
        nextCells.set(b.name, cell);
      }
      visible.set(b.name, b.entry);
      if (b.inner) inner.add(b.name);
    }
    cells.clear();
    for (const [k, c] of nextCells) cells.set(k, c);
  };

  return {
    run(checked) {
      const mods = checked.modules;
      const chunk = mods[mods.length - 1];
      let lowered: ReturnType<typeof lowerChunk> | undefined;
      let started = false;
      vm.steps = 0;
      st.steps = 0;
      try {
        modules.push(...mods);
        const exportsOf = bindModuleContext(modules);
        const deps = mods.slice(0, -1).map((m) => ({
          path: modulePath(m),
          body: lowerModule(m.program, exportsOf(modulePath(m))),
        }));
        lowered = lowerChunk(chunk.program, { visible, inner });
        let ir: IrProgram = {
          modules: [...deps, { path: modulePath(chunk), body: lowered.body }],
        };
        if (opts.optimize !== false) ir = optimizeProgram(ir);
        let value: Value = undefined as never;
        for (let i = 0; i < ir.modules.length; i++) {
          const m = ir.modules[i];
          started = i === ir.modules.length - 1;
          value = runModule(vm, m.path, m.body);
        }
        commit(lowered.final);
        return { ok: true, value };
      } catch (e) {
        const error = diagnose(vm, e);
        if (started && lowered !== undefined) {
          const j = failingStatement(chunk.program, error);
          commit(lowered.before[j] ?? lowered.before[0] ?? lowered.final);
        }
        return { ok: false, error };
      } finally {
        vm.frames.length = 0;
        vm.depth = 0;
        st.flush();
      }
    },
  };
}

/** The top-level statement of `program` that was running when `error` struck. */
function failingStatement(program: Program, error: Diagnostic): number {
  const main = error.stack?.[error.stack.length - 1];
  const span = main?.span ?? error.span;
  if (span === undefined || span.file !== program.file) return -1;
  const body: readonly Stmt[] = program.body;
  for (let i = 0; i < body.length; i++) {
    if (body[i].span.end > span.start) return i;
  }
  return -1;
}

function diagnose(vm: VmState, e: unknown): Diagnostic {
  const err = failure(vm, e, undefined);
  if (err instanceof DlRuntimeError) return err.diagnostic;
  return withStack(runtimeError("R0007", undefined, ["internal error"]), []);
}
