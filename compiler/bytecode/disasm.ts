// The disassembler: a chunk (and the prototypes nested in it) as text, one
// instruction a line with its pc, opcode, operands and source line:col.
// `dl disasm FILE` prints it.

import { lineCol } from "../core/span.ts";
import { formatOperands } from "../ir/printer.ts";
import type { IrFn } from "../ir/ir.ts";
import { type Chunk, emitChunk, WORDS } from "./chunk.ts";
import { fuseCode } from "./fuse.ts";
import { opcodeName } from "./opcodes.ts";

/**
 * One chunk's listing (without nested prototypes). `fused`: the code the
 * VM's dispatch loop runs, with fused pairs (compiler/bytecode/fuse.ts).
 */
export function disassembleChunk(c: Chunk, fused = false): string {
  const code = fused ? fuseCode(c.code) : c.code;
  const lines = [
    `== ${c.name} (${c.kind}) params ${c.nparams} regs ${c.nregs} ==`,
  ];
  for (let pc = 0; pc * WORDS < code.length; pc++) {
    const w = pc * WORDS;
    const op = code[w];
    const span = c.spans[pc];
    const where = span === undefined ? "" : (() => {
      const { line, col } = lineCol(span.file, span.start);
      return `${line}:${col}`;
    })();
    lines.push(
      `${String(pc).padStart(4, "0")} ${where.padStart(7)}  ${
        opcodeName(op).padEnd(9)
      } ${formatOperands(c, op, c.code[w + 1], c.code[w + 2], c.code[w + 3])}`
        .trimEnd(),
    );
  }
  return lines.join("\n") + "\n";
}

/** The listing of a function and every prototype nested in it (`fused`: as the VM runs it). */
export function disassemble(fn: IrFn, fused = false): string {
  const out: string[] = [];
  const seen = new Set<IrFn>();
  const walk = (f: IrFn) => {
    if (seen.has(f)) return;
    seen.add(f);
    out.push(disassembleChunk(emitChunk(f), fused));
    for (const k of f.consts) if (k.kind === "fn") walk(k.fn);
  };
  walk(fn);
  return out.join("\n");
}
