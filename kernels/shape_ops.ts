// Shape ops (spec §8): reshape, transpose, `.T`, flatten, squeeze,
// unsqueeze, concat, stack, item, len. Views share storage wherever numpy's
// would (transpose, squeeze, unsqueeze, reshape of contiguous data).

import type { DType } from "../compiler/core/dtype.ts";
import { isFloatDType } from "../compiler/core/dtype.ts";
import type { Scalar } from "../compiler/core/scalar.ts";
import { reshapeShape } from "../compiler/core/shape.ts";
import { argError, shapeError, shapeText } from "./errors.ts";
import { checkAxis, checkShape } from "./shape_check.ts";
import { contiguousStrides, copyInto, shapeSize, Tensor } from "./tensor.ts";

/** Reshape (one -1 allowed); a view of contiguous tensors, else a copy. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const r = reshapeShape(x.shape, shape);
  if (!r.ok || shape.some((d) => !Number.isInteger(d))) {
    throw shapeError(
      "reshape",
      r.ok ? `invalid shape ${shapeText(shape)}` : r.message,
    );
  }
  const target = r.shape as number[];
  const src = x.isContiguous ? x : x.copy();
  return new Tensor(
    x.dtype,
    target,
    contiguousStrides(target),
    src.offset,
    src.data,
  );
}

/** Permutes dims by `perm` (default: reverse all); a view. */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const r = x.ndim;
  const swap = perm === undefined ||
    (perm.length === 2 && perm[0] === 1 && perm[1] === 0);
  if (r === 2 && swap) return transposeLast2(x);
  const p = perm === undefined
    ? x.shape.map((_, i) => r - 1 - i)
    : perm.map((a) => checkAxis("transpose", a, r));
  if (p.length !== r || new Set(p).size !== r) {
    throw argError(
      "transpose",
      `[${perm?.join(", ")}] is not a permutation of ${r} axes`,
    );
  }
  return new Tensor(
    x.dtype,
    p.map((a) => x.shape[a]),
    p.map((a) => x.strides[a]),
    x.offset,
    x.data,
  );
}

/** `.T`: swaps the last two dims (rank < 2: the tensor itself); a view. */
export function transposeLast2(x: Tensor): Tensor {
  const r = x.ndim;
  if (r < 2) return x;
  if (r === 2) {
    // The common case (a weight's `.T`) without building a permutation.
    const [a, b] = x.shape, [sa, sb] = x.strides;
    return new Tensor(x.dtype, [b, a], [sb, sa], x.offset, x.data);
  }
  const perm = x.shape.map((_, i) => i);
  [perm[r - 2], perm[r - 1]] = [r - 1, r - 2];
  return transpose(x, perm);
}

/** Flattens dims `start` (default 1, negative allowed) through the last. */
export function flatten(x: Tensor, start = 1): Tensor {
  const r = x.ndim;
  if (r === 0) return reshape(x, [1]);
  const s = start === r ? r : checkAxis("flatten", start, r);
  if (s >= r - 1) return x;
  return reshape(x, [...x.shape.slice(0, s), -1]);
}

/** Removes size-1 dims: all of them, or the one at `axis` (R0012 if not 1). */
export function squeeze(x: Tensor, axis?: number): Tensor {
  let keep: number[];
  if (axis === undefined) {
    keep = x.shape.flatMap((d, i) => (d === 1 ? [] : [i]));
  } else {
    const a = checkAxis("squeeze", axis, x.ndim);
    if (x.shape[a] !== 1) {
      throw argError("squeeze", `axis ${axis} has size ${x.shape[a]}, not 1`);
    }
    keep = x.shape.map((_, i) => i).filter((i) => i !== a);
  }
  return new Tensor(
    x.dtype,
    keep.map((i) => x.shape[i]),
    keep.map((i) => x.strides[i]),
    x.offset,
    x.data,
  );
}

/** Inserts a size-1 dim at `axis` (in [-(rank+1), rank]); a view. */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const a = checkAxis("unsqueeze", axis, x.ndim + 1);
  const shape = [...x.shape], strides = [...x.strides];
  shape.splice(a, 0, 1);
  strides.splice(a, 0, a < x.ndim ? x.strides[a] * x.shape[a] : 1);
  return new Tensor(x.dtype, shape, strides, x.offset, x.data);
}

function joinDType(fn: string, xs: readonly Tensor[]): DType {
  if (xs.length === 0) throw argError(fn, "needs at least one tensor");
  const dt = xs[0].dtype;
  for (const x of xs) {
    if (x.dtype !== dt) {
      throw argError(fn, `mixed dtypes ${dt} and ${x.dtype}`);
    }
  }
  return dt;
}

/** Joins tensors of one dtype along an existing axis (default 0). */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  const dt = joinDType("concat", xs);
  const r = xs[0].ndim;
  if (r === 0) throw argError("concat", "cannot concatenate 0-d tensors");
  const a = checkAxis("concat", axis, r);
  let total = 0;
  for (const x of xs) {
    const bad = x.ndim !== r ||
      x.shape.some((d, i) => i !== a && d !== xs[0].shape[i]);
    if (bad) {
      throw shapeError(
        "concat",
        `${shapeText(xs[0].shape)} and ${shapeText(x.shape)} along axis ${a}`,
      );
    }
    total += x.shape[a];
  }
  const shape = [...xs[0].shape];
  shape[a] = total;
  const out = Tensor.zeros(dt, shape);
  // Each input fills a block of `inner` elements per outer index.
  const outer = shapeSize(shape.slice(0, a));
  const rowLen = shapeSize(shape.slice(a));
  let col = 0;
  for (const x of xs) {
    const block = shapeSize(x.shape.slice(a));
    const c = x.contiguous();
    for (let o = 0; o < outer; o++) {
      const src = new Tensor(dt, [block], [1], c.offset + o * block, c.data);
      copyInto(src, out.data, o * rowLen + col);
    }
    col += block;
  }
  return out;
}

/** Joins same-shape tensors along a new axis (default 0). */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  joinDType("stack", xs);
  const r = xs[0].ndim;
  const a = checkAxis("stack", axis, r + 1);
  for (const x of xs) {
    if (x.ndim !== r || x.shape.some((d, i) => d !== xs[0].shape[i])) {
      throw shapeError(
        "stack",
        `${shapeText(xs[0].shape)} and ${shapeText(x.shape)}`,
      );
    }
  }
  return concat(xs.map((x) => unsqueeze(x, a)), a);
}

/** The scalar a one-element tensor holds (any shape of size 1). */
export function item(x: Tensor): Scalar {
  if (x.size !== 1) {
    throw argError("item", `tensor of ${x.size} elements, expected 1`);
  }
  return scalarAt(x.dtype, x.data[x.offset]);
}

/** A stored element as a language scalar: float for f32/f64, bool, else int. */
export function scalarAt(dtype: DType, v: number): Scalar {
  if (isFloatDType(dtype)) return { kind: "float", value: v };
  if (dtype === "bool") return { kind: "bool", value: v !== 0 };
  return { kind: "int", value: v };
}

/** Size of the first dim (R0012 for a 0-d tensor). */
export function len(x: Tensor): number {
  if (x.ndim === 0) throw argError("len", "a 0-d tensor has no length");
  return x.shape[0];
}

/** Re-checks a shape list given by the user (exported for engines). */
export function validShape(fn: string, shape: readonly number[]): number[] {
  checkShape(fn, shape);
  return [...shape];
}
