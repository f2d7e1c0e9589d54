// Statements and statement-mode control flow: blocks, let, if, match, loops,
// break/continue/return. Statement mode returns a completion code instead of
// throwing, so `return` inside `if` inside a function costs no exception.

import type { Block, Expr, Stmt } from "../compiler/ast.ts";
import { execAssign } from "./interp_assign.ts";
import { evalExpr } from "./interp_expr.ts";
import {
  BREAK,
  type Completion,
  CONTINUE,
  type InterpState,
  NORMAL,
  RETURN,
  SIGNALS,
} from "./interp_state.ts";
import { bindPattern, matchPattern } from "./interp_pattern.ts";
import { iterateValue } from "./iterate.ts";
import { formatValue } from "./format_value.ts";
import { runtimeError } from "./runtime_error.ts";
import {
  type Cell,
  DlClosure,
  DlModelCtor,
  DlRange,
  Env,
  UNIT,
  type Value,
} from "./values.ts";
import { conditionOf } from "./traced_scalar.ts";

type If = Extract<Expr, { kind: "If" }>;
type Match = Extract<Expr, { kind: "Match" }>;
type Let = Extract<Stmt, { kind: "Let" }>;
type For = Extract<Stmt, { kind: "For" }>;

const declaresCache = new WeakMap<readonly Stmt[], boolean>();

function declares(body: readonly Stmt[]): boolean {
  let d = declaresCache.get(body);
  if (d === undefined) {
    d = body.some((s) =>
      s.kind === "Let" || s.kind === "FnDecl" || s.kind === "ModelDecl" ||
      s.kind === "Import"
    );
    declaresCache.set(body, d);
  }
  return d;
}

/** The scope a block runs in: a fresh child only when the block declares names. */
export function scopeFor(b: Block, env: Env): Env {
  return declares(b.body) ? new Env(env) : env;
}

/**
 * Runs statements in order in `env`. Named functions and models are bound
 * first (so they may call each other); `let` of a name already bound in the
 * same scope opens a new scope, so closures made earlier keep the old binding.
 */
export function execStmts(
  st: InterpState,
  body: readonly Stmt[],
  env: Env,
): Completion {
  if (declares(body)) hoistDecls(body, env);
  const n = body.length;
  for (let i = 0; i < n; i++) {
    const s = body[i];
    st.step(s.span);
    if (s.kind === "ExprStmt") {
      const x = s.expr;
      if (x.kind === "If") {
        const code = execIf(st, x, env);
        if (code !== NORMAL) return code;
      } else if (x.kind === "Match" || x.kind === "Block") {
        const code = execExprStmt(st, x, env);
        if (code !== NORMAL) return code;
      } else st.value = evalExpr(st, x, env);
      continue;
    }
    if (s.kind === "Let") env = execLet(st, s, env);
    else if (s.kind === "FnDecl" || s.kind === "ModelDecl") {
      env = rebindDecl(s, env);
    } else {
      const code = execOther(st, s, env);
      if (code !== NORMAL) return code;
    }
  }
  st.lastEnv = env;
  if (n === 0 || body[n - 1].kind !== "ExprStmt") st.value = UNIT;
  return NORMAL;
}

/** Runs an expression statement; if/match/blocks stay in statement mode. */
export function execExprStmt(
  st: InterpState,
  e: Expr,
  env: Env,
): Completion {
  switch (e.kind) {
    case "If":
      return execIf(st, e, env);
    case "Match":
      return execMatch(st, e, env);
    case "Block":
      return execStmts(st, e.body, scopeFor(e, env));
    default:
      st.value = evalExpr(st, e, env);
      return NORMAL;
  }
}

/** `if` in statement mode: the branch's value is left in `st.value`. */
export function execIf(st: InterpState, e: If, env: Env): Completion {
  for (;;) {
    const cv = evalExpr(st, e.cond, env), c = conditionOf(cv);
    if (c === undefined) throw notBool(e.cond, cv);
    if (c) return execStmts(st, e.then.body, scopeFor(e.then, env));
    const alt = e.else;
    if (alt === undefined) {
      st.value = UNIT;
      return NORMAL;
    }
    if (alt.kind === "Block") {
      return execStmts(st, alt.body, scopeFor(alt, env));
    }
    e = alt;
  }
}

/** `match` in statement mode: first arm whose pattern and guard match. */
export function execMatch(st: InterpState, e: Match, env: Env): Completion {
  const subject = evalExpr(st, e.subject, env);
  let armEnv = env;
  const bind = (name: string, v: Value) => {
    if (armEnv === env) armEnv = new Env(env);
    armEnv.define(name, v);
  };
  for (const arm of e.arms) {
    armEnv = env;
    if (!matchPattern(st, arm.pattern, subject, bind, env)) continue;
    if (arm.guard !== undefined) {
      const gv = evalExpr(st, arm.guard, armEnv), g = conditionOf(gv);
      if (g === undefined) throw notBool(arm.guard, gv);
      if (!g) continue;
    }
    return execExprStmt(st, arm.body, armEnv);
  }
  throw runtimeError("R0005", e.span, [formatValue(subject)]);
}

