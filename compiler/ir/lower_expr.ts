// Lowering of expressions to register code (Lua style: each expression is
// compiled into a destination register; variables are used in place),
// plus assignments and function / model prototypes.

import type {
  Block,
  Expr,
  ModelDecl,
  Param,
  Pattern,
  SliceExpr,
  Stmt,
} from "../ast.ts";
import {
  BINARY_OPCODE_OPS,
  binaryOpcode,
  COMPARE_OPS,
  jumpOpcode,
  OP,
  VARIANT,
} from "../bytecode/opcodes.ts";
import { binaryOpFor } from "../core/ops.ts";
import type { Span } from "../core/span.ts";
import { capturedNames } from "./captures.ts";
import type { IrConst, IrFn } from "./ir.ts";
import {
  bindIrrefutable,
  literalConst,
  patternNames,
  testPattern,
} from "./lower_pattern.ts";
import { FnState, type Scope, type Var } from "./lower_state.ts";
import { isPlain } from "./lower_plain.ts";
import { lowerBlock, lowerStmts } from "./lower_stmt.ts";

type BinOp = (typeof BINARY_OPCODE_OPS)[number];

/** Stores register `reg` into variable `v` (its register or its cell). */
export function storeVar(fs: FnState, v: Var, reg: number): void {
  if (v.cell) fs.emit(OP.SETCELL, v.reg, reg, 0);
  else if (v.reg !== reg) fs.emit(OP.MOVE, v.reg, reg, 0);
}

/** A register holding `e`'s value: a plain local's own register, else a fresh temporary. */
export function exprAny(fs: FnState, e: Expr): number {
  if (e.kind === "Name") {
    const r = fs.resolve(e.name);
    if (r.kind === "local" && !r.v.cell) return r.v.reg;
  }
  const t = fs.alloc();
  exprTo(fs, e, t);
  return t;
}

/** A fresh temporary holding `e`'s value (when a later operand may write `e`'s variable). */
function exprTemp(fs: FnState, e: Expr): number {
  const t = fs.alloc();
  exprTo(fs, e, t);
  return t;
}

function loadName(
  fs: FnState,
  name: string,
  dst: number,
  span: Span,
  soft = false,
): void {
  const r = fs.resolve(name);
  if (r.kind === "local") {
    if (r.v.cell) fs.emit(OP.GETCELL, dst, r.v.reg, 0, span);
    else if (r.v.reg !== dst) fs.emit(OP.MOVE, dst, r.v.reg, 0, span);
  } else if (r.kind === "upval") fs.emit(OP.GETUPVAL, dst, r.index, 0, span);
  else if (r.kind === "import") {
    const k = fs.constant({ kind: "data", value: { path: r.path, name } });
    fs.emit(OP.GETIMPORT, dst, k, 0, span);
  } else {
    const k = fs.constant({ kind: "str", value: name });
    fs.emit(OP.GETGLOBAL, dst, k, soft ? 1 : 0, span);
  }
}

/** A numeric literal operand, as a constant. */
function numConst(e: Expr): IrConst | undefined {
  if (e.kind === "IntLit") return { kind: "int", value: e.value };
  if (e.kind === "FloatLit") return { kind: "float", value: e.value };
  return undefined;
}

