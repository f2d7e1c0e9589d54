// Statements: blocks (with hoisting of `fn` and `model` declarations),
// `let` (with destructuring), loops, `break`/`continue`/`return`. A block's
// value is its last expression statement; `return`/`break` make it `never`.

import type { Pattern, Stmt } from "../ast.ts";
import { resolveType } from "./annotations.ts";
import { checkAssign } from "./assign.ts";
import type { Checker } from "./context.ts";
import { checkBlock, checkCondition, checkExpr } from "./expr.ts";
import { checkFnDecl, declareFn, flushPending } from "./functions.ts";
import { iterationType } from "./indexing.ts";
import { checkModelDecl, declareModel } from "./models.ts";
import { assignable, refineAnnotated } from "./relations.ts";
import { addPatternNames, type BindingKind, Scope } from "./scope.ts";
import {
  fmt,
  isUnknown,
  NEVER,
  tupleOf,
  type Type,
  UNIT,
  UNKNOWN,
} from "./types.ts";

type Let = Extract<Stmt, { kind: "Let" }>;

/**
 * Checks statements in a new child scope of `parent`; returns the block's
 * value type. A block that declares nothing (no `let`, `fn` or `model` of
 * its own) could bind nothing in that scope, so it is checked in `parent`.
 */
export function checkStmts(
  ck: Checker,
  stmts: readonly Stmt[],
  parent: Scope,
  used = true,
): Type {
  const scope = declaresNames(stmts) ? new Scope(parent, false, stmts) : parent;
  return checkStmtsIn(ck, stmts, scope, used);
}

/** True if a statement list binds names in its own scope. */
function declaresNames(stmts: readonly Stmt[]): boolean {
  for (let i = 0; i < stmts.length; i++) {
    const k = stmts[i].kind;
    if (k === "Let" || k === "FnDecl" || k === "ModelDecl") return true;
  }
  return false;
}

/**
 * Checks statements directly in `scope` (top level, REPL chunks); returns
 * the block's value type. A `let` that shadows a name bound in the same
 * block starts a new scope: `ck.lastScope` is the one the last statement saw.
 */
export function checkStmtsIn(
  ck: Checker,
  stmts: readonly Stmt[],
  scope: Scope,
  used = true,
): Type {
  hoistDecls(ck, stmts, scope);
  const mark = ck.pending.length;
  let value: Type = UNIT;
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i];
    // As in the interpreter: closures made before a shadowing `let` keep
    // the old binding; code after it (and `fn`s declared after it) see the new.
    if (s.kind === "Let" && shadows(s.pattern, scope)) {
      scope = new Scope(scope, false, stmts);
    }
    value = checkStmt(ck, s, scope, used && i === stmts.length - 1);
  }
  flushPending(ck, mark);
  ck.lastScope = scope;
  return value;
}

function shadows(p: Pattern, scope: Scope): boolean {
  if (p.kind === "NamePattern") return scope.has(p.name);
  const names = new Set<string>();
  addPatternNames(p, names);
  for (const n of names) if (scope.has(n)) return true;
  return false;
}

/** Binds every `fn` and `model` of a block before its statements run. */
export function hoistDecls(
  ck: Checker,
  stmts: readonly Stmt[],
  scope: Scope,
): void {
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i];
    if (s.kind !== "FnDecl" && s.kind !== "ModelDecl") continue;
    // Only this pass binds functions and models of this file in this scope
    // (imports come from other files).
    const prev = scope.get(s.name);
    if (
      prev !== undefined && (prev.kind === "fn" || prev.kind === "model") &&
      prev.span?.file === s.nameSpan.file
    ) {
      ck.report("E0203", s.nameSpan, [s.name]);
    }
    if (s.kind === "FnDecl") declareFn(ck, s, scope);
    else declareModel(ck, s, scope);
  }
}

