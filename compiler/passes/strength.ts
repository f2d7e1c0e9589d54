// Strength reduction, only where the result is bit-for-bit the same for
// every operand type the op accepts (ints, floats, tensors of any dtype,
// traced values): `x ** 2` (int constant 2) becomes `x * x` — same result
// dtype under promotion, same int overflow error (intPow squares with the
// same check), and V8's Math.pow(x, 2) equals x * x exactly. Rewrites the
// VM could not exploit are left out on purpose: `x * 2 → x + x` costs the
// same dispatch as before, `x ** 2.0` would turn an int x's float result
// into an int, and int `x % 2^k → x & (2^k - 1)` differs for negative x
// (dl's % truncates; the VM's int % is already an int32 remainder).

import { binaryOpcode, VARIANT } from "../bytecode/opcodes.ts";
import type { IrFn } from "../ir/ir.ts";

const POW_RK = binaryOpcode("pow") + VARIANT.RK;
const MUL = binaryOpcode("mul") + VARIANT.RR;

/** Rewrites `POW_RK d x K(int 2)` into `MUL d x x` in `fn`. */
export function reduceStrength(fn: IrFn): void {
  for (const ins of fn.code) {
    if (ins.op !== POW_RK) continue;
    const k = fn.consts[ins.c];
    if (k?.kind === "int" && k.value === 2) {
      ins.op = MUL;
      ins.c = ins.b;
    }
  }
}
