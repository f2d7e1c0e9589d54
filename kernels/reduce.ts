// Reductions over one axis or all axes, with keepdims: the op table's
// combining reductions (sum prod max min) accumulate with their `combine`
// op's evaluator in binary64 and round once at the end (f32 sums are thus
// more accurate than numpy's pairwise f32 sums); int results outside i32 are
// R0001. The others (mean var std logsumexp argmax argmin) are lane
// functions over each reduced line. Full reductions give 0-d tensors.
// Over a pending (lazy) input, sum prod max min and mean fold the input's
// expression into one generated loop (kernels/jit/lazy.ts) with the same
// accumulation order, so results are identical; so does a large computed
// f32/f64 input reduced along one axis on the native backend (the bias
// gradients' batch sums), as one native launch with the input as its leaf.

import { isFloatDType } from "../compiler/core/dtype.ts";
import {
  checkI32,
  type OpDef,
  opDTypes,
  OPS,
  type ReduceOpName,
  type ScalarFn,
} from "../compiler/core/ops.ts";
import { argError } from "./errors.ts";
import { accumulateLoop } from "./loop_cache.ts";
import { fusedAccumulate } from "./jit/lazy.ts";
import type { CombineOpName } from "./schedule/loop_ir.ts";
import { checkAxis } from "./shape_check.ts";
import { scratchF64, shapeSize, Tensor } from "./tensor.ts";
import { sumRowsWasm } from "./runtime/wasm_sum_rows.ts";

/** Options of a reduction. */
export interface ReduceOptions {
  /** The axis to reduce (negative from the end); absent: all axes. */
  readonly axis?: number;
  readonly keepdims?: boolean;
  /** var/std: delta degrees of freedom (default 0, like numpy). */
  readonly ddof?: number;
}

/** A function of one reduced line of `n` values. */
type LaneFn = (buf: Float64Array, n: number, ddof: number) => number;

function mean(buf: Float64Array, n: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += buf[k];
  return s / n;
}

function variance(buf: Float64Array, n: number, ddof: number): number {
  const m = mean(buf, n);
  let s = 0;
  for (let k = 0; k < n; k++) s += (buf[k] - m) * (buf[k] - m);
  return n - ddof > 0 ? s / (n - ddof) : NaN;
}

function logsumexp(buf: Float64Array, n: number): number {
  let m = -Infinity;
  for (let k = 0; k < n; k++) m = Math.max(m, buf[k]);
  if (m === -Infinity || m === Infinity || m !== m) return m;
  let s = 0;
  for (let k = 0; k < n; k++) s += Math.exp(buf[k] - m);
  return m + Math.log(s);
}

/** Index of the first extreme (`sign` 1: max, -1: min); a NaN wins, like numpy. */
function argExtreme(buf: Float64Array, n: number, sign: number): number {
  let best = 0;
  for (let k = 0; k < n; k++) {
    const v = buf[k];
    if (v !== v) return k;
    if ((v - buf[best]) * sign > 0) best = k;
  }
  return best;
}

const LANE_FNS: Record<
  "mean" | "var" | "std" | "logsumexp" | "argmax" | "argmin",
  LaneFn
> = {
  mean,
  var: variance,
  std: (b, n, ddof) => Math.sqrt(variance(b, n, ddof)),
  logsumexp,
  argmax: (b, n) => argExtreme(b, n, 1),
  argmin: (b, n) => argExtreme(b, n, -1),
};

/** Needs at least one element (no identity): max min argmax argmin. */
const NEEDS_ELEMENTS = new Set<ReduceOpName>([
  "max",
  "min",
  "argmax",
  "argmin",
]);

/** A reduction (`sum`, `mean`, `argmax`, …) over `opts.axis` or all axes. */
export function reduce(
  op: ReduceOpName,
  x: Tensor,
  opts: ReduceOptions = {},
): Tensor {
  const def: OpDef = OPS[op];
  const { result } = opDTypes(op, [x.dtype]);
  const keep = opts.keepdims ?? false;
  let outer = 1, n = x.size, inner = 1, outShape: number[];
  let axis: number | undefined;
  if (opts.axis === undefined) {
    outShape = keep ? x.shape.map(() => 1) : [];
  } else {
    const a = axis = checkAxis(op, opts.axis, x.ndim);
    outer = shapeSize(x.shape.slice(0, a));
    n = x.shape[a];
    inner = shapeSize(x.shape.slice(a + 1));
    outShape = [...x.shape];
    if (keep) outShape[a] = 1;
    else outShape.splice(a, 1);
  }
  if (n === 0 && NEEDS_ELEMENTS.has(op) && outer * inner > 0) {
    throw argError(op, "reduction of an empty tensor has no identity");
  }
  const acc = fused(op, x, axis, n) ?? (def.combine !== undefined
    ? accumulate(
      def.combine,
      OPS[def.combine as "add"].evalF,
      def.identity,
      x.contiguous(),
      outer,
      n,
      inner,
    )
    : lanes(
      LANE_FNS[op as keyof typeof LANE_FNS],
      opts.ddof ?? 0,
      x.contiguous(),
      outer,
      n,
      inner,
    ));
  const out = Tensor.zeros(result, outShape);
  const d = out.data;
  if (isFloatDType(result) || result === "bool") d.set(acc);
  else for (let i = 0; i < acc.length; i++) d[i] = checkI32(acc[i]);
  return out;
}

