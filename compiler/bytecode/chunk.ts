// A chunk: one function's bytecode as the VM runs it — 4-word instructions
// (opcode, a, b, c) in an Int32Array, a parallel array of spans, the
// constant pool and upvalue sources — emitted from (optimised) IR.

import type { Span } from "../core/span.ts";
import type { IrConst, IrFn } from "../ir/ir.ts";

/** Words per instruction. */
export const WORDS = 4;

/** One function's bytecode. */
export interface Chunk {
  readonly name: string;
  readonly kind: IrFn["kind"];
  readonly ir: IrFn;
  readonly code: Int32Array;
  /** The span of each instruction (index = pc). */
  readonly spans: readonly (Span | undefined)[];
  readonly consts: readonly IrConst[];
  readonly nregs: number;
  readonly nparams: number;
  /** Upvalue sources as pairs: (1 = enclosing register | 0 = enclosing upvalue, index). */
  readonly upvals: Int32Array;
}

/** Emits the bytecode of one IR function (nested prototypes stay in its constants). */
export function emitChunk(fn: IrFn): Chunk {
  const n = fn.code.length;
  const code = new Int32Array(n * WORDS);
  const spans: (Span | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const ins = fn.code[i];
    code[i * WORDS] = ins.op;
    code[i * WORDS + 1] = ins.a;
    code[i * WORDS + 2] = ins.b;
    code[i * WORDS + 3] = ins.c;
    spans[i] = ins.span;
  }
  const upvals = new Int32Array(fn.upvals.length * 2);
  fn.upvals.forEach((u, i) => {
    upvals[i * 2] = u.local ? 1 : 0;
    upvals[i * 2 + 1] = u.index;
  });
  return {
    name: fn.name,
    kind: fn.kind,
    ir: fn,
    code,
    spans,
    consts: fn.consts,
    nregs: Math.max(fn.nregs, 1),
    nparams: fn.params.length,
    upvals,
  };
}
