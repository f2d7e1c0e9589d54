// The JavaScript tier's block ends: jumps, conditional jumps on bools, fused
// compare-and-jumps, numeric for loops, back edges (step counting exactly
// as the VM: R0013 at the loop's span) and returns; a block that falls
// through ends with its last ordinary instruction and a branch.

import { OP } from "../compiler/bytecode/opcodes.ts";
import {
  compareCode,
  type EmitCtx,
  emitInstr,
  family,
  JUMP_END,
  JUMP_FIRST,
  K_BOOL,
  K_INT,
  K_NONE,
  v,
} from "./tier_js_emit.ts";

/** A block's last instruction as JS; `ret` is the kind it returns (RET in a function). */
export interface Term {
  readonly code: string;
  readonly ret?: number;
}

const steps = (ctx: EmitCtx, span: string) =>
  ctx.countSteps ? `if (++vm.steps > MS) throw $rt("R0013", ${span});` : "";

/**
 * The JS of the instruction ending a block at `pc`; `branch(i)` is the
 * transfer to successor i (jump target first, then fallthrough). Null when
 * unsupported.
 */
export function terminator(
  ctx: EmitCtx,
  K: Uint8Array,
  pc: number,
  branch: (i: number) => string,
  mode: "fn" | "loop",
  exit: (pc: number) => string = () => "",
): Term | null {
  const p = ctx.proto, w = pc << 2;
  const op = p.code[w], a = p.code[w + 1], b = p.code[w + 2], c = p.code[w + 3];
  const span = `S${ctx.id}[${pc}]`;
  if (op >= JUMP_FIRST && op < JUMP_END) {
    const { fam, vk } = family(op);
    const cond = compareCode(ctx, K, fam, vk, b, c);
    if (cond === null) return null;
    return { code: `if (!${cond}) {\n${branch(0)}\n} else {\n${branch(1)}\n}` };
  }
  switch (op) {
    case OP.JMP:
      return { code: branch(0) };
    case OP.LOOP:
      return { code: `${steps(ctx, span)}\n${branch(0)}` };
    case OP.JMPF:
    case OP.JMPT: {
      if (K[b] !== K_BOOL && K[b] !== K_NONE) return null;
      const neg = op === OP.JMPF ? "!" : "";
      return {
        code: `if (${neg}${v(b, K_BOOL)}) {\n${branch(0)}\n} else {\n${
          branch(1)
        }\n}`,
      };
    }
    case OP.FORPREP: {
      if (K[a] !== K_INT || K[a + 1] !== K_INT) return null;
      const i = v(a, K_INT), n = v(a + 1, K_INT);
      const inc = c === 1 ? `${n} += 1;\n` : "";
      return {
        code: `${inc}if (!(${i} < ${n})) {\n${branch(0)}\n} else {\n${
          steps(ctx, span)
        }\n${branch(1)}\n}`,
      };
    }
    case OP.FORLOOP: {
      if (K[a] !== K_INT || K[a + 1] !== K_INT) return null;
      const i = v(a, K_INT), n = v(a + 1, K_INT);
      return {
        code: `${i} += 1;\nif (${i} < ${n}) {\n${steps(ctx, span)}\n${
          branch(0)
        }\n} else {\n${branch(1)}\n}`,
      };
    }
    case OP.RET: {
      if (mode === "loop") return { code: exit(pc) };
      const k = K[a];
      if (k === K_NONE) return { code: "", ret: K_NONE };
      if (k < K_INT || k > 4) return null;
      return { code: `return ${v(a, k)};`, ret: k };
    }
    case OP.JNEK:
    case OP.JNTUP:
    case OP.JDEF:
    case OP.ITERNEXT:
    case OP.MATCHFAIL:
      return null;
    default: {
      const out: string[] = [];
      if (!emitInstr(ctx, K, pc, out)) return null;
      out.push(branch(0));
      return { code: out.join("\n") };
    }
  }
}
