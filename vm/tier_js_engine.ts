// The `jit` engine: the register VM with the JavaScript tier installed
// (vm/tier_js.ts). DL_JIT_THRESHOLD sets both hotness thresholds (calls and
// loop back edges; 0 compiles at the first call / back edge, as tests do).

import type { CheckedProgram } from "../compiler/checker/mod.ts";
import type { RunOptions, RunResult } from "./interp.ts";
import { TierRuntime } from "./tiers.ts";
import { JsTier } from "./tier_js.ts";
import { runVm, type VmOptions } from "./vm.ts";

/** Default counts past which a function / loop is compiled. */
export const JIT_CALL_THRESHOLD = 2;
/** Default back edges to one loop header past which the loop is compiled. */
export const JIT_LOOP_THRESHOLD = 50;

function envThreshold(): number | undefined {
  try {
    const s = Deno.env.get("DL_JIT_THRESHOLD");
    return s === undefined || s === "" ? undefined : Number(s);
  } catch (_) {
    return undefined;
  }
}

/** Options of the jit engine: the run's plus explicit thresholds. */
export interface JitOptions extends RunOptions {
  /** Overrides both thresholds (else DL_JIT_THRESHOLD, else the defaults). */
  readonly threshold?: number;
}

/** Runs a checked program on the VM with the JavaScript tier. */
export function runJit(checked: CheckedProgram, opts: JitOptions): RunResult {
  return runVm(checked, jitVmOptions(opts));
}

/** The VM options of a jit run: the run's plus the JavaScript tier. */
export function jitVmOptions(opts: JitOptions): VmOptions {
  const t = opts.threshold ?? envThreshold();
  return {
    ...opts,
    tier: (vm) =>
      new TierRuntime(
        new JsTier(vm),
        t ?? JIT_CALL_THRESHOLD,
        t ?? JIT_LOOP_THRESHOLD,
      ),
  };
}
