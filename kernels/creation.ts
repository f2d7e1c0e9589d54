// Tensor creation (spec §8): zeros ones full arange linspace eye, tensor()
// from nested values and fromFlat from flat values. Default dtype f32;
// arange gives i32 when all its arguments are ints.

import type { DType } from "../compiler/core/dtype.ts";
import { type Scalar, scalarNumber } from "../compiler/core/scalar.ts";
import { convertValues } from "./cast.ts";
import { argError } from "./errors.ts";
import { checkShape } from "./shape_check.ts";
import { allocData, scratchF64, shapeSize, Tensor } from "./tensor.ts";

/** A nested JS array of values for `tensor(...)`: numbers, bools or Scalars. */
export type Nested = number | boolean | Scalar | readonly Nested[];

/** A tensor of zeros (default f32). */
export function zeros(shape: readonly number[], dtype: DType = "f32"): Tensor {
  checkShape("zeros", shape);
  return Tensor.zeros(dtype, shape);
}

/** A tensor of ones (default f32). */
export function ones(shape: readonly number[], dtype: DType = "f32"): Tensor {
  checkShape("ones", shape);
  const t = Tensor.zeros(dtype, shape);
  t.data.fill(1);
  return t;
}

/** A tensor filled with `value` converted to `dtype` (default f32). */
export function full(
  shape: readonly number[],
  value: Scalar,
  dtype: DType = "f32",
): Tensor {
  checkShape("full", shape);
  const t = Tensor.zeros(dtype, shape);
  const one = allocData(dtype, 1);
  convertValues([scalarNumber(value)], one, dtype, value.kind === "float");
  t.data.fill(one[0]);
  return t;
}

/** A contiguous tensor from flat row-major values converted to `dtype`. */
export function fromFlat(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: DType,
): Tensor {
  checkShape("tensor", shape);
  if (shapeSize(shape) !== values.length) {
    throw argError(
      "tensor",
      `${values.length} values do not fill shape [${shape.join(", ")}]`,
    );
  }
  const data = allocData(dtype, values.length);
  convertValues(values, data, dtype, true);
  return Tensor.fromData(dtype, shape, data);
}

/**
 * `arange(n)` = 0, 1, … n-1, or `arange(start, stop, step)`; i32 when all
 * arguments are ints, else f32, unless `dtype` is given. Element i is
 * `start + i * step`.
 */
export function arange(
  start: Scalar,
  stop?: Scalar,
  step?: Scalar,
  dtype?: DType,
): Tensor {
  const args = [start, stop, step].filter((s): s is Scalar => s !== undefined);
  const allInt = args.every((s) => s.kind === "int");
  let a = scalarNumber(start), b = 0;
  if (stop === undefined) [a, b] = [0, a];
  else b = scalarNumber(stop);
  const st = step === undefined ? 1 : scalarNumber(step);
  if (st === 0 || !Number.isFinite(st) || !Number.isFinite(a + b)) {
    throw argError("arange", `invalid range ${a}..${b} step ${st}`);
  }
  const n = Math.max(0, Math.ceil((b - a) / st));
  const vals = scratchF64(n);
  for (let i = 0; i < n; i++) vals[i] = a + i * st;
  const dt = dtype ?? (allInt ? "i32" : "f32");
  const data = allocData(dt, n);
  convertValues(vals, data, dt, !allInt);
  return Tensor.fromData(dt, [n], data);
}

/** `num` evenly spaced values from `start` to `stop` inclusive (default f32). */
export function linspace(
  start: number,
  stop: number,
  num: number,
  dtype: DType = "f32",
): Tensor {
  if (!Number.isInteger(num) || num < 0) {
    throw argError("linspace", `num must be a non-negative int, found ${num}`);
  }
  const vals = scratchF64(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) vals[i] = start + i * step;
  if (num > 1) vals[num - 1] = stop;
  const data = allocData(dtype, num);
  convertValues(vals, data, dtype, true);
  return Tensor.fromData(dtype, [num], data);
}

/** The n×n identity matrix (default f32). */
export function eye(n: number, dtype: DType = "f32"): Tensor {
  checkShape("eye", [n]);
  const t = Tensor.zeros(dtype, [n, n]);
  for (let i = 0; i < n; i++) t.data[i * n + i] = 1;
  return t;
}

type Leaf = { value: number; kind: Scalar["kind"] };

function leafOf(x: number | boolean | Scalar): Leaf {
  if (typeof x === "boolean") return { value: x ? 1 : 0, kind: "bool" };
  if (typeof x === "number") {
    return { value: x, kind: Number.isInteger(x) ? "int" : "float" };
  }
  return { value: scalarNumber(x), kind: x.kind };
}

/**
 * A tensor from nested arrays. Without `dtype`: f32 if any element is a
 * float (a float Scalar or a non-integer number), bool if all are bools,
 * else i32. Ragged nesting or bools mixed with numbers is an R0012 error.
 */
export function tensor(data: Nested, dtype?: DType): Tensor {
  const shape: number[] = [];
  for (let x: Nested = data; Array.isArray(x); x = (x as Nested[])[0]) {
    shape.push(x.length);
    if (x.length === 0) break;
  }
  const leaves: Leaf[] = [];
  const walk = (x: Nested, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(x)) throw argError("tensor", "ragged nested list");
      leaves.push(leafOf(x as number | boolean | Scalar));
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) {
      throw argError("tensor", "ragged nested list");
    }
    for (const y of x as readonly Nested[]) walk(y, depth + 1);
  };
  walk(data, 0);
  const kinds = new Set(leaves.map((l) => l.kind));
  if (kinds.has("bool") && kinds.size > 1) {
    throw argError("tensor", "bools mixed with numbers");
  }
  const dt = dtype ??
    (kinds.has("float") || leaves.length === 0
      ? "f32"
      : kinds.has("bool")
      ? "bool"
      : "i32");
  const out = allocData(dt, leaves.length);
  convertValues(leaves.map((l) => l.value), out, dt, true);
  return Tensor.fromData(dt, shape, out);
}
