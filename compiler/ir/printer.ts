// Prints IR functions as text (one instruction a line: index, opcode,
// operands by role), for `DL_DEBUG=2`, golden tests and the disassembler.

import { OPCODES } from "../bytecode/opcodes.ts";
import type { IrConst, IrFn } from "./ir.ts";

/** A constant as text (`3`, `2.0`, `"s"`, `fn f`, `<data>`). */
export function formatConst(k: IrConst): string {
  switch (k.kind) {
    case "int":
      return String(k.value);
    case "float": {
      const s = String(k.value);
      return /^-?\d+$/.test(s) ? `${s}.0` : s;
    }
    case "bool":
      return String(k.value);
    case "str":
      return JSON.stringify(k.value);
    case "unit":
      return "()";
    case "absent":
      return "<absent>";
    case "fn":
      return `<fn ${k.fn.name}>`;
    case "data":
      return "<data>";
  }
}

/** One instruction's operands as text. */
export function formatOperands(
  fn: { readonly consts: readonly IrConst[] },
  op: number,
  a: number,
  b: number,
  c: number,
): string {
  const roles = OPCODES[op]?.roles ?? ["i", "i", "i"];
  const parts: string[] = [];
  [a, b, c].forEach((x, i) => {
    switch (roles[i]) {
      case "d":
      case "r":
        parts.push(x < 0 ? "-" : `r${x}`);
        break;
      case "k":
        parts.push(
          x < 0
            ? "-"
            : `k${x}(${fn.consts[x] ? formatConst(fn.consts[x]) : "?"})`,
        );
        break;
      case "j":
        parts.push(`@${x}`);
        break;
      case "i":
        parts.push(String(x));
        break;
    }
  });
  return parts.join(" ");
}

/** The IR of a function and its nested prototypes as text. */
export function printIr(fn: IrFn): string {
  const out: string[] = [];
  const seen = new Set<IrFn>();
  const walk = (f: IrFn): void => {
    if (seen.has(f)) return;
    seen.add(f);
    const ups = f.upvals.map((u) => `${u.local ? "r" : "u"}${u.index}`);
    out.push(
      `fn ${f.name} (${f.kind}, params ${f.params.length}, regs ${f.nregs}${
        ups.length > 0 ? `, upvals ${ups.join(" ")}` : ""
      })`,
    );
    f.code.forEach((ins, i) => {
      const name = OPCODES[ins.op]?.name ?? `?${ins.op}`;
      out.push(
        `  ${String(i).padStart(3)}  ${name.padEnd(9)} ${
          formatOperands(f, ins.op, ins.a, ins.b, ins.c)
        }`.trimEnd(),
      );
    });
    for (const k of f.consts) if (k.kind === "fn") walk(k.fn);
  };
  walk(fn);
  return out.join("\n") + "\n";
}
