// Loop-invariant code motion for pure code: a constant load or a move whose
// inputs no instruction of the loop may write, whose destination only it
// writes in the loop and nothing reads before it on an iteration, and
// whose destination no loop exit reads, moves to just before the loop's
// first instruction (after FORPREP for `for` loops). Only instructions that
// cannot fail move, so no error can appear earlier or in a loop that runs
// zero times. Loops are the ranges [target, back edge] of LOOP, FORLOOP
// and backward JMPs (lowering emits structured loops).

import { OP, OPCODES } from "../bytecode/opcodes.ts";
import type { IrFn, IrInstr } from "../ir/ir.ts";
import { defsOf, liveOut, successors, usesOf } from "./analysis.ts";

const MOVABLE = new Set<number>([
  OP.LOADK,
  OP.LOADI,
  OP.LOADBOOL,
  OP.LOADUNIT,
  OP.MOVE,
]);

/** Registers `ins` may write, including a call's clobbered callee frame (`Infinity`: every register from the first up). */
function mayDefs(ins: IrInstr): { regs: number[]; from: number } {
  const regs = defsOf(ins);
  if (ins.op === OP.CALL || ins.op === OP.CALLM) return { regs, from: ins.a };
  if (ins.op === OP.FORPREP) regs.push(ins.a + 1);
  if (ins.op === OP.IMPORT) {
    for (let i = 0; i < ins.b; i++) regs.push(ins.a + i);
  }
  return { regs, from: Infinity };
}

interface Loop {
  readonly head: number;
  readonly end: number;
}

/** Loops: heads of LOOP / FORLOOP back edges, each to its last backward jump (any jump, e.g. `continue`). */
function loops(fn: IrFn): Loop[] {
  const ends = new Map<number, number>();
  const real = new Set<number>();
  fn.code.forEach((ins, i) => {
    OPCODES[ins.op].roles.forEach((role, k) => {
      const t = [ins.a, ins.b, ins.c][k];
      if (role !== "j" || t < 0 || t > i) return;
      ends.set(t, Math.max(ends.get(t) ?? i, i));
      if (ins.op === OP.LOOP || ins.op === OP.FORLOOP) real.add(t);
    });
  });
  return [...real].map((head) => ({ head, end: ends.get(head)! }))
    .sort((x, y) => (x.end - x.head) - (y.end - y.head));
}

/** Registers live on entry to instruction `i`. */
function liveIn(fn: IrFn, live: Set<number>[], i: number): Set<number> {
  if (i >= fn.code.length) return new Set();
  const ins = fn.code[i];
  const s = new Set(live[i]);
  for (const d of defsOf(ins)) s.delete(d);
  const u = usesOf(fn, ins);
  for (const r of u.regs) s.add(r);
  for (let r = u.allFrom; r < fn.nregs; r++) s.add(r);
  return s;
}

/** The index of one instruction of `loop` that may move out, or -1. */
function findInvariant(fn: IrFn, loop: Loop): number {
  const { head, end } = loop;
  const writes = new Map<number, number>();
  let clobberFrom = Infinity;
  for (let i = head; i <= end; i++) {
    const m = mayDefs(fn.code[i]);
    for (const r of m.regs) writes.set(r, (writes.get(r) ?? 0) + 1);
    clobberFrom = Math.min(clobberFrom, m.from);
  }
  const written = (r: number) => writes.has(r) || r >= clobberFrom;
  const live = liveOut(fn);
  const entry = liveIn(fn, live, head);
  const exits: number[] = [];
  for (let i = head; i <= end; i++) {
    for (const s of successors(fn, i)) if (s < head || s > end) exits.push(s);
  }
  for (let j = head; j <= end; j++) {
    const ins = fn.code[j];
    if (!MOVABLE.has(ins.op)) continue;
    const d = ins.a;
    if (writes.get(d) !== 1 || d >= clobberFrom || entry.has(d)) continue;
    if (ins.op === OP.MOVE && written(ins.b)) continue;
    if (exits.some((t) => liveIn(fn, live, t).has(d))) continue;
    return j;
  }
  return -1;
}

/** Moves instruction `j` of `loop` to just before its head, retargeting jumps. */
function hoist(fn: IrFn, loop: Loop, j: number): void {
  const { head, end } = loop;
  const [ins] = fn.code.splice(j, 1);
  fn.code.splice(head, 0, ins);
  // Old indices: head..j-1 moved up one; j is now head; others stay.
  const map = (t: number, from: number) => {
    if (t === head) return from >= head && from <= end ? head + 1 : head;
    return t > head && t <= j ? t + 1 : t;
  };
  fn.code.forEach((x, at) => {
    if (x === ins) return;
    // The instruction's index before the move (for inside/outside tests).
    const from = at > head && at <= j ? at - 1 : at;
    const roles = OPCODES[x.op].roles;
    if (roles[0] === "j") x.a = map(x.a, from);
    if (roles[1] === "j") x.b = map(x.b, from);
    if (roles[2] === "j") x.c = map(x.c, from);
  });
}

/** Hoists loop-invariant pure instructions out of every loop of `fn`. */
export function hoistInvariants(fn: IrFn): void {
  for (let rounds = 0; rounds < 64; rounds++) {
    let moved = false;
    for (const loop of loops(fn)) {
      const j = findInvariant(fn, loop);
      if (j < 0) continue;
      hoist(fn, loop, j);
      moved = true;
      break;
    }
    if (!moved) return;
  }
}
