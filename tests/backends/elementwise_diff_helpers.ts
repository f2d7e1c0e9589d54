// Shared by the element-wise differential tests: seeded random inputs with
// the awkward values (nan, ±inf, ±0, int extremes), and `threeWays`, which
// runs one tensor program eagerly (JIT off), as generated JavaScript and on
// the reference loop-IR interpreter (with no minimum size for lazy results),
// returning each result's elements or
// the error code it failed with.

import type { DType } from "../../compiler/core/dtype.ts";
import { KernelError } from "../../compiler/core/runtime_error.ts";
import { JIT, withJit } from "../../kernels/jit/config.ts";
import { allocData, Tensor, toArray } from "../../kernels/tensor.ts";

/** A small seeded generator (mulberry32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6D2B79F5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIAL: Record<DType, number[]> = {
  f32: [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, 3.4e38, 1e-45],
  f64: [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, 1e308, 5e-324],
  i32: [0, 1, -1, 2147483647, -2147483648, 7, -7],
  bool: [0, 1],
  i8: [0, 1, -1, 127, -128],
};

/** A fresh contiguous tensor of `shape` with random (partly special) values. */
export function randomTensor(
  dtype: DType,
  shape: readonly number[],
  next: () => number,
): Tensor {
  const n = shape.reduce((s, d) => s * d, 1);
  const data = allocData(dtype, n);
  for (let i = 0; i < n; i++) {
    const sp = SPECIAL[dtype];
    if (next() < 0.2) data[i] = sp[Math.floor(next() * sp.length)];
    else if (dtype === "bool") data[i] = next() < 0.5 ? 1 : 0;
    else if (dtype === "i32" || dtype === "i8") {
      data[i] = Math.floor(next() * 21) - 10;
    } else data[i] = (next() - 0.5) * 8;
  }
  return Tensor.fromData(dtype, shape, data);
}

/** A result: dtype, shape and elements, or the error code. */
export type Outcome =
  | { readonly dtype: DType; readonly shape: number[]; readonly v: number[] }
  | { readonly error: string };

function outcome(fn: () => Tensor): Outcome {
  try {
    const t = fn();
    return { dtype: t.dtype, shape: [...t.shape], v: toArray(t) };
  } catch (e) {
    if (e instanceof KernelError) return { error: e.code };
    throw e;
  }
}

/** Runs `fn` eagerly, through the JS kernels and through the reference backend. */
export function threeWays(
  fn: () => Tensor,
): { eager: Outcome; js: Outcome; ref: Outcome } {
  const eager = withJit(false, () => outcome(fn));
  const js = withJit(true, () => outcome(fn), 0);
  const old = JIT.backend;
  JIT.backend = "reference";
  try {
    const ref = withJit(true, () => outcome(fn), 0);
    return { eager, js, ref };
  } finally {
    JIT.backend = old;
  }
}

/** Runs `fn` with the JIT on (no minimum size) on `backend`. */
export function onBackend(
  backend: typeof JIT.backend,
  fn: () => Tensor,
): Outcome {
  const old = JIT.backend;
  JIT.backend = backend;
  try {
    return withJit(true, () => outcome(fn), 0);
  } finally {
    JIT.backend = old;
  }
}

/** Whether two outcomes are identical (elements compared with Object.is). */
export function same(a: Outcome, b: Outcome): boolean {
  if ("error" in a || "error" in b) {
    return "error" in a && "error" in b && a.error === b.error;
  }
  return a.dtype === b.dtype && a.shape.join() === b.shape.join() &&
    a.v.length === b.v.length && a.v.every((x, i) => Object.is(x, b.v[i]));
}

/** Describes how outcomes differ (empty when all three are identical). */
export function mismatch(r: ReturnType<typeof threeWays>): string {
  const bad: string[] = [];
  if (!same(r.eager, r.js)) bad.push("js differs from eager");
  if (!same(r.eager, r.ref)) bad.push("reference differs from eager");
  if (bad.length === 0) return "";
  return `${bad.join(", ")}:\n eager ${JSON.stringify(r.eager)}\n js    ${
    JSON.stringify(r.js)
  }\n ref   ${JSON.stringify(r.ref)}`;
}
