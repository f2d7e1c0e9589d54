// Expression checking: one dispatch on the node kind, names, literals,
// ranges, tuples, `if` and blocks. Operators, calls, indexing, brackets,
// match and lambdas live in their own files. Each checked expression's type
// goes to the side table (when the run records types).

import type { Block, Expr } from "../ast.ts";
import type { Span } from "../core/span.ts";
import { checkBracket } from "./brackets.ts";
import { checkCall } from "./calls.ts";
import { type Checker, EXPR_DEPTH_LIMIT, type SideTables } from "./context.ts";
import { makeLambda } from "./functions.ts";
import { checkIndex } from "./indexing.ts";
import { checkMatch } from "./match.ts";
import { checkMember } from "./members.ts";
import { binaryType, unaryType } from "./operators.ts";
import { joinTypes } from "./relations.ts";
import type { Scope } from "./scope.ts";
import { checkStmts } from "./stmt.ts";
import {
  BOOL,
  bounded,
  FLOAT,
  fmt,
  INT,
  isUnknown,
  NEVER,
  RANGE,
  STR,
  tupleOf,
  type Type,
  UNIT,
  UNKNOWN,
} from "./types.ts";

type If = Extract<Expr, { kind: "If" }>;

/**
 * Checks an expression and returns its type. `used` is false for an
 * expression statement whose value is dropped (its `if` branches need not agree).
 */
export function checkExpr(
  ck: Checker,
  e: Expr,
  scope: Scope,
  used = true,
): Type {
  switch (e.kind) {
    case "IntLit":
      return INT;
    case "FloatLit":
      return FLOAT;
    case "StrLit":
      return STR;
    case "BoolLit":
      return BOOL;
  }
  if (ck.depth >= EXPR_DEPTH_LIMIT) {
    ck.report("E0108", e.span);
    return ck.record(e, UNKNOWN);
  }
  ck.depth++;
  const t = dispatch(ck, e, scope, used);
  ck.depth--;
  return ck.record(e, t);
}

/** Types of literals, which are not recorded in the side table (see exprType). */
const LITERAL_TYPES: Readonly<Partial<Record<Expr["kind"], Type>>> = {
  IntLit: INT,
  FloatLit: FLOAT,
  StrLit: STR,
  BoolLit: BOOL,
};

/**
 * The recorded type of an expression (most recent instantiation); literals
 * are not recorded, their type follows from their kind.
 */
export function exprType(
  tables: SideTables,
  e: Expr,
): Type | undefined {
  return LITERAL_TYPES[e.kind] ?? tables.types.get(e);
}

function dispatch(ck: Checker, e: Expr, scope: Scope, used: boolean): Type {
  switch (e.kind) {
    case "IntLit":
    case "FloatLit":
    case "StrLit":
    case "BoolLit":
      return LITERAL_TYPES[e.kind]!;
    case "Name":
      return checkName(ck, e.name, e.span, scope);
    case "Unary":
      return unaryType(ck, e.op, checkExpr(ck, e.operand, scope), e.span);
    case "Binary": {
      const l = checkExpr(ck, e.left, scope);
      const r = checkExpr(ck, e.right, scope);
      return binaryType(ck, e.op, l, r, e.span, e.right);
    }
    case "Range":
      expectInt(ck, e.start, checkExpr(ck, e.start, scope));
      expectInt(ck, e.end, checkExpr(ck, e.end, scope));
      return RANGE;
    case "Call":
      return checkCall(ck, e, scope);
    case "Index":
      return checkIndex(ck, e, scope);
    case "Member":
      return checkMember(ck, e, scope);
    case "Bracket":
      return checkBracket(ck, e, scope);
    case "Tuple":
      return checkTuple(ck, e.elements, scope);
    case "If":
      return checkIf(ck, e, scope, used);
    case "Block":
      return checkBlock(ck, e, scope, used);
    case "Match":
      return checkMatch(ck, e, scope, used);
    case "Lambda":
      return makeLambda(ck, e, scope);
  }
}

// Kept apart from dispatch: a closure there would make every call of
// dispatch allocate a context.
function checkTuple(
  ck: Checker,
  elements: readonly Expr[],
  scope: Scope,
): Type {
  const ts: Type[] = new Array(elements.length);
  for (let i = 0; i < elements.length; i++) {
    ts[i] = checkExpr(ck, elements[i], scope);
  }
  return bounded(tupleOf(ts));
}

/** Resolves a name (E0201 when it is unknown). */
export function checkName(
  ck: Checker,
  name: string,
  span: Span,
  scope: Scope,
): Type {
  const b = scope.lookup(name);
  if (b !== undefined) return b.field?.type ?? b.type;
  if (scope.declaredOutsideFunction(name)) return UNKNOWN;
  ck.report("E0201", span, [name]);
  return UNKNOWN;
}

/** Reports E0301 unless `t` may be an int. */
export function expectInt(ck: Checker, e: Expr, t: Type): void {
  if (t.kind !== "int" && !isUnknown(t)) {
    ck.report("E0301", e.span, ["`int`", fmt(t)]);
  }
}

/** Reports E0305 unless `t` may be a bool (no truthiness). */
export function checkCondition(ck: Checker, e: Expr, scope: Scope): void {
  const t = checkExpr(ck, e, scope);
  if (t.kind === "bool" || isUnknown(t)) return;
  ck.report("E0305", e.span, [fmt(t)]);
}

/** Checks a block in a fresh child scope; its value is its last expression. */
export function checkBlock(
  ck: Checker,
  b: Block,
  scope: Scope,
  used = true,
): Type {
  return checkStmts(ck, b.body, scope, used);
}

/** `if`/`else if`/`else`, walked as a chain (no recursion per `else if`). */
function checkIf(ck: Checker, e: If, scope: Scope, used: boolean): Type {
  let cur: If = e;
  // The join of the branch types so far (`never` joins to anything), and
  // the first branch type that does not join.
  let t: Type = NEVER;
  let bad: Type | null = null;
  for (;;) {
    checkCondition(ck, cur.cond, scope);
    const then = checkBlock(ck, cur.then, scope, used);
    if (bad === null) {
      const j = joinTypes(t, then);
      if (j === null) bad = then;
      else t = j;
    }
    const alt = cur.else;
    if (alt === undefined) return UNIT;
    if (alt.kind === "If") {
      ck.record(alt, UNKNOWN);
      cur = alt;
      continue;
    }
    const other = checkBlock(ck, alt, scope, used);
    if (bad === null) {
      const j = joinTypes(t, other);
      if (j !== null) return j;
      bad = other;
    }
    break;
  }
  if (used) ck.report("E0314", e.span, [fmt(t), fmt(bad)]);
  return UNKNOWN;
}
