// Type rules of the shape builtins (spec §8): reshape (E0403 when the known
// sizes cannot match), transpose, flatten, squeeze/unsqueeze (E0402 for a
// literal axis out of range), concat/stack, len, astype, item.

import {
  type Dim,
  formatShape,
  normalizeAxis,
  reshapeShape,
} from "../core/shape.ts";
import type { ArgInfo } from "./args.ts";
import {
  type BuiltinCall,
  type BuiltinRule,
  dtypeArg,
  expectArg,
  IS_INT,
  IS_LIST,
  IS_TENSOR,
  isShapeLike,
  literalInts,
  tensorArg,
} from "./builtin_helpers.ts";
import { intLiteral } from "./indexing.ts";
import {
  INT,
  isNumeric,
  scalarOfDType,
  tensorOf,
  type TensorType,
  type Type,
  UNKNOWN,
} from "./types.ts";

const TENSOR = "a tensor";

/** The tensor argument `x`, reporting E0311 for a known non-tensor. */
export function xTensor(c: BuiltinCall, name = "x"): TensorType | null {
  const a = c.arg(name);
  expectArg(c, a, IS_TENSOR, TENSOR);
  return tensorArg(a);
}

/** A literal axis argument normalised against `rank` (E0402 when out of range). */
export function axisArg(
  c: BuiltinCall,
  a: ArgInfo | undefined,
  rank: number | null,
): number | null | undefined {
  if (a === undefined) return undefined;
  expectArg(c, a, IS_INT, "an int axis");
  const v = intLiteral(a.expr);
  if (v === undefined || rank === null) return null;
  const n = normalizeAxis(v, rank);
  if (n === null) c.ck.report("E0402", a.span, [v, rank]);
  return n;
}

function reshape(c: BuiltinCall): Type {
  const x = xTensor(c);
  const shapeArg = c.arg("shape");
  expectArg(c, shapeArg, isShapeLike, "a shape (a list of ints)");
  if (x === null) return UNKNOWN;
  const target = literalInts(shapeArg);
  if (target === null) return tensorOf(x.dtype, null);
  if (x.shape === null) {
    return tensorOf(x.dtype, target.map((d) => (d < 0 ? null : d)));
  }
  const r = reshapeShape(x.shape, target);
  if (!r.ok) {
    c.ck.report("E0403", c.call.span, [
      formatShape(x.shape),
      formatShape(target),
    ]);
    return UNKNOWN;
  }
  return tensorOf(x.dtype, r.shape);
}

function transpose(c: BuiltinCall): Type {
  const x = xTensor(c);
  if (x === null) return UNKNOWN;
  if (x.shape === null) return x;
  const permArg = c.arg("perm");
  if (permArg === undefined) return tensorOf(x.dtype, [...x.shape].reverse());
  const perm = literalInts(permArg);
  const rank = x.shape.length;
  if (perm === null || perm.length !== rank) {
    return tensorOf(x.dtype, x.shape.map(() => null));
  }
  const out: Dim[] = [];
  for (const p of perm) {
    const n = normalizeAxis(p, rank);
    if (n === null) {
      c.ck.report("E0402", permArg.span, [p, rank]);
      return UNKNOWN;
    }
    out.push(x.shape[n]);
  }
  return tensorOf(x.dtype, out);
}

function flatten(c: BuiltinCall): Type {
  const x = xTensor(c);
  if (x === null) return UNKNOWN;
  if (x.shape === null) return x;
  const startArg = c.arg("start");
  const start = startArg === undefined
    ? Math.min(1, x.shape.length)
    : axisArg(c, startArg, Math.max(x.shape.length, 1));
  if (start === null || start === undefined) return tensorOf(x.dtype, null);
  const tail = x.shape.slice(start);
  const known = tail.every((d) => typeof d === "number");
  const size = known ? (tail as number[]).reduce((p, d) => p * d, 1) : null;
  return tensorOf(x.dtype, [...x.shape.slice(0, start), size]);
}

function squeeze(c: BuiltinCall): Type {
  const x = xTensor(c);
  if (x === null) return UNKNOWN;
  if (x.shape === null) return x;
  const axisA = c.arg("axis");
  if (axisA === undefined) {
    if (x.shape.some((d) => typeof d !== "number")) {
      return tensorOf(x.dtype, null);
    }
    return tensorOf(x.dtype, x.shape.filter((d) => d !== 1));
  }
  const ax = axisArg(c, axisA, x.shape.length);
  if (ax === null || ax === undefined) return tensorOf(x.dtype, null);
  const s = [...x.shape];
  if (s[ax] === 1) s.splice(ax, 1);
  return tensorOf(x.dtype, s);
}

function unsqueeze(c: BuiltinCall): Type {
  const x = xTensor(c);
  if (x === null) return UNKNOWN;
  const rank = x.shape === null ? null : x.shape.length + 1;
  const ax = axisArg(c, c.arg("axis"), rank);
  if (x.shape === null || ax === null || ax === undefined) {
    return tensorOf(x.dtype, null);
  }
  const s = [...x.shape];
  s.splice(ax, 0, 1);
  return tensorOf(x.dtype, s);
}

/** `concat(list, axis)` and `stack(list, axis)`: dtype of the elements. */
function joinTensors(stack: boolean): BuiltinRule {
  return (c) => {
    const a = c.arg("tensors");
    expectArg(c, a, IS_LIST, "a list of tensors");
    const el = a?.type.kind === "list" ? a.type.element : null;
    if (el === null || el.kind !== "tensor") return tensorOf(null, null);
    if (el.shape === null) return tensorOf(el.dtype, null);
    const rank = el.shape.length + (stack ? 1 : 0);
    const axisA = c.arg("axis");
    const ax = axisA === undefined ? 0 : axisArg(c, axisA, rank);
    if (ax === null || ax === undefined) {
      return tensorOf(
        el.dtype,
        el.shape.map(() => null).concat(stack ? [null] : []),
      );
    }
    const s = [...el.shape];
    if (stack) s.splice(ax, 0, null);
    else s[ax] = null;
    return tensorOf(el.dtype, s);
  };
}

/** Rules of the shape builtins. */
export const SHAPE_RULES: Readonly<Record<string, BuiltinRule>> = {
  reshape,
  transpose,
  flatten,
  squeeze,
  unsqueeze,
  concat: joinTensors(false),
  stack: joinTensors(true),
  len: (c) => {
    const a = c.arg("x");
    expectArg(
      c,
      a,
      (t) => ["str", "list", "tensor", "tuple", "range"].includes(t.kind),
      "a list, str or tensor",
    );
    if (a?.type.kind === "tensor" && a.type.shape?.length === 0) {
      c.ck.report("E0311", a.span, [
        c.name,
        "a tensor with a first dimension",
        "a 0-d tensor",
      ]);
    }
    return INT;
  },
  astype: (c) => {
    const x = xTensor(c);
    const d = dtypeArg(c);
    return tensorOf(d ?? null, x?.shape ?? null);
  },
  item: (c) => {
    const a = c.arg("x");
    expectArg(c, a, (t) => t.kind === "tensor" || isNumeric(t), TENSOR);
    if (a === undefined) return UNKNOWN;
    if (isNumeric(a.type)) return a.type;
    return a.type.kind === "tensor" ? scalarOfDType(a.type.dtype) : UNKNOWN;
  },
};
