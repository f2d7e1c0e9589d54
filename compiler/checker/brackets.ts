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

/** How one element counts towards the decision. */
type Evidence = "scalar" | "unknown" | "row" | "other";

function evidenceOf(ck: Checker, el: Expr, t: Type): Evidence {
  if (el.kind === "Bracket" && ck.lastBracket === "tensor") return "row";
  if (isNumeric(t)) return "scalar";
  if (isUnknown(t)) return "unknown";
  return "other";
}

/** Checks a `[…]` literal, records whether it is a tensor, returns its type. */
export function checkBracket(ck: Checker, e: Bracket, scope: Scope): Type {
  if (e.elements.length === 0) {
    ck.decideBracket(e, "list", true);
    return listOf(UNKNOWN);
  }
  const n = e.elements.length;
  const types: Type[] = new Array(n);
  const ev: Evidence[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const el = e.elements[i];
    types[i] = checkExpr(ck, el, scope);
    ev[i] = evidenceOf(ck, el, types[i]);
  }
  const has = (k: Evidence) => ev.includes(k);
  if (!has("other") && !has("row")) return scalarTensor(ck, e, types, ev);
  if (has("row") && !has("other") && !has("scalar") && !has("unknown")) {
    return rowTensor(ck, e, types);
  }
  ck.decideBracket(e, "list", !has("unknown"));
  return listType(ck, e, types);
}

function scalarTensor(
  ck: Checker,
  e: Bracket,
  types: readonly Type[],
  ev: readonly Evidence[],
): Type {
  const known = !ev.includes("unknown");
  ck.decideBracket(e, "tensor", known);
  if (!ev.includes("scalar")) return UNKNOWN;
  const anyFloat = types.some((t) => t.kind === "float");
  const dtype: DType | null = anyFloat ? "f32" : known ? "i32" : null;
  return tensorOf(dtype, [e.elements.length]);
}

function rowTensor(ck: Checker, e: Bracket, types: readonly Type[]): Type {
  const rowTypes = types.map((t) => (t.kind === "tensor" ? t : null));
  const known = rowTypes.every((t) => t !== null && t.dtype !== null);
  ck.decideBracket(e, "tensor", known);
  if (rowTypes.some((t) => t === null)) return UNKNOWN;
  const rows = rowTypes as readonly Extract<Type, { kind: "tensor" }>[];
  const first = rows[0].shape;
  for (let i = 1; i < rows.length && first !== null; i++) {
    const s = rows[i].shape;
    if (s === null) continue;
    const bad = firstDifference(first, s);
    if (bad !== null) {
      ck.report("E0310", raggedSpan(e.elements[i], bad.depth), [
        bad.expected,
        bad.found,
      ]);
      return UNKNOWN;
    }
  }
  const dtypes = rows.map((r) => r.dtype);
  const dtype: DType | null = dtypes.includes("f32")
    ? "f32"
    : dtypes.includes(null)
    ? null
    : "i32";
  const shape = rows.some((r) => r.shape === null)
    ? null
    : [rows.length, ...(first as Dim[])];
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