/** Compiles `e` into register `dst` (-1: evaluate for effect only). */
export function exprTo(fs: FnState, e: Expr, dst: number): void {
  if (dst < 0 && e.kind !== "If" && e.kind !== "Match" && e.kind !== "Block") {
    const save = fs.top;
    exprTo(fs, e, fs.alloc());
    fs.top = save;
    return;
  }
  switch (e.kind) {
    case "IntLit":
    case "FloatLit":
    case "StrLit":
    case "BoolLit": {
      const k = literalConst(e)!;
      if (k.kind === "bool") fs.emit(OP.LOADBOOL, dst, k.value ? 1 : 0, 0);
      else fs.emit(OP.LOADK, dst, fs.constant(k), 0);
      return;
    }
    case "Name":
      loadName(fs, e.name, dst, e.span);
      return;
    case "Unary": {
      const save = fs.top;
      const r = exprAny(fs, e.operand);
      fs.emit(e.op === "-" ? OP.NEG : OP.NOT, dst, r, 0, e.span);
      fs.top = save;
      return;
    }
    case "Binary":
      lowerBinary(fs, e, dst);
      return;
    case "Call":
      lowerCall(fs, e, dst);
      return;
    case "Index": {
      const save = fs.top;
      const one = e.indices.length === 1 ? e.indices[0] : undefined;
      if (one !== undefined && one.kind !== "Slice") {
        const base = isPlain(one)
          ? exprAny(fs, e.target)
          : exprTemp(fs, e.target);
        const idx = exprAny(fs, one);
        const k = fs.constant({
          kind: "data",
          value: { n: 1, spans: [one.span] },
        });
        const at = fs.emit(OP.GETIDX, dst, base, idx, e.span);
        fs.ir.code[at].aux = k;
        fs.top = save;
        return;
      }
      const base = lowerIndexItems(fs, e.target, e.indices);
      const k = fs.constant({
        kind: "data",
        value: { n: e.indices.length, spans: e.indices.map((i) => i.span) },
      });
      fs.emit(OP.INDEX, dst, base, k, e.span);
      fs.top = save;
      return;
    }
    case "Member": {
      const save = fs.top;
      const r = exprAny(fs, e.target);
      const k = fs.constant({
        kind: "data",
        value: { name: e.name, span: e.span, nameSpan: e.nameSpan },
      });
      fs.emit(OP.MEMBER, dst, r, k, e.span);
      fs.top = save;
      return;
    }
    case "Tuple": {
      if (e.elements.length === 0) {
        fs.emit(OP.LOADUNIT, dst, 0, 0);
        return;
      }
      const save = fs.top;
      const base = fs.top;
      for (const x of e.elements) exprTo(fs, x, fs.alloc());
      fs.emit(OP.TUPLE, dst, base, e.elements.length, e.span);
      fs.top = save;
      return;
    }
    case "Range": {
      const save = fs.top;
      const base = fs.alloc();
      fs.alloc();
      exprTo(fs, e.start, base);
      exprTo(fs, e.end, base + 1);
      fs.emit(OP.RANGE, dst, base, e.inclusive ? 1 : 0, e.span);
      fs.top = save;
      return;
    }
    case "Bracket": {
      const save = fs.top;
      const base = fs.top;
      const leaves = (x: Expr): void => {
        if (x.kind === "Bracket") x.elements.forEach(leaves);
        else exprTo(fs, x, fs.alloc());
      };
      leaves(e);
      const k = fs.constant({ kind: "data", value: e });
      fs.emit(OP.BRACKET, dst, fs.top > base ? base : dst, k, e.span);
      fs.top = save;
      return;
    }
    case "If":
      lowerIf(fs, e, dst);
      return;
    case "Match":
      lowerMatch(fs, e, dst);
      return;
    case "Block":
      lowerBlock(fs, e, dst);
      return;
    case "Lambda":
      lowerFunction(fs, "<lambda>", e.params, e.body, e, dst);
      return;
  }
}

/** Target in a register, then the index items in the registers after it; returns the target's register. */
function lowerIndexItems(
  fs: FnState,
  target: Expr,
  indices: readonly (Expr | SliceExpr)[],
): number {
  const base = fs.alloc();
  exprTo(fs, target, base);
  const regs = indices.map(() => fs.alloc());
  indices.forEach((it, i) => {
    if (it.kind !== "Slice") {
      exprTo(fs, it, regs[i]);
      return;
    }
    const save = fs.top;
    const s = fs.alloc();
    fs.alloc();
    fs.alloc();
    const parts = [it.start, it.stop, it.step];
    let mask = 0;
    parts.forEach((p, j) => {
      if (p === undefined) return;
      mask |= 1 << j;
      exprTo(fs, p, s + j);
    });
    const k = fs.constant({
      kind: "data",
      value: { mask, spans: parts.map((p) => p?.span) },
    });
    fs.emit(OP.SLICE, regs[i], s, k, it.span);
    fs.top = save;
  });
  return base;
}

