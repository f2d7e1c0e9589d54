// Launching kernels: the compile cache (keyed by the kernel's printed loop
// IR — structure, dtypes, shape, strides — never by data or param values, so
// a training loop compiles its kernels once), DL_DEBUG output, and the
// counters. Backends: "js" (generated code), "wasm" (codegen/wasm_loop.ts;
// also while the wasm CPU backend is the one selected, unless
// DL_WASM_KERNELS=0; kernels it declines run as JS) and "reference" (the
// oracle), chosen by JIT.backend.

import { compileKernel, type KernelFn, renderKernel } from "../codegen/js.ts";
import { runReference } from "../runtime/reference.ts";
import { runWasmLaunch, WASM_KERNELS } from "../runtime/wasm_elementwise.ts";
import { selectedBackendName } from "../runtime/registry.ts";
import {
  NATIVE_KERNELS,
  nativeKernelFor,
  nativeOutput,
} from "../runtime/native_launch.ts";
import type { NativeKernelFn } from "../runtime/native_kernels.ts";
import type { Launch } from "../schedule/lower.ts";
import { type LoopKernel, printKernel } from "../schedule/loop_ir.ts";
import { JIT, STATS } from "./config.ts";

const cache = new Map<string, KernelFn>();

/** Native functions by kernel object: a reused kernel skips printing its key. */
const nativeByKernel = new WeakMap<LoopKernel, NativeKernelFn | null>();

/** The compiled function of `l.kernel`, from the cache or freshly generated. */
export function kernelFor(l: Launch): KernelFn {
  const key = printKernel(l.kernel);
  let fn = cache.get(key);
  if (fn === undefined) {
    const t0 = performance.now();
    const name = `dl_kernel_${cache.size}`;
    const src = renderKernel(l.kernel, name);
    fn = compileKernel(src);
    cache.set(key, fn);
    STATS.compiled++;
    STATS.compileMs += performance.now() - t0;
    if (JIT.debug >= 4) {
      JIT.log(`// ${name}\n/*\n${key}\n*/\n${src}\n`);
    }
  }
  return fn;
}

/** Runs launch `l` writing into `out` on `backend`. */
export function runLaunch(
  l: Launch,
  out: { [i: number]: number },
  backend: "js" | "wasm" | "reference" = JIT.backend,
): void {
  if (backend === "reference") {
    runReference(l.kernel, l.bufs, l.offsets, l.params, out);
    return;
  }
  if (
    backend === "wasm" ||
    (backend === "js" && WASM_KERNELS.enabled &&
      selectedBackendName() === "wasm")
  ) {
    const t0 = performance.now();
    if (runWasmLaunch(l, out)) {
      STATS.launched++;
      STATS.runMs += performance.now() - t0;
      return;
    }
  }
  if (NATIVE_KERNELS.enabled && nativeOutput(out)) {
    let nf = nativeByKernel.get(l.kernel);
    if (nf === undefined) {
      nf = nativeKernelFor(l.kernel);
      nativeByKernel.set(l.kernel, nf);
    }
    if (nf !== null) {
      const t0 = performance.now();
      nf(l.bufs as Parameters<typeof nf>[0], l.offsets, l.params, out);
      STATS.launched++;
      STATS.runMs += performance.now() - t0;
      return;
    }
  }
  const fn = kernelFor(l);
  const t0 = performance.now();
  fn(l.bufs, l.offsets, l.params, out);
  STATS.launched++;
  STATS.runMs += performance.now() - t0;
}

/** True when launches run as native code (the native backend's kernels). */
export function nativeLaunches(): boolean {
  return JIT.backend === "js" && NATIVE_KERNELS.enabled;
}

/** Number of distinct kernels compiled so far. */
export function cachedKernelCount(): number {
  return cache.size;
}