/** Starting values of the fused reductions (max/min: the first element wins). */
const FUSED: Partial<
  Record<ReduceOpName, { combine: CombineOpName; identity: number }>
> = {
  sum: { combine: "add", identity: 0 },
  mean: { combine: "add", identity: 0 },
  prod: { combine: "mul", identity: 1 },
  max: { combine: "maximum", identity: -Infinity },
  min: { combine: "minimum", identity: Infinity },
};

/** The accumulators of `op` folded by a launch over `x`, or null to run the JS loop. */
function fused(
  op: ReduceOpName,
  x: Tensor,
  axis: number | undefined,
  n: number,
): Float64Array | null {
  const f = FUSED[op];
  const acc = f && fusedAccumulate(x, axis, f.combine, f.identity);
  if (!acc) return null;
  if (op === "mean") { for (let i = 0; i < acc.length; i++) acc[i] /= n; }
  return acc;
}

/** Folds each line with `f` into binary64 accumulators, in o-k-i order. */
function accumulate(
  combine: string,
  f: ScalarFn,
  identity: number | undefined,
  x: Tensor,
  outer: number,
  n: number,
  inner: number,
): Float64Array {
  const acc = scratchF64(outer * inner);
  const xd = x.data, base = x.offset;
  if (combine === "add" && identity === 0 && inner > 1) {
    // One copy of the loop per storage type keeps each one monomorphic.
    if (xd instanceof Float32Array) {
      if (!sumRowsWasm(acc, xd, base, outer, n, inner)) {
        sumRowsF32(acc, xd, base, outer, n, inner);
      }
    } else sumRows(acc, xd, base, outer, n, inner);
    return acc;
  }
  if (identity !== undefined) acc.fill(identity);
  else if (n > 0) {
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        acc[o * inner + i] = xd[base + o * n * inner + i];
      }
    }
  }
  const loop = accumulateLoop(`${combine}:${xd.constructor.name}`, f);
  loop(acc, xd, base, outer, n, inner, identity === undefined ? 1 : 0);
  return acc;
}

/**
 * Sums of rows (the bias gradients' batch sums): four columns at a time,
 * each summed down its n rows in a register from 0, in the k order of the
 * generic loop (which adds into accumulators filled with 0), so the results
 * are the same.
 */
function sumRows(
  acc: Float64Array,
  xd: ArrayLike<number>,
  base: number,
  outer: number,
  n: number,
  inner: number,
): void {
  for (let o = 0; o < outer; o++) {
    const ao = o * inner, row = base + o * n * inner;
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0, p = row + i; k < n; k++, p += inner) {
        s0 += xd[p];
        s1 += xd[p + 1];
        s2 += xd[p + 2];
        s3 += xd[p + 3];
      }
      acc[ao + i] = s0;
      acc[ao + i + 1] = s1;
      acc[ao + i + 2] = s2;
      acc[ao + i + 3] = s3;
    }
    for (; i < inner; i++) {
      let s = 0;
      for (let k = 0, p = row + i; k < n; k++, p += inner) s += xd[p];
      acc[ao + i] = s;
    }
  }
}

/**
 * sumRows for f32 storage (the bias gradients of f32 models): the same loop,
 * kept as a copy on purpose so that V8 compiles each for one array type (a
 * shared one sees f32 and f64 loads and runs slower for both).
 */
function sumRowsF32(
  acc: Float64Array,
  xd: Float32Array,
  base: number,
  outer: number,
  n: number,
  inner: number,
): void {
  for (let o = 0; o < outer; o++) {
    const ao = o * inner, row = base + o * n * inner;
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0, p = row + i; k < n; k++, p += inner) {
        s0 += xd[p];
        s1 += xd[p + 1];
        s2 += xd[p + 2];
        s3 += xd[p + 3];
      }
      acc[ao + i] = s0;
      acc[ao + i + 1] = s1;
      acc[ao + i + 2] = s2;
      acc[ao + i + 3] = s3;
    }
    for (; i < inner; i++) {
      let s = 0;
      for (let k = 0, p = row + i; k < n; k++, p += inner) s += xd[p];
      acc[ao + i] = s;
    }
  }
}

/** Applies `fn` to each reduced line (gathered into a scratch buffer). */
function lanes(
  fn: LaneFn,
  ddof: number,
  x: Tensor,
  outer: number,
  n: number,
  inner: number,
): Float64Array {
  const acc = scratchF64(outer * inner);
  const buf = scratchF64(n);
  const xd = x.data, base = x.offset;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = base + o * n * inner + i;
      for (let k = 0; k < n; k++) buf[k] = xd[start + k * inner];
      acc[o * inner + i] = fn(buf, n, ddof);
    }
  }
  return acc;
}
