// Jump optimisation: threads jumps through unconditional jumps and through
// tests of the same register (`a && b` chains), turns a jump to a return
// into the return, drops a repeated test of a register just tested, and
// fuses a comparison whose only reader is the next conditional jump into a
// compare-and-jump opcode. Leaves unreachable code to dead-code elimination.

import { jumpOpcode, OP, OPCODES, VARIANT } from "../bytecode/opcodes.ts";
import type { IrFn, IrInstr } from "../ir/ir.ts";
import { jumpTargets, liveOut, removeInstrs } from "./analysis.ts";

const COMPARES = ["eq", "ne", "lt", "le", "gt", "ge"] as const;
/** RR opcode of a comparison → its fused jump (RR); RK follows by offset. */
const FUSED = new Map<number, number>(
  COMPARES.map((
    c,
  ) => [OPCODES.findIndex((o) => o.name === c.toUpperCase()), jumpOpcode(c)]),
);

/** Where a jump to `t` ends up, following JMPs and same-register tests (`test`: the jumping test's opcode and register). */
function finalTarget(fn: IrFn, t: number, test?: IrInstr): number {
  for (let hops = 0; hops < 16; hops++) {
    const at = fn.code[t];
    if (at === undefined) return t;
    if (at.op === OP.JMP) {
      t = at.a;
      continue;
    }
    if (
      test !== undefined && (at.op === OP.JMPF || at.op === OP.JMPT) &&
      at.b === test.b
    ) {
      // The register's truth is known here: the same test jumps again, the other falls through.
      t = at.op === test.op ? at.a : t + 1;
      continue;
    }
    return t;
  }
  return t;
}

/** Threads jumps, copies returns into jumps to them, fuses compare + jump. */
export function optimizeJumps(fn: IrFn): void {
  for (const ins of fn.code) {
    if (ins.op === OP.JMP) {
      ins.a = finalTarget(fn, ins.a);
      const to = fn.code[ins.a];
      if (to?.op === OP.RET) {
        ins.op = OP.RET, ins.a = to.a, ins.span = to.span;
      }
    } else if (ins.op === OP.JMPF || ins.op === OP.JMPT) {
      ins.a = finalTarget(fn, ins.a, ins);
    } else if (OPCODES[ins.op].roles[0] === "j" && ins.op !== OP.LOOP) {
      ins.a = finalTarget(fn, ins.a);
    }
  }
  dropRepeatedTests(fn);
  fuseCompares(fn);
}

/** A JMPF/JMPT right after a test of the same register (and not a jump target) is decided: drop it or make it a JMP. */
function dropRepeatedTests(fn: IrFn): void {
  const targets = jumpTargets(fn);
  const dead = fn.code.map(() => false);
  for (let i = 1; i < fn.code.length; i++) {
    const prev = fn.code[i - 1], ins = fn.code[i];
    const tests = (o: number) => o === OP.JMPF || o === OP.JMPT;
    if (!tests(prev.op) || !tests(ins.op) || targets.has(i)) continue;
    if (prev.b !== ins.b) continue;
    // Falling through prev means the register was !prev's jump condition.
    if (prev.op === ins.op) dead[i] = true;
    else ins.op = OP.JMP, ins.b = 0, ins.c = 0;
  }
  if (dead.some((d) => d)) removeInstrs(fn, dead);
}

/** `LT d x y; JMPF @t d` with d read nowhere else → `JLT @t x y` (RR and RK forms). */
function fuseCompares(fn: IrFn): void {
  const targets = jumpTargets(fn);
  const live = liveOut(fn);
  const dead = fn.code.map(() => false);
  for (let i = 0; i + 1 < fn.code.length; i++) {
    const cmp = fn.code[i], jf = fn.code[i + 1];
    if (jf.op !== OP.JMPF || jf.b !== cmp.a || targets.has(i + 1)) continue;
    const variant = cmp.op - (FUSED.has(cmp.op - VARIANT.RK) ? VARIANT.RK : 0);
    const fused = FUSED.get(variant);
    // The JMPF's live-out covers both its successors.
    if (fused === undefined || live[i + 1].has(cmp.a)) continue;
    jf.op = fused + (cmp.op - variant), jf.b = cmp.b, jf.c = cmp.c;
    jf.span = cmp.span;
    dead[i] = true;
  }
  if (dead.some((d) => d)) removeInstrs(fn, dead);
}
