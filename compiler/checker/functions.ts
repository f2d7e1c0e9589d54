// User functions and lambdas (spec §5): declaration (hoisted), the generic
// check (unannotated parameters unknown) and per-call-site instantiation,
// memoised by argument types. A call that re-enters an instantiation being
// checked (recursion) gets the annotated result or Unknown.

import type { Block, Expr, FnDecl, Param, Stmt, TypeExpr } from "../ast.ts";
import type { Span } from "../core/span.ts";
import { resolveType } from "./annotations.ts";
import {
  type Checker,
  INSTANTIATE_DEPTH_LIMIT,
  MAX_INSTANCES,
} from "./context.ts";
import { checkExpr } from "./expr.ts";
import { assignable, collectSymbols, joinTypes } from "./relations.ts";
import { Scope } from "./scope.ts";
import { checkStmtsIn } from "./stmt.ts";
import {
  fmt,
  fnOf,
  type FnValue,
  type Instance,
  type Type,
  typeKey,
  UNKNOWN,
} from "./types.ts";

type Lambda = Extract<Expr, { kind: "Lambda" }>;

const NO_SYMBOLS: ReadonlySet<string> = new Set();
const NO_DEFAULTS: readonly (Type | null)[] = [];
const NO_RETURNS: readonly Type[] = [];

/** Makes a function value closed over `env`. */
export function newFnValue(
  ck: Checker,
  name: string,
  src: {
    params: readonly Param[];
    result?: TypeExpr;
    body: Block;
    span: Span;
  },
  env: Scope,
): FnValue {
  return {
    id: ck.freshId(),
    name,
    params: src.params,
    result: src.result,
    body: src.body,
    span: src.span,
    env,
    paramTypes: null,
    resultType: undefined,
    defaultTypes: null,
    symbols: NO_SYMBOLS,
    paramList: undefined,
    instanceCount: 0,
    firstArgs: null,
    firstKey: null,
    first: null,
    more: null,
  };
}

/** Binds a declared function in its block (hoisting). */
export function declareFn(ck: Checker, decl: FnDecl, scope: Scope): FnValue {
  const fn = newFnValue(ck, decl.name, decl, scope);
  scope.define(decl.name, {
    type: fnOf({ tag: "user", fn }),
    kind: "fn",
    annotated: true,
    span: decl.nameSpan,
  });
  return fn;
}

/** A function declaration where it stands: its generic check is queued. */
export function checkFnDecl(ck: Checker, decl: FnDecl, scope: Scope): void {
  const b = scope.get(decl.name);
  let fn: FnValue | undefined;
  if (b?.type.kind === "fn" && b.type.callee.tag === "user") {
    fn = b.type.callee.fn;
    if (fn.body !== decl.body) fn = undefined;
  }
  ck.pending.push(fn ?? declareFn(ck, decl, scope));
}

/** A lambda expression: a new function value (checked generically unless called). */
export function makeLambda(ck: Checker, e: Lambda, scope: Scope): Type {
  const fn = newFnValue(ck, "<lambda>", e, scope);
  ck.pending.push(fn);
  return fnOf({ tag: "user", fn });
}

/** Resolves a function's annotations (once) in its declaring scope. */
export function resolveSignature(ck: Checker, fn: FnValue): void {
  if (fn.paramTypes !== null) return;
  const ps = fn.params;
  for (let i = 1; i < ps.length; i++) {
    for (let j = 0; j < i; j++) {
      if (ps[j].name === ps[i].name) {
        ck.report("E0203", ps[i].span, [ps[i].name]);
        break;
      }
    }
  }
  const paramTypes: (Type | null)[] = new Array(ps.length);
  let defaults: (Type | null)[] | null = null;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    const want = p.type === undefined ? null : resolveType(ck, p.type, fn.env);
    paramTypes[i] = want;
    if (p.default === undefined) continue;
    defaults ??= new Array(ps.length).fill(null);
    const t = checkExpr(ck, p.default, fn.env);
    if (want !== null && !assignable(t, want)) {
      ck.report("E0301", p.default.span, [fmt(want), fmt(t)]);
    }
    defaults[i] = t;
  }
  fn.paramTypes = paramTypes;
  fn.defaultTypes = defaults ?? NO_DEFAULTS;
  fn.resultType = fn.result === undefined
    ? null
    : resolveType(ck, fn.result, fn.env);
  let symbolic = hasSymbols(fn.resultType);
  for (let i = 0; i < paramTypes.length && !symbolic; i++) {
    symbolic = hasSymbols(paramTypes[i]);
  }
  if (symbolic) {
    const symbols = new Set<string>();
    for (const t of fn.paramTypes) collectSymbols(t, symbols);
    collectSymbols(fn.resultType, symbols);
    fn.symbols = symbols;
  }
}

/** True if `t` mentions a symbolic dim. */
function hasSymbols(t: Type | null): boolean {
  if (t === null) return false;
  if (t.kind === "tensor") {
    return t.shape !== null && t.shape.some((d) => typeof d === "string");
  }
  if (t.kind === "tuple") return t.elements.some(hasSymbols);
  return t.kind === "list" && hasSymbols(t.element);
}

