// The native tier's view of the bytecode: what each opcode reads and
// writes, which binary-op and compare-and-jump family an opcode belongs to,
// and the register types the lowering tracks (int, float, bool, and two
// compile-time-only kinds: the `float` builtin and a known closure).

import {
  BINARY_OPCODE_OPS,
  binaryOpcode,
  COMPARE_OPS,
  jumpOpcode,
  OP,
} from "../compiler/bytecode/opcodes.ts";

/** A register's type: 0 unknown, 1 int, 2 float, 3 bool (the VM's tags), 4 the float builtin, 5+k callee k. */
export type Ty = number;
/** Unknown (or conflicting) type. */
export const T_UNKNOWN = 0;
/** int (i32). */
export const T_INT = 1;
/** float (double). */
export const T_FLOAT = 2;
/** bool (i1). */
export const T_BOOL = 3;
/** The `float` builtin (no runtime value in native code). */
export const T_FLOATFN = 4;
/** Callee k has type T_CALLEE + k. */
export const T_CALLEE = 5;

/** True for the types with a native value (int, float, bool). */
export function isNumeric(t: Ty): boolean {
  return t === T_INT || t === T_FLOAT || t === T_BOOL;
}

/** A binary opcode: the op, and where its operands come from. */
export interface BinaryForm {
  readonly op: (typeof BINARY_OPCODE_OPS)[number];
  /** 0: R[b] op R[c]; 1: R[b] op K[c]; 2: K[b] op R[c]. */
  readonly variant: number;
}

/** A fused compare-and-jump opcode. */
export interface JumpForm {
  readonly op: (typeof COMPARE_OPS)[number];
  /** 0: R[b] op R[c]; 1: R[b] op K[c]. */
  readonly variant: number;
}

const BINARY = new Map<number, BinaryForm>();
for (const op of BINARY_OPCODE_OPS) {
  const base = binaryOpcode(op);
  for (let v = 0; v < 3; v++) BINARY.set(base + v, { op, variant: v });
}
const JUMPS = new Map<number, JumpForm>();
for (const op of COMPARE_OPS) {
  const base = jumpOpcode(op);
  for (let v = 0; v < 2; v++) JUMPS.set(base + v, { op, variant: v });
}

/** The binary form of `opcode`, if it is one. */
export function binaryForm(opcode: number): BinaryForm | undefined {
  return BINARY.get(opcode);
}

/** The compare-and-jump form of `opcode`, if it is one. */
export function jumpForm(opcode: number): JumpForm | undefined {
  return JUMPS.get(opcode);
}

/** Registers an instruction reads (for the liveness of loop entries). */
export function readsOf(op: number, a: number, b: number, c: number): number[] {
  const bin = BINARY.get(op);
  if (bin !== undefined) {
    return bin.variant === 0 ? [b, c] : bin.variant === 1 ? [b] : [c];
  }
  const j = JUMPS.get(op);
  if (j !== undefined) return j.variant === 0 ? [b, c] : [b];
  switch (op) {
    case OP.MOVE:
    case OP.NEG:
    case OP.NOT:
    case OP.JMPF:
    case OP.JMPT:
      return [b];
    case OP.RET:
      return [a];
    case OP.GETIDX:
      return [b, c];
    case OP.FORPREP:
    case OP.FORLOOP:
      return [a, a + 1];
    case OP.CALL: {
      const r: number[] = [];
      for (let i = 0; i <= b; i++) r.push(a + i);
      return r;
    }
    default:
      return [];
  }
}
