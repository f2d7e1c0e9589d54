// Native fused kernels for the lazy JIT (kernels/jit/launch.ts): whether
// they are on (the native backend's init switches them on), and each loop
// kernel's compiled native function — or null when it is not lowered (its
// dtypes or ops), which keeps that kernel on the JS backend. Compiles are
// lazy, one cached shared library per kernel (a second run only loads).

import type { LoopKernel } from "../schedule/loop_ir.ts";
import { printKernel } from "../schedule/loop_ir.ts";
import { CACHE_STATS } from "./native_cache.ts";
import { compileNativeKernel, type NativeKernelFn } from "./native_kernels.ts";
import { debugAtExit } from "./debug_exit.ts";

/** Native-kernel settings and counters (DL_DEBUG, tests, benchmarks). */
export const NATIVE_KERNELS = {
  /** Fused kernels run natively where they lower (off: all on JS). */
  enabled: false,
  /** Kernels compiled or loaded natively, and the milliseconds spent. */
  built: 0,
  buildMs: 0,
  /** Kernels that stayed on JS, and the last reason one did. */
  declined: 0,
  lastReason: "",
};

const memo = new Map<string, NativeKernelFn | null>();

/** Switches native fused kernels on or off; returns the previous setting. */
export function setNativeKernels(on: boolean): boolean {
  const old = NATIVE_KERNELS.enabled;
  NATIVE_KERNELS.enabled = on;
  return old;
}

/**
 * The native function of `k` (compiled once per process, on disk across
 * processes), or null when it runs on JS instead (see NATIVE_KERNELS).
 */
export function nativeKernelFor(k: LoopKernel): NativeKernelFn | null {
  const key = printKernel(k);
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const t0 = performance.now();
  const fn = compileNativeKernel(k);
  if (typeof fn === "string") {
    NATIVE_KERNELS.declined++;
    NATIVE_KERNELS.lastReason = fn;
    memo.set(key, null);
    return null;
  }
  NATIVE_KERNELS.built++;
  NATIVE_KERNELS.buildMs += performance.now() - t0;
  memo.set(key, fn);
  return fn;
}

/** True when `out` can take a native kernel's results. */
export function nativeOutput(
  out: unknown,
): out is Float32Array | Float64Array {
  return out instanceof Float32Array || out instanceof Float64Array;
}

/**
 * The DL_DEBUG=1 lines about native code: the fused kernels (when any were
 * tried) and what the library cache compiled or loaded, per library (when
 * it was used): the first-run and second-run costs of native code.
 */
export function nativeKernelsLine(): string {
  const n = NATIVE_KERNELS;
  let out = "";
  if (n.built + n.declined > 0) {
    const why = n.declined > 0 ? ` (last: ${n.lastReason})` : "";
    out += `debug: native kernels: ${n.built} built or loaded in ` +
      `${n.buildMs.toFixed(1)} ms, ${n.declined} left on JS${why}\n`;
  }
  const parts = [...CACHE_STATS].map(([name, s]) =>
    `${name} ${s.built} compiled in ${s.buildMs.toFixed(0)} ms, ` +
    `${s.loaded} loaded in ${s.loadMs.toFixed(1)} ms`
  );
  if (parts.length > 0) out += `debug: native cache: ${parts.join("; ")}\n`;
  return out;
}

debugAtExit(1, nativeKernelsLine);
