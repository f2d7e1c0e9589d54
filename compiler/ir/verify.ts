// The IR verifier: every opcode exists, register operands lie inside the
// function's register count, constant operands inside its pool, jump
// targets inside its code, and a function ends with a jump, return or
// match failure (no path runs off its end).
// Tests run it after lowering and after every pass.

import { OP, OPCODES } from "../bytecode/opcodes.ts";
import type { IrFn } from "./ir.ts";

/** Problems found in `fn` and its nested prototypes (empty when valid). */
export function verifyIr(fn: IrFn, seen: Set<IrFn> = new Set()): string[] {
  if (seen.has(fn)) return [];
  seen.add(fn);
  const problems: string[] = [];
  const n = fn.code.length;
  const say = (i: number, what: string) =>
    problems.push(`${fn.name}@${i}: ${what}`);
  fn.code.forEach((ins, i) => {
    const info = OPCODES[ins.op];
    if (info === undefined) {
      say(i, `unknown opcode ${ins.op}`);
      return;
    }
    [ins.a, ins.b, ins.c].forEach((x, j) => {
      const role = info.roles[j];
      const slot = "abc"[j];
      if ((role === "d" || role === "r") && (x >= fn.nregs || x < -1)) {
        say(i, `${info.name} ${slot}: register ${x} outside ${fn.nregs}`);
      }
      if (role === "d" && x < 0) say(i, `${info.name} ${slot}: no register`);
      if (role === "k" && x >= fn.consts.length) {
        say(i, `${info.name} ${slot}: constant ${x} outside the pool`);
      }
      if (role === "j" && (x < 0 || x > n)) {
        say(i, `${info.name} ${slot}: jump to ${x} outside 0..${n}`);
      }
    });
  });
  const last = fn.code[n - 1];
  const ends = [OP.RET, OP.JMP, OP.MATCHFAIL];
  if (last === undefined || !ends.includes(last.op)) {
    problems.push(`${fn.name}: does not end with RET, JMP or MATCHFAIL`);
  }
  for (const u of fn.upvals) {
    if (u.index < 0) problems.push(`${fn.name}: bad upvalue ${u.index}`);
  }
  for (const k of fn.consts) {
    if (k.kind === "fn") problems.push(...verifyIr(k.fn, seen));
  }
  return problems;
}
