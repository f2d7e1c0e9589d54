// Register coalescing of a value and the move that stores it: `X d …;
// MOVE v d` where d is read nowhere after the move becomes `X v …` (one
// dispatch and one register copy fewer). X must write only its `a`
// register, after reading its operands, and never jump (on a jump the move
// would not have run); the move must not be a jump target.

import { OP, OPCODES } from "../bytecode/opcodes.ts";
import type { IrFn } from "../ir/ir.ts";
import { defsOf, jumpTargets, liveOut, removeInstrs } from "./analysis.ts";

/** Opcodes that write more than their `a` register or write it in pieces. */
const EXCLUDED = new Set<number>([
  OP.MOVE,
  OP.CALL,
  OP.CALLM,
  OP.MEMBERFN,
  OP.IMPORT,
  OP.FORPREP,
  OP.FORLOOP,
]);

/** Folds moves into the instruction computing the moved value. */
export function coalesceMoves(fn: IrFn): void {
  const targets = jumpTargets(fn);
  const live = liveOut(fn);
  const dead = fn.code.map(() => false);
  for (let i = 0; i + 1 < fn.code.length; i++) {
    const x = fn.code[i], mv = fn.code[i + 1];
    if (mv.op !== OP.MOVE || mv.b !== x.a || mv.a === mv.b) continue;
    if (targets.has(i + 1) || dead[i]) continue;
    const roles = OPCODES[x.op].roles;
    if (roles[0] !== "d" || roles.includes("j") || EXCLUDED.has(x.op)) {
      continue;
    }
    const defs = defsOf(x);
    if (defs.length !== 1 || live[i + 1].has(x.a)) continue;
    x.a = mv.a;
    dead[i + 1] = true;
  }
  if (dead.some((d) => d)) removeInstrs(fn, dead);
}