/** Generic checks of the functions queued since `mark` that no call instantiated. */
export function flushPending(ck: Checker, mark: number): void {
  for (let i = mark; i < ck.pending.length; i++) {
    const fn = ck.pending[i];
    if (fn.instanceCount === 0) checkGeneric(ck, fn);
  }
  ck.pending.length = mark;
}

/** Checks the body with annotated parameter types and Unknown for the rest. */
export function checkGeneric(ck: Checker, fn: FnValue): Type {
  resolveSignature(ck, fn);
  return instantiate(ck, fn, genericArgs(fn));
}

/** Annotated parameter types, Unknown for the rest. */
function genericArgs(fn: FnValue): readonly Type[] {
  const ps = fn.paramTypes!;
  let i = 0;
  while (i < ps.length && ps[i] !== null) i++;
  if (i === ps.length) return ps as readonly Type[]; // all annotated
  const args: Type[] = new Array(ps.length);
  for (i = 0; i < ps.length; i++) args[i] = ps[i] ?? UNKNOWN;
  return args;
}

/**
 * The result type of `fn` called with one type per parameter (annotated
 * parameters pass their annotation), checking the body once per distinct
 * tuple of types.
 */
export function instantiate(
  ck: Checker,
  fn: FnValue,
  args: readonly Type[],
): Type {
  resolveSignature(ck, fn);
  const fallback = fn.resultType ?? UNKNOWN;
  let inst = findInstance(fn, args);
  if (inst === undefined && fn.instanceCount >= MAX_INSTANCES) {
    args = genericArgs(fn);
    inst = findInstance(fn, args);
  }
  if (inst !== undefined) {
    return inst.state === "checking" ? fallback : inst.result;
  }
  if (ck.depth >= INSTANTIATE_DEPTH_LIMIT) return fallback;
  inst = { state: "checking", result: fallback };
  addInstance(fn, args, inst);
  inst.result = checkBody(ck, fn, args);
  inst.state = "done";
  return inst.result;
}

/**
 * The instantiation for `args`. The same type objects as the first
 * instantiation's match without building keys (most functions have one
 * instantiation, so most never need a key).
 */
function findInstance(
  fn: FnValue,
  args: readonly Type[],
): Instance | undefined {
  const first = fn.first;
  if (first === null) return undefined;
  if (sameTypes(fn.firstArgs!, args)) return first;
  const key = instanceKey(args);
  if (key === (fn.firstKey ??= instanceKey(fn.firstArgs!))) return first;
  return fn.more?.get(key);
}

function sameTypes(a: readonly Type[], b: readonly Type[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function addInstance(fn: FnValue, args: readonly Type[], inst: Instance) {
  if (fn.first === null) {
    fn.firstArgs = args;
    fn.first = inst;
  } else (fn.more ??= new Map()).set(instanceKey(args), inst);
  fn.instanceCount++;
}

function instanceKey(args: readonly Type[]): string {
  if (args.length === 0) return "";
  let key = typeKey(args[0]);
  for (let i = 1; i < args.length; i++) key += "|" + typeKey(args[i]);
  return key;
}

function checkBody(ck: Checker, fn: FnValue, args: readonly Type[]): Type {
  // Parameters and the body's own names share one scope (a `let` of a
  // parameter's name starts a new one, as any shadowing `let` does).
  const body = fn.body.body;
  const scope = new Scope(fn.env, true, body);
  const ps = fn.params;
  for (let i = 0; i < ps.length; i++) {
    scope.define(ps[i].name, {
      type: args[i] ?? UNKNOWN,
      kind: "param",
      annotated: fn.paramTypes![i] !== null,
      span: ps[i].span,
    });
  }
  const saved = ck.frame;
  const resultType = fn.resultType ?? null;
  ck.frame = { fn, resultType, returns: null, loopDepth: 0 };
  ck.depth++;
  // Without a result annotation the caller may ignore the value, so the
  // body's branches need not agree (their value is then unknown).
  const bodyType = checkStmtsIn(ck, body, scope, resultType !== null);
  ck.depth--;
  const returns = ck.frame.returns ?? NO_RETURNS;
  ck.frame = saved;
  if (resultType !== null) {
    const last = lastExprStmt(fn.body.body);
    if (last !== undefined && !assignable(bodyType, resultType)) {
      ck.report("E0301", last.span, [
        fmt(resultType),
        fmt(bodyType),
      ]);
    }
    return resultType;
  }
  let t: Type | null = bodyType;
  for (const r of returns) {
    t = joinTypes(t, r);
    if (t === null) return UNKNOWN;
  }
  return t.kind === "never" ? UNKNOWN : t;
}

function lastExprStmt(body: readonly Stmt[]): Expr | undefined {
  const s = body[body.length - 1];
  return s?.kind === "ExprStmt" ? s.expr : undefined;
}
