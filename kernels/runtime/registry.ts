// The CPU backend registry: backends register themselves (kernels/runtime/
// mod.ts imports each backend file), the CLI selects one by name, and tensor
// ops call the active backend's GEMM through `sgemm` / `dgemm` here.

import type {
  BackendName,
  BackendOptions,
  CpuBackend,
  FloatArray,
  GemmFn,
  GemmParams,
} from "./gemm_contract.ts";
import { setPoolBacking } from "./storage_pool.ts";
import { applyEpilogue, fusesEpilogue } from "./gemm_epilogue.ts";

const backends = new Map<BackendName, CpuBackend>();
let active: CpuBackend | null = null;
let fallback: CpuBackend | null = null;
let pending: (() => void) | null = null;

/** Adds a backend; the `js` backend also becomes the fallback and default. */
export function registerBackend(b: CpuBackend): void {
  backends.set(b.name, b);
  if (b.name === "js") {
    fallback = b;
    if (active === null) active = b;
  }
}

/** The registered backend names, in registration order. */
export function backendNames(): BackendName[] {
  return [...backends.keys()];
}

/**
 * Makes `name` the active backend after initializing it; returns null, or a
 * one-line reason it cannot be used (the active backend is then unchanged).
 */
export function selectBackend(
  name: string,
  opts: BackendOptions,
): string | null {
  pending = null;
  const b = backends.get(name as BackendName);
  if (b === undefined) {
    return `unknown backend '${name}' (choose one of: ${
      backendNames().join(", ")
    })`;
  }
  const why = b.init(opts);
  if (why !== null) return why;
  active = b;
  setPoolBacking(b.storage ?? "array");
  return null;
}

/**
 * Runs `choose` (which selects a backend) just before the first GEMM instead
 * of now, so programs that never multiply matrices skip backend start-up. A
 * selectBackend call in between cancels it.
 */
export function deferSelection(choose: () => void): void {
  pending = choose;
}

/** The active backend (the js backend until another is selected). */
export function activeBackend(): CpuBackend {
  if (pending !== null) {
    const choose = pending;
    pending = null;
    choose();
  }
  if (active === null) throw new Error("no CPU backend registered");
  return active;
}

/**
 * The name of the backend selected last (null before any), without running a
 * deferred selection.
 */
export function selectedBackendName(): BackendName | null {
  return active?.name ?? null;
}

/** f32 GEMM on the active backend (see GemmParams). */
export function sgemm(p: GemmParams<Float32Array>): void {
  const b = activeBackend();
  withEpilogue(b.sgemm, fusesEpilogue(p, b.epilogueActs), p);
}

/** f64 GEMM on the active backend, or the js backend's when it has none. */
export function dgemm(p: GemmParams<Float64Array>): void {
  const b = activeBackend();
  const f = b.dgemm ?? fallback?.dgemm;
  if (f === undefined) throw new Error("no f64 GEMM registered");
  withEpilogue(f, false, p);
}

/** Runs `gemm` on `p`; its epilogue as a separate pass unless `fused`. */
function withEpilogue<T extends FloatArray>(
  gemm: GemmFn<T>,
  fused: boolean,
  p: GemmParams<T>,
): void {
  if (fused || p.epilogue === undefined) return gemm(p);
  gemm({ ...p, epilogue: undefined });
  applyEpilogue(p);
}