/** Emits `dst = l op r` for a binary op with an opcode family, picking the RK/KR variant for literals. */
function emitArith(
  fs: FnState,
  op: BinOp,
  dst: number,
  left: Expr | number,
  right: Expr,
  span: Span,
): void {
  const save = fs.top;
  const base = binaryOpcode(op);
  const rk = numConst(right);
  const lk = typeof left === "number" ? undefined : numConst(left);
  if (rk !== undefined && lk === undefined) {
    const l = typeof left === "number" ? left : exprAny(fs, left);
    fs.emit(base + VARIANT.RK, dst, l, fs.constant(rk), span);
  } else if (lk !== undefined && rk === undefined) {
    const r = exprAny(fs, right);
    fs.emit(base + VARIANT.KR, dst, fs.constant(lk), r, span);
  } else {
    const l = typeof left === "number"
      ? left
      : isPlain(right)
      ? exprAny(fs, left)
      : exprTemp(fs, left);
    const r = exprAny(fs, right);
    fs.emit(base + VARIANT.RR, dst, l, r, span);
  }
  fs.top = save;
}

function lowerBinary(
  fs: FnState,
  e: Extract<Expr, { kind: "Binary" }>,
  dst: number,
): void {
  if (e.op === "&&" || e.op === "||") {
    const and = e.op === "&&";
    exprTo(fs, e.left, dst);
    const j = fs.emit(and ? OP.JMPF : OP.JMPT, -1, dst, and ? 1 : 2, e.span);
    exprTo(fs, e.right, dst);
    fs.emit(OP.JMPF, fs.here() + 1, dst, and ? 3 : 4, e.span);
    fs.patch(j, fs.here());
    return;
  }
  const op = binaryOpFor(e.op);
  if (
    op !== undefined && (BINARY_OPCODE_OPS as readonly string[]).includes(op)
  ) {
    emitArith(fs, op as BinOp, dst, e.left, e.right, e.span);
    return;
  }
  const save = fs.top;
  const base = fs.alloc();
  fs.alloc();
  exprTo(fs, e.left, base);
  exprTo(fs, e.right, base + 1);
  const k = fs.constant({ kind: "data", value: e.op });
  fs.emit(OP.BINOP, dst, base, k, e.span);
  fs.top = save;
}

function lowerCall(
  fs: FnState,
  e: Extract<Expr, { kind: "Call" }>,
  dst: number,
): void {
  const save = fs.top;
  const base = dst >= 0 && dst === fs.top - 1 && !isVarReg(fs, dst)
    ? dst
    : fs.alloc();
  const callee = e.callee;
  let op = OP.CALL;
  let fixed = 0;
  if (callee.kind === "Member") {
    loadName(fs, callee.name, base, callee.nameSpan, true);
    exprTo(fs, callee.target, fs.alloc());
    const k = fs.constant({
      kind: "data",
      value: { name: callee.name, nameSpan: callee.nameSpan },
    });
    fs.emit(OP.MEMBERFN, base, k, 0, callee.span);
    op = OP.CALLM;
    fixed = 1;
  } else exprTo(fs, callee, base);
  const names: (string | undefined)[] = [];
  for (const a of e.args) {
    exprTo(fs, a.value, fs.alloc());
    names.push(a.name);
  }
  const info = names.some((n) => n !== undefined)
    ? fs.constant({ kind: "data", value: names })
    : -1;
  fs.emit(op, base, fixed + e.args.length, info, e.span);
  if (dst !== base) fs.emit(OP.MOVE, dst, base, 0);
  fs.top = save;
}

