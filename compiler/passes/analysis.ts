// What the passes need to know about an instruction: the registers it reads
// and writes (including runs of registers such as a call's arguments, and
// the cells a closure captures), its successors, whether it is free of side
// effects, and how to delete instructions while keeping jumps right.

import { OP, OPCODES } from "../bytecode/opcodes.ts";
import type { IrFn, IrInstr } from "../ir/ir.ts";

/** Registers read by `ins`; `ALL_FROM` n means every register from n up. */
export interface RegUse {
  readonly regs: number[];
  readonly allFrom: number;
}

const NONE = Infinity;

/** The registers `ins` reads. */
export function usesOf(fn: IrFn, ins: IrInstr): RegUse {
  const regs: number[] = [];
  let allFrom = NONE;
  const { op, a, b, c } = ins;
  const roles = OPCODES[op].roles;
  if (roles[0] === "r") regs.push(a);
  if (roles[1] === "r" && b >= 0) regs.push(b);
  if (roles[2] === "r") regs.push(c);
  switch (op) {
    case OP.CALL:
    case OP.CALLM:
      for (let i = 0; i <= b; i++) regs.push(a + i);
      break;
    case OP.TUPLE:
      for (let i = 0; i < c; i++) regs.push(b + i);
      break;
    case OP.BRACKET:
    case OP.INDEX:
    case OP.SETINDEX:
      allFrom = b;
      break;
    case OP.SLICE:
      regs.push(b + 1, b + 2);
      break;
    case OP.RANGE:
    case OP.BINOP:
      regs.push(b + 1);
      break;
    case OP.FORPREP:
    case OP.FORLOOP:
      regs.push(a + 1);
      break;
    case OP.EXPORT:
      for (let i = 0; i < b; i++) regs.push(a + i);
      break;
    case OP.MEMBERFN:
      regs.push(a, a + 1);
      break;
    case OP.JDEF:
      regs.push(b);
      break;
    case OP.CLOSURE: {
      const k = fn.consts[b];
      if (k?.kind === "fn") {
        for (const u of k.fn.upvals) if (u.local) regs.push(u.index);
      }
      break;
    }
  }
  return { regs, allFrom };
}

/** The registers `ins` writes. */
export function defsOf(ins: IrInstr): number[] {
  const { op, a } = ins;
  const roles = OPCODES[op].roles;
  const out: number[] = [];
  if (roles[0] === "d") out.push(a);
  if (op === OP.CALL || op === OP.CALLM || op === OP.FORPREP) out.push(a);
  if (op === OP.MEMBERFN) out.push(a, a + 1);
  if (op === OP.FORLOOP) out.push(a);
  return out;
}

/** Indices execution may continue at after instruction `i`. */
export function successors(fn: IrFn, i: number): number[] {
  const ins = fn.code[i];
  const roles = OPCODES[ins.op].roles;
  const out: number[] = [];
  if (ins.op === OP.RET || ins.op === OP.MATCHFAIL) return out;
  if (ins.op !== OP.JMP && ins.op !== OP.LOOP) out.push(i + 1);
  roles.forEach((r, j) => {
    if (r === "j") out.push([ins.a, ins.b, ins.c][j]);
  });
  return out.filter((t) => t >= 0 && t <= fn.code.length);
}

/** Instructions whose only effect is writing their destination. */
const PURE = new Set<number>([
  OP.MOVE,
  OP.LOADK,
  OP.LOADI,
  OP.LOADUNIT,
  OP.LOADBOOL,
  OP.GETUPVAL,
  OP.GETCELL,
  OP.CLOSURE,
  OP.TUPGET,
]);

/** True if removing `ins` when its result is unused changes nothing observable. */
export function isPure(ins: IrInstr): boolean {
  if (ins.op === OP.GETGLOBAL) return ins.c === 1;
  return PURE.has(ins.op);
}

/** Indices that some jump targets (basic-block leaders besides 0). */
export function jumpTargets(fn: IrFn): Set<number> {
  const out = new Set<number>();
  for (const ins of fn.code) {
    OPCODES[ins.op].roles.forEach((r, j) => {
      if (r === "j") out.add([ins.a, ins.b, ins.c][j]);
    });
  }
  return out;
}

/** Deletes the instructions marked in `dead`, retargeting jumps. */
export function removeInstrs(fn: IrFn, dead: readonly boolean[]): void {
  const n = fn.code.length;
  const newIndex = new Array<number>(n + 1);
  let k = 0;
  for (let i = 0; i < n; i++) {
    newIndex[i] = k;
    if (!dead[i]) k++;
  }
  newIndex[n] = k;
  const kept: IrInstr[] = [];
  for (let i = 0; i < n; i++) {
    if (dead[i]) continue;
    const ins = fn.code[i];
    retarget(ins, newIndex);
    kept.push(ins);
  }
  fn.code = kept;
}

/** Rewrites `ins`'s jump targets through `newIndex` (old index -> new). */
export function retarget(ins: IrInstr, newIndex: readonly number[]): void {
  const roles = OPCODES[ins.op].roles;
  if (roles[0] === "j" && ins.a >= 0) ins.a = newIndex[ins.a];
  if (roles[1] === "j" && ins.b >= 0) ins.b = newIndex[ins.b];
  if (roles[2] === "j" && ins.c >= 0) ins.c = newIndex[ins.c];
}

/** Live registers after each instruction (backward dataflow to a fixpoint). */
export function liveOut(fn: IrFn): Set<number>[] {
  const n = fn.code.length;
  const liveIn: Set<number>[] = Array.from({ length: n + 1 }, () => new Set());
  const out: Set<number>[] = Array.from({ length: n }, () => new Set());
  const uses = fn.code.map((ins) => usesOf(fn, ins));
  const defs = fn.code.map(defsOf);
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = n - 1; i >= 0; i--) {
      const o = out[i];
      for (const s of successors(fn, i)) for (const r of liveIn[s]) o.add(r);
      const inn = new Set(o);
      for (const d of defs[i]) if (!uses[i].regs.includes(d)) inn.delete(d);
      for (const r of uses[i].regs) inn.add(r);
      if (uses[i].allFrom !== NONE) {
        for (let r = uses[i].allFrom; r < fn.nregs; r++) inn.add(r);
      }
      if (inn.size !== liveIn[i].size) {
        liveIn[i] = inn;
        changed = true;
      }
    }
  }
  return out;
}
