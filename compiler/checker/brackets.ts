// `[…]` literals (spec §2): a tensor when every element is an int/float
// scalar or a nested `[…]` tensor row (rectangular), else a list whose
// elements share one type.
//
// Unknown element types (gradual typing): an element of unknown type counts
// as numeric evidence, so `[x, 1.0]` is a tensor, and `[x]` with nothing else
// known is decided "tensor" too (recorded with low priority: a check of the
// same literal with known element types overrides it). A literal decided
// only by such a guess gets the type Unknown, so the guess never causes an
// error. Rows mixed with scalars, or rows next to unknown values (which may
// be tensor values, not rows), make a list.

import type { Expr } from "../ast.ts";
import type { DType } from "../core/dtype.ts";
import { type Dim, formatShape } from "../core/shape.ts";
import type { Checker } from "./context.ts";
import { checkExpr } from "./expr.ts";
import { joinTypes } from "./relations.ts";
import type { Scope } from "./scope.ts";
import {
  bounded,
  fmt,
  isNumeric,
  isUnknown,
  listOf,
  tensorOf,
  type Type,
  UNKNOWN,
} from "./types.ts";

type Bracket = Extract<Expr, { kind: "Bracket" }>;

/** How elements count towards the decision (bit flags). */
const SCALAR = 1, UNKNOWN_EL = 2, ROW = 4, OTHER = 8;

function evidenceOf(ck: Checker, el: Expr, t: Type): number {
  if (el.kind === "Bracket" && ck.lastBracket === "tensor") return ROW;
  if (isNumeric(t)) return SCALAR;
  if (isUnknown(t)) return UNKNOWN_EL;
  return OTHER;
}

/** Checks a `[…]` literal, records whether it is a tensor, returns its type. */
export function checkBracket(ck: Checker, e: Bracket, scope: Scope): Type {
  const n = e.elements.length;
  if (n === 0) {
    ck.decideBracket(e, "list", true);
    return listOf(UNKNOWN);
  }
  const types: Type[] = new Array(n);
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const el = e.elements[i];
    types[i] = checkExpr(ck, el, scope);
    seen |= evidenceOf(ck, el, types[i]);
  }
  if ((seen & (OTHER | ROW)) === 0) return scalarTensor(ck, e, types, seen);
  if (seen === ROW) return rowTensor(ck, e, types);
  ck.decideBracket(e, "list", (seen & UNKNOWN_EL) === 0);
  return listType(ck, e, types);
}

function scalarTensor(
  ck: Checker,
  e: Bracket,
  types: readonly Type[],
  seen: number,
): Type {
  const known = (seen & UNKNOWN_EL) === 0;
  ck.decideBracket(e, "tensor", known);
  if ((seen & SCALAR) === 0) return UNKNOWN;
  let anyFloat = false;
  for (const t of types) if (t.kind === "float") anyFloat = true;
  const dtype: DType | null = anyFloat ? "f32" : known ? "i32" : null;
  return tensorOf(dtype, [e.elements.length]);
}

function rowTensor(ck: Checker, e: Bracket, types: readonly Type[]): Type {
  let known = true, allTensors = true;
  for (const t of types) {
    if (t.kind !== "tensor") allTensors = known = false;
    else if (t.dtype === null) known = false;
  }
  ck.decideBracket(e, "tensor", known);
  if (!allTensors) return UNKNOWN;
  const rows = types as readonly Extract<Type, { kind: "tensor" }>[];
  const first = rows[0].shape;
  let anyF32 = false, anyNull = false, shapeUnknown = first === null;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.dtype === "f32") anyF32 = true;
    else if (r.dtype === null) anyNull = true;
    if (r.shape === null) {
      shapeUnknown = true;
      continue;
    }
    const bad = i === 0 || first === null
      ? null
      : firstDifference(first, r.shape);
    if (bad !== null) {
      ck.report("E0310", raggedSpan(e.elements[i], bad.depth), [
        bad.expected,
        bad.found,
      ]);
      return UNKNOWN;
    }
  }
  const dtype: DType | null = anyF32 ? "f32" : anyNull ? null : "i32";
  const shape = shapeUnknown ? null : [rows.length, ...(first as Dim[])];
  return tensorOf(dtype, shape);
}

/** The first dim where two row shapes differ. */
function firstDifference(
  a: readonly Dim[],
  b: readonly Dim[],
): { depth: number; expected: string; found: string } | null {
  if (a.length !== b.length) {
    return { depth: 0, expected: formatShape(a), found: formatShape(b) };
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i] && typeof a[i] === "number" && typeof b[i] === "number") {
      return { depth: i, expected: String(a[i]), found: String(b[i]) };
    }
  }
  return null;
}

/** The span of the nested literal at `depth` below `row` where the row is short. */
function raggedSpan(row: Expr, depth: number): Expr["span"] {
  let cur: Expr = row;
  for (let d = 0; d < depth; d++) {
    if (cur.kind !== "Bracket") break;
    const inner = cur.elements.find((el) => el.kind === "Bracket");
    if (inner === undefined) break;
    cur = inner;
  }
  return cur.span;
}

function listType(ck: Checker, e: Bracket, types: readonly Type[]): Type {
  let elem = types[0];
  for (let i = 1; i < types.length; i++) {
    const j = joinTypes(elem, types[i]);
    if (j === null) {
      ck.report("E0315", e.elements[i].span, [
        fmt(elem),
        fmt(types[i]),
      ]);
      return bounded(listOf(elem));
    }
    elem = j;
  }
  return bounded(listOf(elem));
}