/** True if a variable of the current function lives in register `r`. */
function isVarReg(fs: FnState, r: number): boolean {
  for (
    let s: Scope | null = fs.scope;
    s !== null && s.fn === fs;
    s = s.parent
  ) {
    for (const [, v] of s.vars) if (v.reg === r) return true;
  }
  return false;
}

/** Emits a conditional jump taken when `cond` is false; returns its index. */
export function jumpIfFalse(fs: FnState, cond: Expr): number {
  const save = fs.top;
  if (cond.kind === "Binary") {
    const op = binaryOpFor(cond.op);
    if ((COMPARE_OPS as readonly string[]).includes(op ?? "")) {
      const base = jumpOpcode(op as (typeof COMPARE_OPS)[number]);
      const l = exprAny(fs, cond.left);
      const rk = numConst(cond.right);
      const j = rk !== undefined
        ? fs.emit(base + 1, -1, l, fs.constant(rk), cond.span)
        : fs.emit(base, -1, l, exprAny(fs, cond.right), cond.span);
      fs.top = save;
      return j;
    }
  }
  const c = exprAny(fs, cond);
  const j = fs.emit(OP.JMPF, -1, c, 0, cond.span);
  fs.top = save;
  return j;
}

function lowerIf(
  fs: FnState,
  e: Extract<Expr, { kind: "If" }>,
  dst: number,
): void {
  const ends: number[] = [];
  for (;;) {
    const jf = jumpIfFalse(fs, e.cond);
    lowerBlock(fs, e.then, dst);
    const alt = e.else;
    if (alt === undefined && dst < 0) {
      fs.patch(jf, fs.here());
      break;
    }
    ends.push(fs.emit(OP.JMP, -1, 0, 0));
    fs.patch(jf, fs.here());
    if (alt === undefined) {
      fs.emit(OP.LOADUNIT, dst, 0, 0);
      break;
    }
    if (alt.kind === "Block") {
      lowerBlock(fs, alt, dst);
      break;
    }
    e = alt;
  }
  const end = fs.here();
  for (const j of ends) fs.patch(j, end);
}

function lowerMatch(
  fs: FnState,
  e: Extract<Expr, { kind: "Match" }>,
  dst: number,
): void {
  const save = fs.top;
  const s = exprAny(fs, e.subject);
  const ends: number[] = [];
  for (const arm of e.arms) {
    const top = fs.top;
    const scope = fs.push();
    for (const n of patternNames(arm.pattern)) fs.declare(n, true);
    const fails: number[] = [];
    testPattern(fs, arm.pattern, s, fails, (name, r) => {
      const v = scope.vars.get(name)!;
      fs.emit(v.cell ? OP.NEWCELL : OP.MOVE, v.reg, r, 0);
    });
    if (arm.guard !== undefined) {
      fails.push(jumpIfFalse(fs, arm.guard));
    }
    if (arm.body.kind === "Block") lowerBlock(fs, arm.body, dst);
    else exprTo(fs, arm.body, dst);
    ends.push(fs.emit(OP.JMP, -1, 0, 0));
    fs.popTo(scope, top);
    const next = fs.here();
    for (const j of fails) fs.patch(j, next);
  }
  fs.emit(OP.MATCHFAIL, s, 0, 0, e.span);
  const end = fs.here();
  for (const j of ends) fs.patch(j, end);
  fs.top = save;
}