function execLet(st: InterpState, s: Let, env: Env): Env {
  const p = s.pattern;
  if (p.kind === "NamePattern") {
    const v = s.value.kind === "Lambda"
      ? new DlClosure(p.name, s.value.params, s.value.body, env)
      : evalExpr(st, s.value, env);
    const scope = env.vars?.has(p.name) ? new Env(env) : env;
    scope.define(p.name, v);
    return scope;
  }
  const v = evalExpr(st, s.value, env);
  const pairs: [string, Value][] = [];
  bindPattern(st, p, v, (name, x) => pairs.push([name, x]), s.span);
  const scope = pairs.some(([name]) => env.vars?.has(name))
    ? new Env(env)
    : env;
  for (const [name, x] of pairs) scope.define(name, x);
  return scope;
}

function hoistDecls(body: readonly Stmt[], env: Env): void {
  for (const s of body) {
    if (s.kind === "FnDecl") {
      env.define(s.name, new DlClosure(s.name, s.params, s.body, env));
    } else if (s.kind === "ModelDecl") {
      env.define(s.name, new DlModelCtor(s, env));
    }
  }
}

/** At its own position a declaration sees the scope as it is there (after shadowing lets). */
function rebindDecl(
  s: Extract<Stmt, { kind: "FnDecl" | "ModelDecl" }>,
  env: Env,
): Env {
  const cell = env.lookup(s.name);
  const v = cell?.value;
  if (
    (v instanceof DlClosure && v.body === s.body && v.env === env) ||
    (v instanceof DlModelCtor && v.decl === s && v.env === env)
  ) {
    return env;
  }
  const scope = env.vars?.has(s.name) ? new Env(env) : env;
  scope.define(
    s.name,
    s.kind === "FnDecl"
      ? new DlClosure(s.name, s.params, s.body, scope)
      : new DlModelCtor(s, scope),
  );
  return scope;
}

function execOther(st: InterpState, s: Stmt, env: Env): Completion {
  switch (s.kind) {
    case "Assign":
      execAssign(st, s, env);
      return NORMAL;
    case "While":
      return execWhile(st, s, env);
    case "For":
      return execFor(st, s, env);
    case "Break":
      return BREAK;
    case "Continue":
      return CONTINUE;
    case "Return":
      st.retValue = s.value === undefined ? UNIT : evalExpr(st, s.value, env);
      return RETURN;
    case "Import": {
      const names: Map<string, Cell> = st.importNames(s);
      for (const [name, cell] of names) env.defineCell(name, cell);
      return NORMAL;
    }
    default:
      return NORMAL;
  }
}

function execWhile(
  st: InterpState,
  s: Extract<Stmt, { kind: "While" }>,
  env: Env,
): Completion {
  for (;;) {
    st.step(s.span);
    const cv = evalExpr(st, s.cond, env), c = conditionOf(cv);
    if (c === undefined) throw notBool(s.cond, cv);
    if (!c) break;
    const code = runLoopBody(st, s.body, scopeFor(s.body, env));
    if (code === BREAK) break;
    if (code === RETURN) return RETURN;
  }
  st.value = UNIT;
  return NORMAL;
}

function execFor(st: InterpState, s: For, env: Env): Completion {
  const it = evalExpr(st, s.iterable, env);
  const p = s.pattern;
  const fresh = capturesPerIteration(s.body);
  if (it instanceof DlRange && p.kind === "NamePattern") {
    let iterEnv = new Env(env);
    let cell = iterEnv.define(p.name, 0);
    for (let i = it.start; i < it.end; i++) {
      st.step(s.span);
      if (fresh) {
        iterEnv = new Env(env);
        cell = iterEnv.define(p.name, i);
      } else cell.value = i;
      const code = runLoopBody(st, s.body, iterEnv);
      if (code === BREAK) break;
      if (code === RETURN) return RETURN;
    }
    st.value = UNIT;
    return NORMAL;
  }
  const iter = iterateValue(it, s.iterable.span);
  for (;;) {
    st.step(s.span);
    const r = iter.next();
    if (r.done === true) break;
    const iterEnv = new Env(env);
    bindPattern(st, p, r.value, (n, v) => iterEnv.define(n, v), s.span);
    const code = runLoopBody(st, s.body, iterEnv);
    if (code === BREAK) break;
    if (code === RETURN) return RETURN;
  }
  st.value = UNIT;
  return NORMAL;
}

/** Runs a loop body, catching break/continue that escaped from expressions. */
function runLoopBody(st: InterpState, body: Block, env: Env): Completion {
  try {
    return execStmts(st, body.body, env);
  } catch (e) {
    if (e === SIGNALS[BREAK]) return BREAK;
    if (e === SIGNALS[CONTINUE]) return CONTINUE;
    throw e;
  }
}

const capturesCache = new WeakMap<Block, boolean>();

/** True if the body may create closures (which must see a fresh loop variable per iteration). */
function capturesPerIteration(body: Block): boolean {
  let c = capturesCache.get(body);
  if (c === undefined) {
    c = containsClosure(body);
    capturesCache.set(body, c);
  }
  return c;
}

function containsClosure(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsClosure);
  if (node === null || typeof node !== "object") return false;
  const kind = (node as { kind?: unknown }).kind;
  if (kind === "Lambda" || kind === "FnDecl" || kind === "ModelDecl") {
    return true;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === "span" || k === "nameSpan" || k === "pathSpan") continue;
    if (containsClosure(v)) return true;
  }
  return false;
}

/** R0007 for a non-bool condition (the checker normally rules it out). */
export function notBool(e: Expr, v: Value): ReturnType<typeof runtimeError> {
  return runtimeError("R0007", e.span, [
    `condition must be \`bool\`, found ${formatValue(v)}`,
  ]);
}
