// Copy propagation within basic blocks: after `MOVE d s`, reads of d in
// single-register operand positions read s instead, until d or s is written
// again. Dead-code elimination then drops moves nobody reads.

import { OP, OPCODES } from "../bytecode/opcodes.ts";
import type { IrFn } from "../ir/ir.ts";
import { defsOf, jumpTargets } from "./analysis.ts";

/** Opcodes whose `r` operands name single registers (not the start of a run). */
const REWRITABLE = new Set<number>(
  OPCODES.map((o, i) => ({ o, i })).filter(({ o }) =>
    /^(ADD|SUB|MUL|DIV|MOD|POW|EQ|NE|LT|LE|GT|GE|JEQ|JNE|JLT|JLE|JGT|JGE)/
      .test(o.name) ||
    [
      "JMPF",
      "JMPT",
      "NEG",
      "NOT",
      "MOVE",
      "SETCELL",
      "SETUPVAL",
      "RET",
      "MEMBER",
      "FIELDGET",
      "TUPGET",
      "JNEK",
      "JNTUP",
      "CHKTUP",
      "MATCHFAIL",
      "ITERPREP",
      "NEWCELL",
      "SETMEMBER",
      "GETCELL",
      "GETIDX",
    ].includes(o.name)
  ).map(({ i }) => i),
);

/** Propagates copies in `fn`. */
export function propagateCopies(fn: IrFn): void {
  const leaders = jumpTargets(fn);
  let copies = new Map<number, number>();
  for (let i = 0; i < fn.code.length; i++) {
    if (leaders.has(i)) copies = new Map();
    const ins = fn.code[i];
    if (REWRITABLE.has(ins.op)) {
      const roles = OPCODES[ins.op].roles;
      if (roles[0] === "r") ins.a = copies.get(ins.a) ?? ins.a;
      if (roles[1] === "r" && ins.b >= 0) ins.b = copies.get(ins.b) ?? ins.b;
      if (roles[2] === "r") ins.c = copies.get(ins.c) ?? ins.c;
    }
    for (const d of defsOf(ins)) {
      copies.delete(d);
      for (const [k, v] of copies) if (v === d) copies.delete(k);
    }
    if (ins.op === OP.MOVE && ins.a !== ins.b) copies.set(ins.a, ins.b);
  }
}