/** Checks one statement; returns its value type (expression statements). */
export function checkStmt(
  ck: Checker,
  s: Stmt,
  scope: Scope,
  used: boolean,
): Type {
  switch (s.kind) {
    case "ExprStmt":
      return checkExpr(ck, s.expr, scope, used);
    case "Let":
      checkLet(ck, s, scope);
      return UNIT;
    case "Assign":
      checkAssign(ck, s, scope);
      return UNIT;
    case "While":
      checkCondition(ck, s.cond, scope);
      ck.frame.loopDepth++;
      checkBlock(ck, s.body, scope, false);
      ck.frame.loopDepth--;
      return UNIT;
    case "For":
      checkFor(ck, s, scope);
      return UNIT;
    case "Break":
    case "Continue":
      if (ck.frame.loopDepth === 0) {
        ck.report("E0204", s.span, [s.kind === "Break" ? "break" : "continue"]);
      }
      return NEVER;
    case "Return":
      checkReturn(ck, s, scope);
      return NEVER;
    case "FnDecl":
      checkFnDecl(ck, s, scope);
      return UNIT;
    case "ModelDecl":
      checkModelDecl(ck, s, scope);
      return UNIT;
    case "Import":
      if (!ck.topLevelImports.has(s)) ck.report("E0503", s.span);
      return UNIT;
  }
}

/** `let p = e`, `let p: T = e`, `var x = e`. */
export function checkLet(ck: Checker, s: Let, scope: Scope): Type {
  const annotated = s.type === undefined
    ? null
    : resolveType(ck, s.type, scope);
  const t = checkExpr(ck, s.value, scope);
  let bound = t;
  if (annotated !== null) {
    if (!assignable(t, annotated)) {
      ck.report("E0301", s.value.span, [fmt(annotated), fmt(t)]);
      bound = annotated;
    } else bound = refineAnnotated(annotated, t);
  }
  const opts = s.mutable
    ? (annotated === null ? VAR : VAR_ANNOTATED)
    : (annotated === null ? LET : LET_ANNOTATED);
  bindPattern(ck, s.pattern, bound, scope, opts);
  return bound;
}

/** How pattern bindings are made. */
export interface BindOptions {
  readonly kind: BindingKind;
  readonly annotated: boolean;
}

const LET: BindOptions = { kind: "let", annotated: false };
const LET_ANNOTATED: BindOptions = { kind: "let", annotated: true };
const VAR: BindOptions = { kind: "var", annotated: false };
const VAR_ANNOTATED: BindOptions = { kind: "var", annotated: true };
const LOOP: BindOptions = { kind: "loop", annotated: false };

/** Binds the names of an irrefutable pattern (`x`, `_`, `(a, b)`) to parts of `t`. */
export function bindPattern(
  ck: Checker,
  p: Pattern,
  t: Type,
  scope: Scope,
  opts: BindOptions,
): void {
  switch (p.kind) {
    case "NamePattern":
      scope.define(p.name, {
        type: t,
        kind: opts.kind,
        annotated: opts.annotated,
        span: p.span,
      });
      return;
    case "TuplePattern": {
      const n = p.elements.length;
      let parts: readonly Type[] = new Array(n).fill(UNKNOWN);
      if (t.kind === "tuple") {
        if (t.elements.length !== n) {
          ck.report("E0313", p.span, [t.elements.length, n]);
        } else parts = t.elements;
      } else if (!isUnknown(t)) {
        ck.report("E0301", p.span, [
          fmt(tupleOf(parts)),
          fmt(t),
        ]);
      }
      for (let i = 0; i < n; i++) {
        bindPattern(ck, p.elements[i], parts[i], scope, opts);
      }
      return;
    }
    default:
      return;
  }
}

function checkFor(
  ck: Checker,
  s: Extract<Stmt, { kind: "For" }>,
  scope: Scope,
): void {
  const it = checkExpr(ck, s.iterable, scope);
  const elem = iterationType(ck, it, s.iterable.span);
  const loopScope = new Scope(scope);
  bindPattern(ck, s.pattern, elem, loopScope, LOOP);
  ck.frame.loopDepth++;
  checkBlock(ck, s.body, loopScope, false);
  ck.frame.loopDepth--;
}

function checkReturn(
  ck: Checker,
  s: Extract<Stmt, { kind: "Return" }>,
  scope: Scope,
): void {
  const t = s.value === undefined ? UNIT : checkExpr(ck, s.value, scope);
  const f = ck.frame;
  if (f.fn === null) {
    ck.report("E0205", s.span);
    return;
  }
  if (f.resultType !== null && !assignable(t, f.resultType)) {
    ck.report("E0301", s.value?.span ?? s.span, [
      fmt(f.resultType),
      fmt(t),
    ]);
  }
  (f.returns ??= []).push(t);
}
