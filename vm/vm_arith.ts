// Binary arithmetic, comparisons and fused compare-and-jumps off the
// dispatch loop's inline fast paths: every operand variant and tag pair,
// with the op table's semantics (int overflow and division by zero exactly
// as ops.ts's evalI), falling back to the interpreter's operators.

import { KernelError } from "../compiler/core/runtime_error.ts";
import { OPS } from "../compiler/core/ops.ts";
import { BINARY_OPCODE_OPS } from "../compiler/bytecode/opcodes.ts";
import type { Value } from "./values.ts";
import { slowBinary, slowCondition } from "./vm_ops.ts";
import type { Frame, VmState } from "./vm_state.ts";

const MAX = 2147483647, MIN = -2147483648;
const TOKENS: readonly string[] = BINARY_OPCODE_OPS.map((o) => OPS[o].symbol);
const FAMILY_OF_JUMP = [6, 7, 8, 9, 10, 11];
const powI = OPS.pow.evalI, powF = OPS.pow.evalF;

/** Throws the int overflow error (R0001). */
export function overflow(): never {
  throw new KernelError("R0001");
}

/** Throws integer division by zero (R0002). */
export function divZero(): never {
  throw new KernelError("R0002");
}

/** Int arithmetic of family `fam` (add sub mul div mod pow eq ne lt le gt ge); NaN = not an int result. */
function intOp(fam: number, x: number, y: number): number {
  let r: number;
  switch (fam) {
    case 0:
      r = x + y;
      break;
    case 1:
      r = x - y;
      break;
    case 2:
      r = x * y + 0;
      break;
    case 4:
      if (y === 0) divZero();
      return ((x | 0) % (y | 0)) | 0;
    case 5:
      return y < 0 ? NaN : powI(x, y);
    default:
      return NaN;
  }
  if (r > MAX || r < MIN) overflow();
  return r;
}

function floatOp(fam: number, x: number, y: number): number {
  switch (fam) {
    case 0:
      return x + y;
    case 1:
      return x - y;
    case 2:
      return x * y;
    case 3:
      return x / y;
    case 4:
      return x % y;
    default:
      return powF(x, y);
  }
}

function compare(fam: number, x: number, y: number): boolean {
  switch (fam) {
    case 6:
      return x === y;
    case 7:
      return x !== y;
    case 8:
      return x < y;
    case 9:
      return x <= y;
    case 10:
      return x > y;
    default:
      return x >= y;
  }
}

/**
 * Runs arithmetic / comparison / compare-and-jump opcode `op` (numbers 50
 * and up) of the instruction before `pc` in `frame`; returns the next pc.
 */
export function arith(
  vm: VmState,
  frame: Frame,
  op: number,
  a: number,
  b: number,
  c: number,
  pc: number,
): number {
  const p = frame.proto, bp = frame.bp, kt = p.kt, kn = p.kn;
  let F = vm.F, T = vm.T;
  let fam: number,
    vk: number,
    xt: number,
    xv: number,
    yt: number,
    yv: number;
  const jump = op >= 86;
  if (!jump) {
    fam = ((op - 50) / 3) | 0;
    vk = op - 50 - fam * 3;
  } else {
    fam = FAMILY_OF_JUMP[(op - 86) >> 1];
    vk = (op - 86) & 1;
  }
  if (vk === 0) {
    xt = T[bp + b], xv = F[bp + b], yt = T[bp + c], yv = F[bp + c];
  } else if (vk === 1) {
    xt = T[bp + b], xv = F[bp + b], yt = kt[c], yv = kn[c];
  } else xt = kt[b], xv = kn[b], yt = T[bp + c], yv = F[bp + c];
  const d = bp + a;
  if (xt !== 0 && yt !== 0 && (xt < 3) === (yt < 3)) {
    // Both numbers, or both bools (bools compare as 0/1: the table's evalI).
    if (fam >= 6) {
      const r = compare(fam, xv, yv);
      if (jump) {
        if (!r) pc = a;
      } else {
        F[d] = r ? 1 : 0;
        T[d] = 3;
      }
      return pc;
    }
    if (xt !== 3) {
      if (xt === 1 && yt === 1) {
        if (fam === 3) {
          if (yv === 0) divZero();
          F[d] = xv / yv;
          T[d] = 2;
          return pc;
        }
        const r = intOp(fam, xv, yv);
        if (r === r) {
          F[d] = r;
          T[d] = 1;
          return pc;
        }
      }
      F[d] = floatOp(fam, xv, yv);
      T[d] = 2;
      return pc;
    }
  }
  // Anything else: the interpreter's operator semantics.
  const x = vk === 2 ? p.kv[b] as Value : vm.get(bp + b);
  const y = vk === 1 ? p.kv[c] as Value : vm.get(bp + c);
  const span = p.spans[pc - 1]!;
  if (jump) {
    const t = bp + p.nregs;
    vm.ensure(t + 1);
    F = vm.F, T = vm.T;
    slowBinary(vm, TOKENS[fam], t, x, y, span);
    const go = T[t] === 3 ? F[t] !== 0 : slowCondition(vm, t, 0, span);
    if (!go) pc = a;
  } else slowBinary(vm, TOKENS[fam], d, x, y, span);
  return pc;
}
