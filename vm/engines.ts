// The engine registry: every way dl can run a checked program, by name.
// Each entry has runProgram's signature and result (vm/interp.ts).

import type { CheckedProgram } from "../compiler/checker/mod.ts";
import { type RunOptions, runProgram, type RunResult } from "./interp.ts";
import { ENGINE_NAMES, type EngineName } from "./engine_names.ts";
import { runVm, runVmPausable } from "./vm.ts";
import { jitVmOptions, runJit } from "./tier_js_engine.ts";
import { nativeVmOptions, runNative } from "./tier_native_engine.ts";
import type { PauseHooks } from "./vm_pause.ts";

export type { EngineName } from "./engine_names.ts";
export type { RunOptions, RunResult } from "./interp.ts";

/** Runs a checked program to completion; errors come back as values. */
export type Engine = (checked: CheckedProgram, opts: RunOptions) => RunResult;

/** The registered engines (an engine missing here is not available yet). */
export const ENGINES: Partial<Record<EngineName, Engine>> = {
  interp: (checked, opts) => runProgram(checked, opts),
  vm: (checked, opts) => runVm(checked, opts),
  jit: (checked, opts) => runJit(checked, opts),
  native: (checked, opts) => runNative(checked, opts),
};

/**
 * An engine run that may pause at safe points to let the host run tasks
 * (vm/vm_pause.ts); same output and errors as the engine's plain run.
 */
export type PausableEngine = (
  checked: CheckedProgram,
  opts: RunOptions,
  hooks: PauseHooks,
) => Promise<RunResult>;

/**
 * Pausable runs by engine name: the VM-based engines pause at the outermost
 * loop's back edges; the tree-walking interpreter cannot pause and runs
 * through.
 */
export const PAUSABLE_ENGINES: Partial<Record<EngineName, PausableEngine>> = {
  interp: (checked, opts) => Promise.resolve(runProgram(checked, opts)),
  vm: (checked, opts, hooks) => runVmPausable(checked, opts, hooks),
  jit: (checked, opts, hooks) =>
    runVmPausable(checked, jitVmOptions(opts), hooks),
  native: (checked, opts, hooks) => {
    const vmOpts = nativeVmOptions(opts);
    return "ok" in vmOpts
      ? Promise.resolve(vmOpts)
      : runVmPausable(checked, vmOpts, hooks);
  },
};

/** The registered engines' names, in ENGINE_NAMES order. */
export function availableEngines(): EngineName[] {
  return ENGINE_NAMES.filter((n) => ENGINES[n] !== undefined);
}
