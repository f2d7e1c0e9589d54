// The engine registry: every way dl can run a checked program, by name.
// Each entry has runProgram's signature and result (vm/interp.ts).

import type { CheckedProgram } from "../compiler/checker/mod.ts";
import { type RunOptions, runProgram, type RunResult } from "./interp.ts";
import { ENGINE_NAMES, type EngineName } from "./engine_names.ts";
import { runVm } from "./vm.ts";
import { runJit } from "./tier_js_engine.ts";
import { runNative } from "./tier_native_engine.ts";

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

/** The registered engines' names, in ENGINE_NAMES order. */
export function availableEngines(): EngineName[] {
  return ENGINE_NAMES.filter((n) => ENGINES[n] !== undefined);
}
