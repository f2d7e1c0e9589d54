// The register VM engine: lowers a checked program to IR, runs the pass
// pipeline, prepares bytecode and runs each module once, in order, with the
// interpreter's builtins, values and error reports.

import type { Diagnostic } from "../compiler/core/diagnostics.ts";
import { lowerProgram } from "../compiler/ir/lower.ts";
import { optimizeProgram } from "../compiler/passes/pipeline.ts";
import { makeGlobals } from "./builtins/mod.ts";
import type { RunnableProgram, RunOptions, RunResult } from "./interp.ts";
import { DEFAULT_MAX_DEPTH, InterpState } from "./interp_state.ts";
import { DlRuntimeError, runtimeError, withStack } from "./runtime_error.ts";
import { failure } from "./vm_calls.ts";
import { execute } from "./vm_dispatch.ts";
import { Frame, VmState } from "./vm_state.ts";
import { prepare } from "./vm_values.ts";
import type { TierRuntime } from "./tiers.ts";
import type { IrFn } from "../compiler/ir/ir.ts";
import type { Value } from "./values.ts";
import { NEVER_PAUSE, PAUSED, type PauseHooks } from "./vm_pause.ts";

/** VM options: the run's, plus whether to run the optimizer. */
export interface VmOptions extends RunOptions {
  /** Run the IR passes (default true; the fuzzer also compares without). */
  readonly optimize?: boolean;
  /** Installs a compiling tier for the run (vm/tiers.ts); none by default. */
  readonly tier?: (vm: VmState) => TierRuntime;
}

/** Runs every module once, in order, on the VM; returns the first runtime error. */
export function runVm(checked: RunnableProgram, opts: VmOptions): RunResult {
  const vm = newVm(opts);
  try {
    for (const m of lowerModules(checked, opts)) {
      runModule(vm, m.path, m.body);
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, error: diagnose(vm, e) };
  } finally {
    vm.st.flush();
  }
}

/**
 * runVm, pausing at loop back edges of the outermost dispatch loop whenever
 * `hooks.wanted()` says so to await `hooks.pause()` (vm/vm_pause.ts); the
 * output and errors are runVm's.
 */
export async function runVmPausable(
  checked: RunnableProgram,
  opts: VmOptions,
  hooks: PauseHooks,
): Promise<RunResult> {
  const vm = newVm(opts);
  const wanted = hooks === NEVER_PAUSE ? undefined : hooks.wanted;
  const exec = (v: VmState, f: Frame) => execute(v, f, wanted);
  try {
    for (const m of lowerModules(checked, opts)) {
      let r = runModule(vm, m.path, m.body, exec);
      while (r === PAUSED) {
        vm.st.flush();
        await hooks.pause();
        r = exec(vm, vm.frames[vm.frames.length - 1]);
      }
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, error: diagnose(vm, e) };
  } finally {
    vm.st.flush();
  }
}

function newVm(opts: VmOptions): VmState {
  const maxSteps = opts.maxSteps ?? Infinity;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const globals = makeGlobals();
  const st = new InterpState(
    globals,
    opts.stdout,
    opts.args ?? [],
    maxSteps,
    maxDepth,
  );
  const vm = new VmState(st, globals, maxSteps, maxDepth);
  vm.tier = opts.tier?.(vm);
  return vm;
}

/** Lowers and (unless turned off) optimizes the program's modules, in run order. */
function* lowerModules(
  checked: RunnableProgram,
  opts: VmOptions,
): Generator<{ path: string; body: IrFn }> {
  let ir = lowerProgram(checked);
  if (opts.optimize !== false) ir = optimizeProgram(ir, { release: true });
  yield* ir.modules;
}

function diagnose(vm: VmState, e: unknown): Diagnostic {
  const err = failure(vm, e, undefined);
  if (err instanceof DlRuntimeError) return err.diagnostic;
  return withStack(runtimeError("R0007", undefined, ["internal error"]), []);
}

/**
 * Runs one lowered module's top level in a fresh `<main>` frame; its value.
 * `exec`: the dispatch loop (bench/opcode_pairs.ts passes a counting copy).
 */
export function runModule(
  vm: VmState,
  path: string,
  body: IrFn,
  exec: (vm: VmState, f: Frame) => Value = execute,
): Value {
  const proto = prepare(body);
  vm.modulePath = path;
  vm.ensure(proto.nregs + 1);
  const f = new Frame(
    proto,
    0,
    [],
    proto.nregs,
    "<main>",
    undefined as never,
    true,
    false,
  );
  vm.frames.length = 0;
  vm.depth = 0;
  vm.frames.push(f);
  return exec(vm, f);
}
