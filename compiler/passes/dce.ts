// Dead-code elimination: drops side-effect-free instructions whose result
// no path reads (liveness over the whole function), self-moves, and code no
// path reaches.

import { OP } from "../bytecode/opcodes.ts";
import type { IrFn } from "../ir/ir.ts";
import {
  defsOf,
  isPure,
  liveOut,
  removeInstrs,
  successors,
} from "./analysis.ts";

/** Removes dead and unreachable instructions from `fn`. */
export function eliminateDeadCode(fn: IrFn): void {
  const n = fn.code.length;
  const reach = new Array<boolean>(n).fill(false);
  const work = [0];
  while (work.length > 0) {
    const i = work.pop()!;
    if (i >= n || reach[i]) continue;
    reach[i] = true;
    for (const s of successors(fn, i)) work.push(s);
  }
  const live = liveOut(fn);
  const dead = fn.code.map((ins, i) => {
    if (!reach[i]) return true;
    if (ins.op === OP.MOVE && ins.a === ins.b) return true;
    return isPure(ins) && defsOf(ins).every((d) => !live[i].has(d));
  });
  if (dead.some((d) => d)) removeInstrs(fn, dead);
}
