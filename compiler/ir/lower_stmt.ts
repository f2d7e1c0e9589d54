// Lowering of statement lists: hoisted functions and models, `let` (a name
// the scope already binds opens a new scope, as in the interpreter), loops,
// break/continue/return, assignments and imports.

import type { Block, Expr, Pattern, Stmt } from "../ast.ts";
import { OP } from "../bytecode/opcodes.ts";
import {
  assignTo,
  exprAny,
  exprTo,
  jumpIfFalse,
  lowerFunction,
  lowerModel,
  storeVar,
} from "./lower_expr.ts";
import { bindIrrefutable, patternNames } from "./lower_pattern.ts";
import type { FnState, Var } from "./lower_state.ts";

type Let = Extract<Stmt, { kind: "Let" }>;
type Decl = Extract<Stmt, { kind: "FnDecl" | "ModelDecl" }>;

/** Context the lowering of a module needs: the names each import brings. */
export interface ModuleContext {
  /** Names an `import` statement binds, and the module path it loads. */
  importOf(s: Extract<Stmt, { kind: "Import" }>): {
    path: string;
    names: readonly string[];
  };
}

let moduleCtx: ModuleContext = {
  importOf: () => ({ path: "", names: [] }),
};

/** Sets the import resolver used while lowering the current module. */
export function setModuleContext(ctx: ModuleContext): void {
  moduleCtx = ctx;
}

/** Lowers a block in a new scope; its value goes to `dst` (-1: discarded). */
export function lowerBlock(fs: FnState, b: Block, dst: number): void {
  const top = fs.top;
  const scope = fs.push();
  lowerStmts(fs, b.body, dst);
  fs.popTo(scope, top);
}

/**
 * Lowers statements in the current scope (hoisting declarations); the value
 * of a last expression statement goes to `dst` (unit otherwise; -1: none).
 * `onStmt(i)` runs before statement i is lowered (the REPL snapshots scopes).
 */
export function lowerStmts(
  fs: FnState,
  body: readonly Stmt[],
  dst: number,
  onStmt?: (i: number) => void,
): void {
  hoist(fs, body);
  const n = body.length;
  for (let i = 0; i < n; i++) {
    const s = body[i];
    onStmt?.(i);
    if (s.kind === "ExprStmt" && i === n - 1 && dst >= 0) {
      exprTo(fs, s.expr, dst);
      return;
    }
    lowerStmt(fs, s, body, i);
  }
  if (dst >= 0) fs.emit(OP.LOADUNIT, dst, 0, 0);
}

/** Declares the first scope segment's names; creates hoisted closures. */
function hoist(fs: FnState, body: readonly Stmt[]): void {
  const decls = body.filter((s): s is Decl =>
    s.kind === "FnDecl" || s.kind === "ModelDecl"
  );
  const vars: Var[] = [];
  for (const d of decls) {
    const prev = fs.scope.vars.get(d.name);
    vars.push(prev?.session === true ? prev : fs.declareFinal(d.name, true));
  }
  predeclare(fs, body, 0, new Set(decls.map((d) => d.name)));
  for (const [, v] of fs.scope.vars) {
    if (v.cell && v.fn === fs && !v.defined) {
      fs.emit(OP.NEWCELL, v.reg, -1, 0);
    }
  }
  for (const v of vars) {
    hoisted.add(v);
    if (v.cell && v.session !== true) fs.emit(OP.NEWCELL, v.reg, -1, 0);
  }
  for (let i = 0; i < decls.length; i++) createDecl(fs, decls[i], vars[i]);
}

/**
 * Pre-declares (as not yet defined) the names `let`s bind from `from` on,
 * up to the first one that would open a new scope.
 */
function predeclare(
  fs: FnState,
  body: readonly Stmt[],
  from: number,
  seen: Set<string>,
): void {
  for (const [name, v] of fs.scope.vars) if (v.defined) seen.add(name);
  for (let j = from; j < body.length; j++) {
    const s = body[j];
    let names: string[];
    if (s.kind === "Import") {
      const { path, names: imported } = moduleCtx.importOf(s);
      for (const n of imported) if (!seen.has(n)) fs.declareImport(n, path);
      continue;
    }
    if (s.kind === "Let") names = patternNames(s.pattern);
    else if ((s.kind === "FnDecl" || s.kind === "ModelDecl") && j > from) {
      names = [s.name];
    } else continue;
    if (names.some((x) => seen.has(x))) return;
    const final = s.kind !== "Let" || !s.mutable;
    for (const x of names) {
      seen.add(x);
      if (fs.scope.vars.has(x)) continue;
      if (final) fs.declareFinal(x, false);
      else fs.declare(x, false);
    }
  }
}

