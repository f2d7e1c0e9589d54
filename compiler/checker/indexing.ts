// Indexing and iteration (spec §3–4): `x[i, 1:, ::2]` on tensors (rank and
// literal bounds checked where the shape is known: E0404, E0405), lists and
// strs with one index; what `for` yields for each iterable.

import type { Expr, SliceExpr } from "../ast.ts";
import type { Dim } from "../core/shape.ts";
import type { Span } from "../core/span.ts";
import type { Checker } from "./context.ts";
import { checkExpr, expectInt } from "./expr.ts";
import type { Scope } from "./scope.ts";
import {
  fmt,
  INT,
  isUnknown,
  scalarOfDType,
  STR,
  tensorOf,
  type TensorType,
  type Type,
  UNKNOWN,
} from "./types.ts";

type Index = Extract<Expr, { kind: "Index" }>;

/** One checked index: an int (maybe a literal), a slice, a tensor or unknown. */
type IndexInfo =
  | { readonly kind: "int"; readonly literal?: number; readonly span: Span }
  | { readonly kind: "slice"; readonly slice: SliceExpr }
  | { readonly kind: "tensor" }
  | { readonly kind: "unknown" };

/** The value of an int literal, possibly negated (`-1`), else undefined. */
export function intLiteral(e: Expr | undefined): number | undefined {
  if (e === undefined) return undefined;
  if (e.kind === "IntLit") return e.value;
  if (e.kind === "Unary" && e.op === "-" && e.operand.kind === "IntLit") {
    return -e.operand.value;
  }
  return undefined;
}

function checkOneIndex(
  ck: Checker,
  ix: Expr | SliceExpr,
  scope: Scope,
): IndexInfo {
  if (ix.kind === "Slice") {
    for (const part of [ix.start, ix.stop, ix.step]) {
      if (part !== undefined) expectInt(ck, part, checkExpr(ck, part, scope));
    }
    return { kind: "slice", slice: ix };
  }
  const t = checkExpr(ck, ix, scope);
  if (t.kind === "int") {
    return { kind: "int", literal: intLiteral(ix), span: ix.span };
  }
  if (t.kind === "tensor") return { kind: "tensor" };
  if (!isUnknown(t)) ck.report("E0301", ix.span, ["`int`", fmt(t)]);
  return { kind: "unknown" };
}

/** Checks `target[indices]` and returns the element or sub-tensor type. */
export function checkIndex(ck: Checker, e: Index, scope: Scope): Type {
  return checkIndexParts(ck, e, scope).result;
}

/** Like checkIndex, also giving the indexed value's type. */
export function checkIndexParts(
  ck: Checker,
  e: Index,
  scope: Scope,
): { readonly target: Type; readonly result: Type } {
  const target = checkExpr(ck, e.target, scope);
  return { target, result: indexResult(ck, e, target, scope) };
}

function indexResult(ck: Checker, e: Index, t: Type, scope: Scope): Type {
  const idx: IndexInfo[] = new Array(e.indices.length);
  for (let i = 0; i < idx.length; i++) {
    idx[i] = checkOneIndex(ck, e.indices[i], scope);
  }
  switch (t.kind) {
    case "unknown":
    case "never":
      return UNKNOWN;
    case "tensor":
      return indexTensor(ck, t, idx, e.span);
    case "list":
    case "str": {
      if (idx.length !== 1) {
        ck.report("E0308", e.span, [
          `${fmt(t)} with ${idx.length} indices`,
        ]);
        return UNKNOWN;
      }
      if (idx[0].kind === "slice") return t;
      return t.kind === "list" ? t.element : STR;
    }
    case "tuple":
      ck.report("E0308", e.span, [fmt(t)]);
      return UNKNOWN;
    default:
      ck.report("E0308", e.span, [fmt(t)]);
      return UNKNOWN;
  }
}

function indexTensor(
  ck: Checker,
  t: TensorType,
  idx: readonly IndexInfo[],
  span: Span,
): Type {
  if (t.shape === null) return UNKNOWN;
  const rank = t.shape.length;
  if (idx.length > rank) {
    ck.report("E0404", span, [rank, idx.length]);
    return UNKNOWN;
  }
  const out: Dim[] = [];
  for (let i = 0; i < idx.length; i++) {
    const ix = idx[i];
    const dim = t.shape[i];
    if (ix.kind === "tensor") return tensorOf(t.dtype, null);
    if (ix.kind === "unknown") return UNKNOWN;
    if (ix.kind === "slice") {
      out.push(sliceLength(dim, ix.slice));
      continue;
    }
    if (ix.literal !== undefined && typeof dim === "number") {
      if (ix.literal >= dim || ix.literal < -dim) {
        ck.report("E0405", ix.span, [ix.literal, dim]);
      }
    }
  }
  out.push(...t.shape.slice(idx.length));
  if (out.length === 0) return scalarOfDType(t.dtype);
  return tensorOf(t.dtype, out);
}

/** The length of a slice of a dim of size `dim` (numpy rules), if known. */
function sliceLength(dim: Dim, s: SliceExpr): Dim {
  if (typeof dim !== "number") {
    return s.start === undefined && s.stop === undefined &&
        s.step === undefined
      ? dim
      : null;
  }
  const lit = (e: Expr | undefined, dflt: number | null) =>
    e === undefined ? dflt : intLiteral(e) ?? NaN;
  const step = lit(s.step, 1) as number;
  if (Number.isNaN(step) || step === 0) return null;
  const clamp = (v: number | null, lo: number, hi: number, dflt: number) => {
    if (v === null) return dflt;
    const w = v < 0 ? v + dim : v;
    return Math.min(Math.max(w, lo), hi);
  };
  const rawStart = lit(s.start, null), rawStop = lit(s.stop, null);
  if (Number.isNaN(rawStart) || Number.isNaN(rawStop)) return null;
  if (step > 0) {
    const a = clamp(rawStart, 0, dim, 0);
    const b = clamp(rawStop, 0, dim, dim);
    return b > a ? Math.ceil((b - a) / step) : 0;
  }
  const a = clamp(rawStart, -1, dim - 1, dim - 1);
  const b = clamp(rawStop, -1, dim - 1, -1);
  return a > b ? Math.ceil((a - b) / -step) : 0;
}

/** The type a `for` loop binds for each element of `t` (E0312 if not iterable). */
export function iterationType(ck: Checker, t: Type, span: Span): Type {
  switch (t.kind) {
    case "range":
      return INT;
    case "list":
      return t.element;
    case "str":
      return STR;
    case "unknown":
    case "never":
      return UNKNOWN;
    case "tensor":
      if (t.shape === null) return UNKNOWN;
      if (t.shape.length === 0) break;
      if (t.shape.length === 1) return scalarOfDType(t.dtype);
      return tensorOf(t.dtype, t.shape.slice(1));
  }
  ck.report("E0312", span, [fmt(t)]);
  return UNKNOWN;
}
