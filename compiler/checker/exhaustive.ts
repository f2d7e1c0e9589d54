// Match exhaustiveness (spec §3): a match with no catch-all arm must cover
// every value the checker can enumerate (bools, tuples of them); any other
// value (ints, strs…) is covered only by `_` or a name. A match with a
// guarded arm is left to run time (docs/language.md). Finds one uncovered
// value to show, or null.

import type { MatchArm, Pattern } from "../ast.ts";
import { isUnknown, type Type, UNKNOWN } from "./types.ts";

/** A value shape the search enumerates; `other` is any value no literal names. */
type Val =
  | { readonly k: "bool"; readonly v: boolean }
  | { readonly k: "tuple"; readonly els: readonly Val[] }
  | { readonly k: "other" };

/** Past this many enumerated values the search gives up (and reports nothing). */
const MAX_VALUES = 4096;

function alternatives(p: Pattern): Pattern[] {
  return p.kind === "OrPattern" ? p.alternatives.flatMap(alternatives) : [p];
}

function isCatchAll(p: Pattern): boolean {
  return p.kind === "WildcardPattern" || p.kind === "NamePattern";
}

function catchesAll(p: Pattern): boolean {
  if (p.kind === "OrPattern") {
    for (const a of p.alternatives) if (catchesAll(a)) return true;
    return false;
  }
  return isCatchAll(p);
}

function isBoolLit(p: Pattern): boolean {
  return p.kind === "LitPattern" && p.value.kind === "BoolLit";
}

function covers(p: Pattern, v: Val): boolean {
  switch (p.kind) {
    case "WildcardPattern":
    case "NamePattern":
      return true;
    case "OrPattern":
      return p.alternatives.some((a) => covers(a, v));
    case "LitPattern":
      return v.k === "bool" && p.value.kind === "BoolLit" &&
        p.value.value === v.v;
    case "TuplePattern":
      return v.k === "tuple" && v.els.length === p.elements.length &&
        p.elements.every((e, i) => covers(e, v.els[i]));
  }
}

/** The values of type `t` worth trying against `pats`, or null if too many. */
function enumerate(t: Type, pats: readonly Pattern[]): Val[] | null {
  const flat = pats.flatMap(alternatives);
  const boolish = t.kind === "bool" ||
    (isUnknown(t) && flat.some(isBoolLit) &&
      flat.every((p) => isBoolLit(p) || isCatchAll(p)));
  if (boolish) return [{ k: "bool", v: true }, { k: "bool", v: false }];
  let arity = t.kind === "tuple" ? t.elements.length : -1;
  if (isUnknown(t)) {
    const tp = flat.find((p) => p.kind === "TuplePattern");
    if (tp?.kind === "TuplePattern") arity = tp.elements.length;
  }
  if (arity < 0) return [{ k: "other" }];
  let out: Val[][] = [[]];
  for (let i = 0; i < arity; i++) {
    const sub = flat.flatMap((p) =>
      p.kind === "TuplePattern" && p.elements.length === arity
        ? [p.elements[i]]
        : []
    );
    const et = t.kind === "tuple" ? t.elements[i] : UNKNOWN;
    const vals = enumerate(et, sub);
    if (vals === null || out.length * vals.length > MAX_VALUES) return null;
    out = out.flatMap((prefix) => vals.map((v) => [...prefix, v]));
  }
  return out.map((els) => ({ k: "tuple", els }));
}

function formatVal(v: Val): string {
  if (v.k === "bool") return String(v.v);
  if (v.k === "other") return "_";
  return `(${v.els.map(formatVal).join(", ")})`;
}

/** A value of type `t` no unguarded arm matches, as text, or null. */
export function findUncovered(
  t: Type,
  arms: readonly MatchArm[],
): string | null {
  // With a guard anywhere, failure is left to run time (R0005).
  for (const a of arms) {
    if (a.guard !== undefined || catchesAll(a.pattern)) return null;
  }
  const pats = arms.map((a) => a.pattern);
  const values = enumerate(t, pats);
  if (values === null) return null;
  for (const v of values) {
    if (!pats.some((p) => covers(p, v))) return formatVal(v);
  }
  return null;
}