function createDecl(fs: FnState, d: Decl, v: Var): void {
  const t = v.cell ? fs.alloc() : v.reg;
  if (d.kind === "FnDecl") {
    lowerFunction(fs, d.name, d.params, d.body, d, t);
  } else lowerModel(fs, d, t);
  if (v.cell) {
    fs.emit(OP.SETCELL, v.reg, t, 0);
    fs.top--;
  }
}

/** Opens a new scope segment at statement `i` (a `let` rebinding a name). */
function newSegment(fs: FnState, body: readonly Stmt[], i: number): void {
  fs.push();
  predeclare(fs, body, i, new Set());
  for (const [, v] of fs.scope.vars) {
    if (v.cell && !v.defined) fs.emit(OP.NEWCELL, v.reg, -1, 0);
  }
}

function lowerStmt(
  fs: FnState,
  s: Stmt,
  body: readonly Stmt[],
  i: number,
): void {
  switch (s.kind) {
    case "ExprStmt":
      exprTo(fs, s.expr, -1);
      return;
    case "Let":
      lowerLet(fs, s, body, i);
      return;
    case "FnDecl":
    case "ModelDecl":
      rebindDecl(fs, s, body, i);
      return;
    case "Assign":
      assignTo(fs, s);
      return;
    case "While":
      lowerWhile(fs, s);
      return;
    case "For":
      lowerFor(fs, s);
      return;
    case "Break":
    case "Continue": {
      const loop = fs.loops[fs.loops.length - 1];
      const j = fs.emit(OP.JMP, -1, 0, 0, s.span);
      if (loop === undefined) return;
      (s.kind === "Break" ? loop.breaks : loop.continues).push(j);
      return;
    }
    case "Return": {
      const save = fs.top;
      if (s.value === undefined) {
        const t = fs.alloc();
        fs.emit(OP.LOADUNIT, t, 0, 0);
        fs.emit(OP.RET, t, 0, 0, s.span);
      } else fs.emit(OP.RET, exprAny(fs, s.value), 0, 0, s.span);
      fs.top = save;
      return;
    }
    case "Import": {
      const { path, names } = moduleCtx.importOf(s);
      for (const n of names) fs.declareImport(n, path);
      return;
    }
  }
}

function lowerLet(fs: FnState, s: Let, body: readonly Stmt[], i: number): void {
  const names = patternNames(s.pattern);
  const collide = names.some((n) => fs.scope.vars.get(n)?.defined === true);
  const p = s.pattern;
  const save = fs.top;
  const t = fs.alloc();
  if (p.kind === "NamePattern" && s.value.kind === "Lambda") {
    const e = s.value;
    lowerFunction(fs, p.name, e.params, e.body, e, t);
  } else {
    const v = p.kind === "NamePattern" && !collide
      ? fs.scope.vars.get(p.name)
      : undefined;
    if (v !== undefined && !v.cell && !v.defined) {
      exprTo(fs, s.value, v.reg);
      v.defined = true;
      fs.top = Math.max(save, topOfVars(fs));
      return;
    }
    exprTo(fs, s.value, t);
  }
  if (collide) newSegment(fs, body, i);
  for (const n of names) {
    if (!fs.scope.vars.has(n)) {
      const v = s.mutable ? fs.declare(n, false) : fs.declareFinal(n, false);
      if (v.cell) fs.emit(OP.NEWCELL, v.reg, -1, 0);
    }
  }
  bindIrrefutable(fs, p, t, s.span, (name, reg) => {
    const v = fs.scope.vars.get(name) ??
      (s.mutable ? fs.declare(name, false) : fs.declareFinal(name, false));
    v.defined = true;
    storeVar(fs, v, reg);
  });
  fs.top = Math.max(save, topOfVars(fs));
}

/** One past the highest register a variable of the current function holds. */
function topOfVars(fs: FnState): number {
  let top = 0;
  for (let s = fs.scope; s !== null && s.fn === fs; s = s.parent!) {
    for (const [, v] of s.vars) if (v.reg + 1 > top) top = v.reg + 1;
    if (s.parent === null) break;
  }
  return top;
}

