// The VM's fused pairs: a copy of a chunk's code where an instruction whose
// successor it can run inline (GETUPVAL before the CALL of its register,
// JLT_RK or ADD before a RET) becomes the fused opcode. The second instruction
// stays in place, so pcs, jump targets and the tiers' view are unchanged.

import { OP, opcode } from "./opcodes.ts";
import { WORDS } from "./chunk.ts";

const JLT_RK = opcode("JLT_RK"), ADD = opcode("ADD");

/** The fused opcode for `op` followed by `next` (with their `a` operands), or -1. */
function fusedOf(op: number, a: number, next: number, nextA: number): number {
  if (op === OP.GETUPVAL && (next === OP.CALL || next === OP.CALLM)) {
    return a === nextA ? OP.GETUPVAL_CALL : -1;
  }
  if (next !== OP.RET) return -1;
  if (op === JLT_RK) return OP.JLT_RK_RET;
  if (op === ADD) return OP.ADD_RET;
  return -1;
}

/** A copy of `code` (4-word instructions) with fused pairs for the VM's dispatch loop. */
export function fuseCode(code: Int32Array): Int32Array {
  const out = code.slice();
  for (let w = 0; w + WORDS < code.length; w += WORDS) {
    const f = fusedOf(
      code[w],
      code[w + 1],
      code[w + WORDS],
      code[w + WORDS + 1],
    );
    if (f >= 0) out[w] = f;
  }
  return out;
}
