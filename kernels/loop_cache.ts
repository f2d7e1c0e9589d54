// Specialised eager loop functions (compiled through codegen/js.ts's
// compileJs, the one `new Function` site of kernels/). The generic strided loop is compiled once per (op,
// evaluator, operand kinds) key, so V8 sees one evaluator and one
// typed-array kind per loop and can inline the evaluator (about 10x faster
// than one shared loop calling evaluators megamorphically). The source is
// fixed text; a key comment makes each copy a distinct function for V8.

import type { ScalarFn } from "../compiler/core/ops.ts";
import { compileJs } from "./codegen/js.ts";

/** Operand storage for a loop: plain numbers indexed by offset. */
type Data = ArrayLike<number>;

/**
 * An element-wise loop: walks `shape` (rank >= 1) with per-operand strides
 * from offsets pa/pb/pc, writing `out` contiguously from 0. Unused operands
 * may repeat the first one.
 */
export type ElementwiseLoop = (
  ad: Data,
  pa: number,
  sA: readonly number[],
  bd: Data,
  pb: number,
  sB: readonly number[],
  cd: Data,
  pc: number,
  sC: readonly number[],
  shape: readonly number[],
  out: { [i: number]: number },
) => void;

/**
 * A reduction loop: for o < outer, k < n, i < inner:
 * acc[o*inner + i] = f(acc[o*inner + i], x[base + (o*n + k)*inner + i]),
 * starting from k = k0.
 */
export type AccumulateLoop = (
  acc: Float64Array,
  x: Data,
  base: number,
  outer: number,
  n: number,
  inner: number,
  k0: number,
) => void;

const ELEMENTWISE_SRC = `
  const rank = shape.length, inner = shape[rank - 1];
  const sa = sA[rank - 1], sb = sB[rank - 1], sc = sC[rank - 1];
  const idx = new Array(rank).fill(0);
  let o = 0;
  for (;;) {
    for (let j = 0, p = pa, q = pb, r = pc; j < inner; j++, p += sa, q += sb, r += sc) {
      out[o++] = f(ARGS);
    }
    let d = rank - 2;
    for (; d >= 0; d--) {
      idx[d]++;
      pa += sA[d]; pb += sB[d]; pc += sC[d];
      if (idx[d] < shape[d]) break;
      pa -= sA[d] * shape[d]; pb -= sB[d] * shape[d]; pc -= sC[d] * shape[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }`;

const ACCUMULATE_SRC = `
  for (let o = 0; o < outer; o++) {
    const row = base + o * n * inner, ao = o * inner;
    if (inner === 1) {
      let s = acc[ao];
      for (let k = k0; k < n; k++) s = f(s, x[row + k], 0);
      acc[ao] = s;
      continue;
    }
    for (let k = k0; k < n; k++) {
      const p = row + k * inner;
      for (let i = 0; i < inner; i++) acc[ao + i] = f(acc[ao + i], x[p + i], 0);
    }
  }`;

const ARGS = ["ad[p], 0, 0", "ad[p], bd[q], 0", "ad[p], bd[q], cd[r]"];

const elementwiseCache = new Map<string, ElementwiseLoop>();
const accumulateCache = new Map<string, AccumulateLoop>();

function compile<T>(key: string, f: ScalarFn, params: string, body: string): T {
  const src = `// dl loop ${JSON.stringify(key)}\n` +
    `return function (${params}) {${body}\n};`;
  return compileJs<T>(src, { f });
}

/**
 * The element-wise loop for `key` (which must identify `f`, the arity and
 * the operand/output storage kinds), compiled on first use.
 */
export function elementwiseLoop(
  key: string,
  f: ScalarFn,
  arity: 1 | 2 | 3,
): ElementwiseLoop {
  let loop = elementwiseCache.get(key);
  if (loop === undefined) {
    loop = compile<ElementwiseLoop>(
      key,
      f,
      "ad, pa, sA, bd, pb, sB, cd, pc, sC, shape, out",
      ELEMENTWISE_SRC.replace("ARGS", ARGS[arity - 1]),
    );
    elementwiseCache.set(key, loop);
  }
  return loop;
}

/** The reduction loop for `key` (identifying `f` and the input kind). */
export function accumulateLoop(key: string, f: ScalarFn): AccumulateLoop {
  let loop = accumulateCache.get(key);
  if (loop === undefined) {
    loop = compile<AccumulateLoop>(
      key,
      f,
      "acc, x, base, outer, n, inner, k0",
      ACCUMULATE_SRC,
    );
    accumulateCache.set(key, loop);
  }
  return loop;
}
