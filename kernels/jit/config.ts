// The JIT's switches and counters: whether element-wise ops build lazy graphs
// (DL_JIT=0 keeps every op eager), the debug level (DL_DEBUG: 1 prints kernel
// counts and compile/run times at exit, 4 each generated kernel's source),
// and the statistics behind DL_DEBUG=1.

import { readEnv } from "../runtime/env.ts";

/** Counters of the JIT since start (or the last resetJitStats). */
export interface JitStats {
  /** Kernels generated and compiled (cache misses). */
  compiled: number;
  /** Kernel launches (cache hits and misses). */
  launched: number;
  /** Milliseconds spent generating and compiling. */
  compileMs: number;
  /** Milliseconds spent running kernels. */
  runMs: number;
}

const debugLevel = Number(readEnv("DL_DEBUG") ?? "0") || 0;

/** Mutable JIT settings. */
export const JIT = {
  /** Element-wise ops on floats (and non-failing int ops) are lazy and fused. */
  enabled: readEnv("DL_JIT") !== "0",
  /**
   * Results smaller than this stay eager unless an operand is pending: below
   * about 2,000 elements building and launching a kernel costs more than
   * the memory traffic fusion saves (measured; see docs/performance.md).
   */
  minSize: 2048,
  /** Runs kernels as generated JS or Wasm, or on the reference interpreter (tests). */
  backend: "js" as "js" | "wasm" | "reference",
  /** DL_DEBUG level. */
  debug: debugLevel,
  /** Where debug text goes (stderr by default). */
  log: (text: string): void => {
    try {
      Deno.stderr.writeSync(new TextEncoder().encode(text));
    } catch (_) {
      // Output is best effort.
    }
  },
};

/** The live counters. */
export const STATS: JitStats = {
  compiled: 0,
  launched: 0,
  compileMs: 0,
  runMs: 0,
};

/** Zeroes the counters. */
export function resetJitStats(): void {
  STATS.compiled = 0;
  STATS.launched = 0;
  STATS.compileMs = 0;
  STATS.runMs = 0;
}

/** A copy of the counters. */
export function jitStats(): JitStats {
  return { ...STATS };
}

/** The DL_DEBUG=1 summary line. */
export function statsLine(s: JitStats = STATS): string {
  return `debug: jit ${s.compiled} kernels compiled in ` +
    `${s.compileMs.toFixed(1)} ms, ${s.launched} launches in ` +
    `${s.runMs.toFixed(1)} ms\n`;
}

/**
 * Runs `fn` with the JIT switched on or off (benchmarks and tests), and
 * with `minSize` when given (0: every result may be lazy).
 */
export function withJit<T>(
  enabled: boolean,
  fn: () => T,
  minSize: number = JIT.minSize,
): T {
  const old = JIT.enabled, oldMin = JIT.minSize;
  JIT.enabled = enabled;
  JIT.minSize = minSize;
  try {
    return fn();
  } finally {
    JIT.enabled = old;
    JIT.minSize = oldMin;
  }
}

if (debugLevel >= 1) {
  globalThis.addEventListener("unload", () => JIT.log(statsLine()));
}
