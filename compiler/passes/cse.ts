// Common-subexpression elimination: local value numbering over extended
// basic blocks (fall-through chains; the table resets at jump targets) for
// pure scalar arithmetic and comparisons, each round followed by copy
// propagation and dead-code elimination so the MOVEs it leaves disappear.

import {
  BINARY_OPCODE_OPS,
  binaryOpcode,
  OP,
  OPCODES,
  VARIANT,
} from "../bytecode/opcodes.ts";
import type { IrFn, IrInstr } from "../ir/ir.ts";
import { defsOf, jumpTargets, removeInstrs, successors } from "./analysis.ts";
import { propagateCopies } from "./copy_prop.ts";
import { eliminateDeadCode } from "./dce.ts";

/**
 * Opcodes that may be reused: the op-table arithmetic/compare families
 * (register and constant variants) and NEG/NOT. Only with scalar operands:
 * on tensors each evaluation makes a new, mutable tensor, so merging two
 * would alias them.
 */
const REUSABLE = new Set<number>([
  ...BINARY_OPCODE_OPS.flatMap((op) => {
    const rr = binaryOpcode(op);
    return [rr + VARIANT.RR, rr + VARIANT.RK, rr + VARIANT.KR];
  }),
  OP.NEG,
  OP.NOT,
]);

/** Builtins whose call always yields an int or float scalar (or fails). */
const SCALAR_BUILTINS = new Set(["float", "int"]);

/** Registers `ins` may write, including a call's clobbered callee frame (`from`: every register from there up). */
function mayDefs(ins: IrInstr): { regs: number[]; from: number } {
  const regs = defsOf(ins);
  if (ins.op === OP.CALL || ins.op === OP.CALLM) {
    return { regs, from: ins.a + 1 };
  }
  if (ins.op === OP.FORPREP) regs.push(ins.a + 1);
  if (ins.op === OP.IMPORT) {
    for (let i = 0; i < ins.b; i++) regs.push(ins.a + i);
  }
  return { regs, from: Infinity };
}

function scalarConst(fn: IrFn, k: number): boolean {
  const kind = fn.consts[k]?.kind;
  return kind === "int" || kind === "float" || kind === "bool" ||
    kind === "str";
}

/** True if the CALL at `i` calls `int`/`float` (its callee register last set by GETGLOBAL in the same block). */
function callsScalarBuiltin(
  fn: IrFn,
  i: number,
  leaders: Set<number>,
): boolean {
  const callee = fn.code[i].a;
  for (let j = i - 1; j >= 0; j--) {
    const ins = fn.code[j];
    const m = mayDefs(ins);
    if (m.regs.includes(callee) || callee >= m.from) {
      if (ins.op !== OP.GETGLOBAL || ins.a !== callee) return false;
      const k = fn.consts[ins.b];
      return k?.kind === "str" && SCALAR_BUILTINS.has(k.value);
    }
    if (leaders.has(j)) return false;
  }
  return false;
}

/** Whether the operands of `ins` (a REUSABLE op) are all scalars. */
function operandsScalar(fn: IrFn, ins: IrInstr, scalar: Set<number>): boolean {
  const roles = OPCODES[ins.op].roles;
  const ok = (role: string, v: number) =>
    role === "r" ? scalar.has(v) : role === "k" ? scalarConst(fn, v) : true;
  return ok(roles[1], ins.b) && ok(roles[2], ins.c);
}

/**
 * For each instruction, the registers that surely hold an int, float, bool
 * or str when it runs: a forward must-dataflow (intersection at merges, from
 * an optimistic start) over the writes that produce scalars; a call's
 * clobbered callee frame drops every register above its callee.
 */
export function scalarStates(fn: IrFn): Set<number>[] {
  const leaders = jumpTargets(fn);
  const n = fn.code.length;
  const states: (Set<number> | undefined)[] = new Array(n + 1);
  states[0] = new Set();
  const produces = (s: Set<number>, i: number, d: number): boolean => {
    const ins = fn.code[i];
    if (REUSABLE.has(ins.op)) return operandsScalar(fn, ins, s);
    switch (ins.op) {
      case OP.LOADK:
        return scalarConst(fn, ins.b);
      case OP.LOADI:
      case OP.LOADBOOL:
        return true;
      case OP.MOVE:
        return s.has(ins.b);
      case OP.FORPREP:
      case OP.FORLOOP:
        return d === ins.a || d === ins.a + 1;
      case OP.CALL:
        return d === ins.a && callsScalarBuiltin(fn, i, leaders);
    }
    return false;
  };
  const work = [0];
  while (work.length > 0) {
    const i = work.pop()!;
    if (i >= n) continue;
    const inn = states[i]!;
    const out = new Set(inn);
    const m = mayDefs(fn.code[i]);
    if (m.from !== Infinity) {
      for (const r of inn) if (r >= m.from) out.delete(r);
    }
    for (const d of m.regs) {
      if (produces(inn, i, d)) out.add(d);
      else out.delete(d);
    }
    for (const t of successors(fn, i)) {
      const old = states[t];
      if (old === undefined) {
        states[t] = new Set(out);
        work.push(t);
        continue;
      }
      let changed = false;
      for (const r of old) if (!out.has(r)) old.delete(r), changed = true;
      if (changed) work.push(t);
    }
  }
  return fn.code.map((_, i) => states[i] ?? new Set());
}

/** One round of value numbering; returns how many instructions it replaced. */
export function numberValues(fn: IrFn): number {
  const leaders = jumpTargets(fn);
  const states = scalarStates(fn);
  /** key → the registers holding the value and the registers it reads. */
  let table = new Map<string, { holders: number[]; reads: number[] }>();
  const dead = fn.code.map(() => false);
  let replaced = 0;
  fn.code.forEach((ins, i) => {
    if (leaders.has(i)) table = new Map();
    let key: string | undefined;
    let reads: number[] = [];
    if (REUSABLE.has(ins.op) && operandsScalar(fn, ins, states[i])) {
      const roles = OPCODES[ins.op].roles;
      key = `${ins.op}:${ins.b}:${ins.c}`;
      reads = [ins.b, ins.c].filter((_, j) => roles[j + 1] === "r");
      const hit = table.get(key);
      if (hit !== undefined) {
        replaced++;
        if (hit.holders.includes(ins.a)) { // Recomputes what its target holds.
          dead[i] = true;
          return;
        }
        ins.op = OP.MOVE;
        ins.b = hit.holders[0];
        ins.c = 0;
      }
    }
    const m = mayDefs(ins);
    const killed = (r: number) => m.regs.includes(r) || r >= m.from;
    for (const [k, e] of table) {
      e.holders = e.holders.filter((r) => !killed(r));
      if (e.holders.length === 0 || e.reads.some(killed)) table.delete(k);
    }
    if (key !== undefined && !reads.includes(ins.a)) {
      const e = table.get(key);
      if (e !== undefined) e.holders.push(ins.a);
      else table.set(key, { holders: [ins.a], reads });
    }
    const op = ins.op;
    if (op === OP.JMP || op === OP.LOOP || op === OP.RET) table = new Map();
    if (op === OP.MATCHFAIL) table = new Map();
  });
  if (dead.some((d) => d)) removeInstrs(fn, dead);
  return replaced;
}

/** Eliminates repeated pure scalar computations in `fn` (with copy-prop and DCE after each round). */
export function eliminateCommonSubexpressions(fn: IrFn): void {
  for (let round = 0; round < 8; round++) {
    if (numberValues(fn) === 0) return;
    propagateCopies(fn);
    eliminateDeadCode(fn);
  }
}