function rebindDecl(
  fs: FnState,
  s: Decl,
  body: readonly Stmt[],
  i: number,
): void {
  const r = fs.resolve(s.name);
  if (
    r.kind === "local" && hoisted.has(r.v) && fs.scope.vars.get(s.name) === r.v
  ) {
    return;
  }
  if (fs.scope.vars.get(s.name)?.defined === true) newSegment(fs, body, i);
  const v = fs.scope.vars.get(s.name) ?? fs.declareFinal(s.name, false);
  v.defined = true;
  if (v.cell) {
    const t = fs.alloc();
    if (s.kind === "FnDecl") {
      lowerFunction(fs, s.name, s.params, s.body, s, t);
    } else lowerModel(fs, s, t);
    fs.emit(OP.SETCELL, v.reg, t, 0);
    fs.top--;
  } else if (s.kind === "FnDecl") {
    lowerFunction(fs, s.name, s.params, s.body, s, v.reg);
  } else lowerModel(fs, s, v.reg);
}

/** Variables bound by hoisting (their declaration is a no-op in place). */
const hoisted = new WeakSet<Var>();

function lowerWhile(fs: FnState, s: Extract<Stmt, { kind: "While" }>): void {
  const start = fs.here();
  const exit = jumpIfFalse(fs, s.cond);
  const loop = { breaks: [], continues: [] };
  fs.loops.push(loop);
  lowerBlock(fs, s.body, -1);
  fs.loops.pop();
  const back = fs.emit(OP.LOOP, start, 0, 0, s.span);
  for (const j of loop.continues) fs.patch(j, back);
  const end = fs.here();
  fs.patch(exit, end);
  for (const j of loop.breaks) fs.patch(j, end);
}

function lowerFor(fs: FnState, s: Extract<Stmt, { kind: "For" }>): void {
  const save = fs.top;
  const it = s.iterable;
  const loop = { breaks: [] as number[], continues: [] as number[] };
  let back: number, exit: number;
  if (it.kind === "Range" && s.pattern.kind === "NamePattern") {
    const base = fs.alloc();
    fs.alloc();
    exprTo(fs, it.start, base);
    exprTo(fs, it.end, base + 1);
    const prep = fs.emit(OP.FORPREP, base, -1, it.inclusive ? 1 : 0, it.span);
    const body = fs.here();
    loopBody(fs, s, loop, (bind) => bind(s.pattern, base));
    back = fs.emit(OP.FORLOOP, base, body, 0, s.span);
    exit = fs.here();
    fs.ir.code[prep].b = exit;
  } else {
    const iter = fs.alloc();
    const v = fs.alloc();
    exprTo(fs, it, v);
    fs.emit(OP.ITERPREP, iter, v, 0, it.span);
    const head = fs.here();
    const next = fs.emit(OP.ITERNEXT, v, iter, -1, s.span);
    loopBody(fs, s, loop, (bind) => bind(s.pattern, v));
    back = fs.emit(OP.JMP, head, 0, 0, s.span);
    exit = fs.here();
    fs.ir.code[next].c = exit;
    for (const j of loop.continues) fs.patch(j, head);
    loop.continues.length = 0;
  }
  for (const j of loop.continues) fs.patch(j, back);
  for (const j of loop.breaks) fs.patch(j, exit);
  fs.top = save;
}

function loopBody(
  fs: FnState,
  s: Extract<Stmt, { kind: "For" }>,
  loop: { breaks: number[]; continues: number[] },
  bindVars: (bind: (p: Pattern, reg: number) => void) => void,
): void {
  const top = fs.top;
  const scope = fs.push();
  for (const n of patternNames(s.pattern)) fs.declare(n, true);
  bindVars((p, reg) =>
    bindIrrefutable(fs, p, reg, s.span, (name, r) => {
      const v = fs.scope.vars.get(name)!;
      if (v.cell) fs.emit(OP.NEWCELL, v.reg, r, 0);
      else fs.emit(OP.MOVE, v.reg, r, 0);
    })
  );
  fs.loops.push(loop);
  lowerStmts(fs, s.body.body, -1);
  fs.loops.pop();
  fs.popTo(scope, top);
}

/** The expression statement's expression when `e` is one (for callers). */
export function isExpr(e: Expr | undefined): e is Expr {
  return e !== undefined;
}
