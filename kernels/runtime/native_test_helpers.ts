// Shared pieces of the native backend tests: whether clang and FFI are here
// (and why not, for skipped tests' names), random strided GEMM problems and
// a naive f64 reference to check them against.

import type { FloatArray, GemmParams } from "./gemm_contract.ts";
import { findToolchain } from "./native_toolchain.ts";

/** Why the native tests cannot run here, or null when they can. */
export function nativeSkipReason(): string | null {
  if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") {
    return "no --allow-ffi";
  }
  const tc = findToolchain();
  return typeof tc === "string" ? tc : null;
}

/** A test name with the skip reason appended when the test is skipped. */
export function nativeTestName(name: string): string {
  const why = nativeSkipReason();
  return why === null ? name : `${name} (skipped: ${why})`;
}

/** A deterministic pseudo-random number stream in [-1, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x80000000 - 1;
  };
}

/** How a test lays out one GEMM: sizes, transposes, padding, accumulate. */
export interface Problem {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transA?: boolean;
  readonly transB?: boolean;
  readonly accumulate?: boolean;
  /** Extra elements before each view and at the end of each C row. */
  readonly pad?: number;
}

/** Builds a problem's params over fresh random arrays of the given type. */
export function makeProblem<T extends FloatArray>(
  make: (n: number) => T,
  pr: Problem,
  seed: number,
): GemmParams<T> {
  const r = rng(seed);
  const pad = pr.pad ?? 0;
  const fill = (len: number): T => {
    const x = make(len);
    for (let i = 0; i < len; i++) x[i] = r();
    return x;
  };
  const { m, n, k } = pr;
  const ldc = n + pad;
  return {
    m,
    n,
    k,
    a: fill(pad + m * k),
    aOffset: pad,
    aRowStride: pr.transA ? 1 : k,
    aColStride: pr.transA ? m : 1,
    b: fill(pad + k * n),
    bOffset: pad,
    bRowStride: pr.transB ? 1 : n,
    bColStride: pr.transB ? k : 1,
    c: fill(pad + m * ldc),
    cOffset: pad,
    ldc,
    accumulate: pr.accumulate ?? false,
  };
}

/** The naive product in f64 (applied to a copy of C): the expected C. */
export function referenceGemm(p: GemmParams): Float64Array {
  const out = Float64Array.from(p.c);
  for (let i = 0; i < p.m; i++) {
    for (let j = 0; j < p.n; j++) {
      let s = 0;
      for (let q = 0; q < p.k; q++) {
        s += p.a[p.aOffset + i * p.aRowStride + q * p.aColStride] *
          p.b[p.bOffset + q * p.bRowStride + j * p.bColStride];
      }
      const at = p.cOffset + i * p.ldc + j;
      out[at] = p.accumulate ? out[at] + s : s;
    }
  }
  return out;
}

/** The largest |got - want| over all of C (padding included). */
export function maxAbsDiff(got: FloatArray, want: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i] - want[i]);
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return worst;
}