/** Lowers an assignment statement. */
export function assignTo(
  fs: FnState,
  s: Extract<Stmt, { kind: "Assign" }>,
): void {
  const t = s.target;
  const op = s.op === "=" ? undefined : binaryOpFor(s.op.slice(0, -1)) as BinOp;
  const save = fs.top;
  if (t.kind === "Name") {
    const r = fs.resolve(t.name);
    if (r.kind === "local" && !r.v.cell) {
      if (op === undefined && writesLate(s.value)) {
        const t = fs.alloc();
        exprTo(fs, s.value, t);
        fs.emit(OP.MOVE, r.v.reg, t, 0);
      } else if (op === undefined) exprTo(fs, s.value, r.v.reg);
      else emitArith(fs, op, r.v.reg, r.v.reg, s.value, s.span);
    } else if (op === undefined) {
      const v = exprAny(fs, s.value);
      storeName(fs, t.name, v, t.span);
    } else {
      const old = fs.alloc();
      loadName(fs, t.name, old, t.span);
      emitArith(fs, op, old, old, s.value, s.span);
      storeName(fs, t.name, old, t.span);
    }
  } else if (t.kind === "Index") {
    const rhs = fs.alloc();
    if (op === undefined) exprTo(fs, s.value, rhs);
    const base = lowerIndexItems(fs, t.target, t.indices);
    const spans = t.indices.map((i) => i.span);
    const n = t.indices.length;
    if (op !== undefined) {
      const k1 = fs.constant({ kind: "data", value: { n, spans } });
      fs.emit(OP.INDEX, rhs, base, k1, t.span);
      emitArith(fs, op, rhs, rhs, s.value, s.span);
    }
    const k = fs.constant({ kind: "data", value: { n, spans } });
    fs.emit(OP.SETINDEX, rhs, base, k, s.span);
  } else if (t.kind === "Member") {
    const rhs = fs.alloc();
    if (op === undefined) exprTo(fs, s.value, rhs);
    const tr = fs.alloc();
    exprTo(fs, t.target, tr);
    const k = fs.constant({
      kind: "data",
      value: { name: t.name, tspan: t.span, span: s.span },
    });
    if (op !== undefined) {
      fs.emit(OP.FIELDGET, rhs, tr, k, t.span);
      emitArith(fs, op, rhs, rhs, s.value, s.span);
    }
    fs.emit(OP.SETMEMBER, rhs, tr, k, s.span);
  } else exprTo(fs, s.value, -1);
  fs.top = save;
}

/**
 * True when compiling `e` into a register may write that register before
 * `e` has read everything (`&&`/`||` write their left operand first; blocks,
 * `if` and `match` run statements), so an assignment must go through a
 * temporary.
 */
function writesLate(e: Expr): boolean {
  return (e.kind === "Binary" && (e.op === "&&" || e.op === "||")) ||
    e.kind === "If" || e.kind === "Match" || e.kind === "Block";
}

function storeName(fs: FnState, name: string, reg: number, _span: Span): void {
  const r = fs.resolve(name);
  if (r.kind === "local") storeVar(fs, r.v, reg);
  else if (r.kind === "upval") fs.emit(OP.SETUPVAL, r.index, reg, 0);
  else if (r.kind === "import") {
    const k = fs.constant({ kind: "data", value: { path: r.path, name } });
    fs.emit(OP.SETIMPORT, k, reg, 0);
  }
}

function newFn(
  name: string,
  kind: IrFn["kind"],
  params: readonly Param[],
  decl: IrFn["decl"],
): IrFn {
  return {
    name,
    kind,
    params: params.map((p) => ({
      name: p.name,
      optional: p.default !== undefined,
    })),
    decl,
    nregs: 0,
    code: [],
    consts: [],
    upvals: [],
  };
}

/** Binds parameters (registers 0..n-1; defaults evaluated when omitted). */
function lowerParams(fn: FnState, params: readonly Param[]): void {
  const n = params.length;
  for (let i = 0; i < n; i++) fn.alloc();
  for (let i = 0; i < n; i++) {
    const p = params[i];
    if (p.default !== undefined) {
      const j = fn.emit(OP.JDEF, -1, i, 0);
      exprTo(fn, p.default, i);
      fn.patch(j, fn.here());
    }
    const cell = fn.captured.has(p.name);
    if (cell) {
      const v = fn.declare(p.name, true);
      fn.emit(OP.NEWCELL, v.reg, i, 0);
    } else {
      fn.scope.vars.set(p.name, {
        name: p.name,
        reg: i,
        cell: false,
        defined: true,
        fn,
      });
    }
  }
}

