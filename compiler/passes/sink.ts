// Callee sinking: a call's callee load from an upvalue (`GETUPVAL r u`) moves
// down to just before its CALL, past argument arithmetic, so the VM can run
// the pair as one fused instruction (compiler/bytecode/fuse.ts). Only moves
// past instructions that cannot write a cell (loads, moves, arithmetic) and
// that neither read nor write the callee register, and never past a jump target.

import { OP, opcode } from "../bytecode/opcodes.ts";
import type { IrFn } from "../ir/ir.ts";
import { defsOf, jumpTargets, usesOf } from "./analysis.ts";

const ARITH_FIRST = opcode("ADD"), ARITH_END = opcode("JEQ");
const LOADS: ReadonlySet<number> = new Set([
  OP.MOVE,
  OP.LOADK,
  OP.LOADI,
  OP.LOADBOOL,
  OP.LOADUNIT,
  OP.GETUPVAL,
]);

/** Whether `op` cannot change a cell's value (so an upvalue read may move past it). */
function cellSafe(op: number): boolean {
  return LOADS.has(op) || (op >= ARITH_FIRST && op < ARITH_END);
}

/** Moves each call's `GETUPVAL` callee load down to the instruction before the call. */
export function sinkCallees(fn: IrFn): void {
  const targets = jumpTargets(fn);
  const code = fn.code;
  for (let j = 1; j < code.length; j++) {
    const call = code[j];
    if (call.op !== OP.CALL && call.op !== OP.CALLM) continue;
    const r = call.a;
    let i = j - 1;
    for (; i >= 0; i--) {
      const ins = code[i];
      if (ins.op === OP.GETUPVAL && ins.a === r) break;
      const u = usesOf(fn, ins);
      if (
        targets.has(i) || !cellSafe(ins.op) || defsOf(ins).includes(r) ||
        u.regs.includes(r) || u.allFrom <= r
      ) {
        i = -1;
        break;
      }
    }
    if (i < 0 || i === j - 1) continue;
    const [load] = code.splice(i, 1);
    code.splice(j - 1, 0, load);
  }
}
