// Releasing dead values in a program's module body: right after the last
// read (or an unread write) of a register in straight-line code outside
// every loop, a LOADUNIT drops the value it holds. The module frame lives as
// long as the program, so without this a set-up temporary (the f32 copy of
// a data set that is then scaled, say) stays alive until the program ends,
// and so does its storage. Registers any loop touches are left alone: the
// loop rewrites them anyway, and their types stay what the JS tier saw.
// Runs last (DCE would drop the LOADUNITs), for programs only: a REPL
// session reads its chunk's registers after the chunk has run.

import { OP, OPCODES } from "../bytecode/opcodes.ts";
import type { IrFn, IrInstr } from "../ir/ir.ts";
import { defsOf, liveOut, retarget, successors, usesOf } from "./analysis.ts";

/** Instructions inside some loop: from a backward jump's target to the jump. */
function loopMarks(fn: IrFn): boolean[] {
  const marks = new Array<boolean>(fn.code.length).fill(false);
  fn.code.forEach((ins, i) => {
    OPCODES[ins.op].roles.forEach((r, j) => {
      const t = [ins.a, ins.b, ins.c][j];
      if (r === "j" && t >= 0 && t <= i) marks.fill(true, t, i + 1);
    });
  });
  return marks;
}

/** Registers the instructions inside loops read or write (all from n up: n). */
function loopRegisters(fn: IrFn, inLoop: readonly boolean[]) {
  const regs = new Set<number>();
  let allFrom = Infinity;
  fn.code.forEach((ins, i) => {
    if (!inLoop[i]) return;
    const u = usesOf(fn, ins);
    for (const r of u.regs) regs.add(r);
    for (const r of defsOf(ins)) regs.add(r);
    allFrom = Math.min(allFrom, u.allFrom);
  });
  return { has: (r: number) => regs.has(r) || r >= allFrom };
}

/** Adds LOADUNITs after the last use of module registers (see above). */
export function releaseDeadRegisters(fn: IrFn): void {
  if (fn.kind !== "module") return;
  const n = fn.code.length;
  const inLoop = loopMarks(fn);
  const loopRegs = loopRegisters(fn, inLoop);
  const live = liveOut(fn);
  const after: number[][] = Array.from({ length: n }, () => []);
  let added = 0;
  for (let i = 0; i < n; i++) {
    const ins = fn.code[i];
    const next = successors(fn, i);
    if (inLoop[i] || next.length !== 1 || next[0] !== i + 1) continue;
    const touched = new Set([...usesOf(fn, ins).regs, ...defsOf(ins)]);
    for (const r of touched) {
      if (r >= 0 && !live[i].has(r) && !loopRegs.has(r)) after[i].push(r);
    }
    added += after[i].length;
  }
  if (added === 0) return;
  // Old index -> new index of the same instruction; jumps keep their
  // targets (a jump to i + 1 lands after i's releases: a value that path
  // carries is only released later, never read early).
  const newIndex = new Array<number>(n + 1);
  const code: IrInstr[] = [];
  for (let i = 0; i < n; i++) {
    newIndex[i] = code.length;
    code.push(fn.code[i]);
    for (const r of after[i]) {
      code.push({ op: OP.LOADUNIT, a: r, b: 0, c: 0, span: fn.code[i].span });
    }
  }
  newIndex[n] = code.length;
  for (const ins of code) retarget(ins, newIndex);
  fn.code = code;
}
