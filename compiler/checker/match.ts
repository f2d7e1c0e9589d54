// `match` (spec §3): patterns are checked against the subject's type and
// bind names in the arm's scope; guards are conditions; the arms' values
// must agree when the match's value is used; exhaustiveness in exhaustive.ts.

import type { Expr, Pattern } from "../ast.ts";
import type { Checker } from "./context.ts";
import { findUncovered } from "./exhaustive.ts";
import { checkCondition, checkExpr } from "./expr.ts";
import { joinTypes } from "./relations.ts";
import { Scope } from "./scope.ts";
import {
  fmt,
  isNumeric,
  isUnknown,
  tupleOf,
  type Type,
  UNKNOWN,
} from "./types.ts";

type Match = Extract<Expr, { kind: "Match" }>;

/** Checks a match expression; returns the joined type of its arms. */
export function checkMatch(
  ck: Checker,
  e: Match,
  scope: Scope,
  used: boolean,
): Type {
  const subject = checkExpr(ck, e.subject, scope);
  let result: Type | null = null;
  let failed = false;
  for (const arm of e.arms) {
    // An arm whose pattern binds no name needs no scope of its own.
    const armScope = bindsNames(arm.pattern) ? new Scope(scope) : scope;
    checkPattern(ck, arm.pattern, subject, armScope);
    if (arm.guard !== undefined) checkCondition(ck, arm.guard, armScope);
    const t = checkExpr(ck, arm.body, armScope, used);
    if (result === null || failed) {
      result ??= t;
      continue;
    }
    const j = joinTypes(result, t);
    if (j === null) {
      if (used) {
        ck.report("E0301", arm.body.span, [fmt(result), fmt(t)]);
      }
      failed = true;
    } else result = j;
  }
  const witness = findUncovered(subject, e.arms);
  if (witness !== null) ck.report("E0601", e.span, [`\`${witness}\``]);
  return failed || result === null ? UNKNOWN : result;
}

/** True if pattern `p` binds a name. */
function bindsNames(p: Pattern): boolean {
  switch (p.kind) {
    case "NamePattern":
      return true;
    case "OrPattern":
      for (const a of p.alternatives) if (bindsNames(a)) return true;
      return false;
    case "TuplePattern":
      for (const e of p.elements) if (bindsNames(e)) return true;
      return false;
    default:
      return false;
  }
}

/** Checks pattern `p` against a value of type `t`, binding its names in `scope`. */
export function checkPattern(
  ck: Checker,
  p: Pattern,
  t: Type,
  scope: Scope,
): void {
  switch (p.kind) {
    case "WildcardPattern":
      return;
    case "NamePattern":
      scope.define(p.name, {
        type: t,
        kind: "let",
        annotated: false,
        span: p.span,
      });
      return;
    case "LitPattern": {
      const lt = checkExpr(ck, p.value, scope);
      const ok = isUnknown(t) || isUnknown(lt) || lt.kind === t.kind ||
        (isNumeric(lt) && isNumeric(t));
      if (!ok) ck.report("E0301", p.span, [fmt(t), fmt(lt)]);
      return;
    }
    case "OrPattern":
      for (const a of p.alternatives) checkPattern(ck, a, t, scope);
      return;
    case "TuplePattern": {
      const n = p.elements.length;
      let parts: readonly Type[] = new Array(n).fill(UNKNOWN);
      if (t.kind === "tuple") {
        if (t.elements.length !== n) {
          ck.report("E0313", p.span, [t.elements.length, n]);
        } else parts = t.elements;
      } else if (!isUnknown(t)) {
        ck.report("E0301", p.span, [fmt(t), fmt(tupleOf(parts))]);
      }
      for (let i = 0; i < n; i++) {
        checkPattern(ck, p.elements[i], parts[i], scope);
      }
      return;
    }
  }
}