/** Lowers a function or lambda; R[dst] = its closure. */
export function lowerFunction(
  fs: FnState,
  name: string,
  params: readonly Param[],
  body: Block,
  decl: IrFn["decl"],
  dst: number,
): void {
  const ir = newFn(name, "fn", params, decl);
  const captured = capturedNames([body, params]);
  const fn = new FnState(ir, fs, fs.scope, captured, false);
  lowerParams(fn, params);
  const result = fn.alloc();
  lowerStmts(fn, body.body, result);
  fn.emit(OP.RET, result, 0, 0);
  fs.emit(OP.CLOSURE, dst, fs.constant({ kind: "fn", fn: ir }), 0);
}

/** Lowers a model declaration to its constructor; R[dst] = the constructor. */
export function lowerModel(fs: FnState, d: ModelDecl, dst: number): void {
  const ir = newFn(d.name, "model", d.params, d);
  const captured = capturedNames([d.body, d.params]);
  const fn = new FnState(ir, fs, fs.scope, captured, false);
  lowerParams(fn, d.params);
  fn.push();
  const m = fn.alloc();
  fn.emit(OP.MODELNEW, m, fn.constant({ kind: "str", value: d.name }), 0);
  const fields = new Map<string, Var>();
  for (const s of d.body) {
    if (s.kind !== "Let") continue;
    const flags = {
      mutable: s.mutable,
      param: s.value.kind === "Call" && s.value.callee.kind === "Name" &&
        s.value.callee.name === "param",
    };
    for (const n of patternNames(s.pattern)) {
      const v = fn.declare(n, false, true);
      fields.set(n, v);
      fn.emit(
        OP.NEWFIELD,
        v.reg,
        fn.constant({ kind: "data", value: flags }),
        0,
      );
    }
  }
  const methods: [Stmt & { kind: "FnDecl" }, Var][] = [];
  for (const s of d.body) {
    if (s.kind !== "FnDecl") continue;
    const v = fn.declare(s.name, true);
    if (v.cell) fn.emit(OP.NEWCELL, v.reg, -1, 0);
    methods.push([s, v]);
  }
  for (const [s, v] of methods) {
    const t = fn.alloc();
    lowerFunction(fn, `${d.name}.${s.name}`, s.params, s.body, s, t);
    const k = fn.constant({ kind: "str", value: s.name });
    fn.emit(OP.METHODDEF, m, t, k);
    storeVar(fn, v, t);
    fn.top--;
  }
  for (const s of d.body) {
    if (s.kind === "ExprStmt") exprTo(fn, s.expr, -1);
    if (s.kind !== "Let") continue;
    const save = fn.top;
    const t = fn.alloc();
    exprTo(fn, s.value, t);
    bindFields(fn, s.pattern, t, s.span, m, fields);
    fn.top = save;
  }
  fn.emit(OP.RET, m, 0, 0);
  fs.emit(OP.CLOSURE, dst, fs.constant({ kind: "fn", fn: ir }), 0);
}

function bindFields(
  fn: FnState,
  p: Pattern,
  reg: number,
  span: Span,
  m: number,
  fields: Map<string, Var>,
): void {
  bindIrrefutable(fn, p, reg, span, (name, r) => {
    const v = fields.get(name)!;
    v.defined = true;
    fn.emit(OP.SETCELL, v.reg, r, 0);
    fn.emit(OP.FIELDDEF, m, v.reg, fn.constant({ kind: "str", value: name }));
  });
}

/** An empty `<main>` module body to lower into. */
export function moduleFn(): IrFn {
  return newFn("<main>", "module", [], undefined);
}

/** The FnState of a module body (exported for lower.ts). */
export function moduleState(
  ir: IrFn,
  body: readonly Stmt[],
  allCells: boolean,
): FnState {
  return new FnState(ir, null, null, capturedNames(body), allCells);
}
