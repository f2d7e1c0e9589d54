// The `native` engine: the register VM with the native tier installed
// (vm/tier_native.ts). Without clang or FFI permission it fails with one
// clear line. DL_NATIVE_THRESHOLD sets both hotness thresholds (0 compiles
// at the first call / back edge, as tests do).

import { makeDiagnostic } from "../compiler/core/diagnostics.ts";
import type { CheckedProgram } from "../compiler/checker/mod.ts";
import type { RunOptions, RunResult } from "./interp.ts";
import { TierRuntime } from "./tiers.ts";
import { NativeTier, nativeTierUnavailable } from "./tier_native.ts";
import { runVm, type VmOptions } from "./vm.ts";

/** Calls of one function past which it is compiled (a clang run: ~0.1 s). */
export const NATIVE_CALL_THRESHOLD = 1000;
/** Back edges to one loop header past which the loop is compiled. */
export const NATIVE_LOOP_THRESHOLD = 5000;

function envThreshold(): number | undefined {
  try {
    const s = Deno.env.get("DL_NATIVE_THRESHOLD");
    return s === undefined || s === "" ? undefined : Number(s);
  } catch (_) {
    return undefined;
  }
}

/** Options of the native engine: the run's plus explicit thresholds. */
export interface NativeOptions extends RunOptions {
  /** Overrides both thresholds (else DL_NATIVE_THRESHOLD, else the defaults). */
  readonly threshold?: number;
}

/** Runs a checked program on the VM with the native tier. */
export function runNative(
  checked: CheckedProgram,
  opts: NativeOptions,
): RunResult {
  const vmOpts = nativeVmOptions(opts);
  return "ok" in vmOpts ? vmOpts : runVm(checked, vmOpts);
}

/**
 * The VM options of a native run (the run's plus the native tier), or the
 * failed result when the native tier is unavailable.
 */
export function nativeVmOptions(opts: NativeOptions): VmOptions | RunResult {
  const why = nativeTierUnavailable();
  if (why !== null) {
    return {
      ok: false,
      error: makeDiagnostic("R0007", undefined, [
        `engine \`native\` is unavailable: ${why}`,
      ]),
    };
  }
  const t = opts.threshold ?? envThreshold();
  return {
    ...opts,
    tier: (vm) =>
      new TierRuntime(
        new NativeTier(vm),
        t ?? NATIVE_CALL_THRESHOLD,
        t ?? NATIVE_LOOP_THRESHOLD,
      ),
  };
}
