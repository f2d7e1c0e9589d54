// The loop IR: one kernel as plain data — a loop nest over a shape, the
// buffers it loads from (dtype + one stride per loop level), scalar params,
// and a straight-line body of SSA instructions (loads, op-table ops,
// conversions). A map kernel stores the body's result contiguously; a reduce
// kernel folds it into binary64 accumulators. codegen/js.ts renders it to
// JavaScript and runtime/reference.ts interprets it; printKernel's text is
// also the compile cache key.

import type { DType } from "../../compiler/core/dtype.ts";
import type {
  BinaryOpName,
  TernaryOpName,
  UnaryOpName,
} from "../../compiler/core/ops.ts";

/** An op the loop IR can apply per element. */
export type ElementwiseOpName = UnaryOpName | BinaryOpName | TernaryOpName;

/** The ops that fold reduce kernels' values into accumulators. */
export type CombineOpName = "add" | "mul" | "maximum" | "minimum";

/**
 * One SSA instruction; its value is a JS number. `args` index earlier
 * instructions.
 * - `load`: the element of buffer `buf` at the current loop position;
 * - `param`: scalar parameter `index`;
 * - `op`: an op-table op, with its float (`F`) or integer (`I`) semantics;
 * - `fround`: rounds to f32; `bool`: 1 when the value is not 0, else 0.
 */
export type Instr =
  | { readonly k: "load"; readonly buf: number }
  | { readonly k: "param"; readonly index: number }
  | {
    readonly k: "op";
    readonly op: ElementwiseOpName;
    readonly mode: "F" | "I";
    readonly args: readonly number[];
  }
  | { readonly k: "fround"; readonly args: readonly [number] }
  | { readonly k: "bool"; readonly args: readonly [number] };

/** A buffer a kernel reads: its dtype and its stride at each loop level. */
export interface BufferSpec {
  readonly dtype: DType;
  readonly strides: readonly number[];
}

/**
 * Reduce kernels: levels [0, redStart) are the outer dims, [redStart,
 * innerStart) the reduced ones, [innerStart, rank) the inner dims. The
 * output holds outer × inner accumulators, row-major.
 */
export interface ReduceSpec {
  readonly combine: CombineOpName;
  readonly identity: number;
  readonly redStart: number;
  readonly innerStart: number;
}

/** One kernel. */
export interface LoopKernel {
  /** The loop nest's sizes, outermost first (map kernels: at least one level). */
  readonly shape: readonly number[];
  readonly bufs: readonly BufferSpec[];
  readonly nParams: number;
  readonly body: readonly Instr[];
  /** The body instruction whose value is stored or accumulated. */
  readonly result: number;
  /** Map kernels: the output storage dtype. Reduce kernels: "f64". */
  readonly out: DType;
  readonly reduce?: ReduceSpec;
}

/** Instructions whose value depends only on params (hoisted out of loops). */
export function uniformInstrs(k: LoopKernel): boolean[] {
  const u: boolean[] = [];
  for (const ins of k.body) {
    if (ins.k === "load") u.push(false);
    else if (ins.k === "param") u.push(true);
    else u.push(ins.args.every((a) => u[a]));
  }
  return u;
}

function instrText(ins: Instr): string {
  switch (ins.k) {
    case "load":
      return "load b" + ins.buf;
    case "param":
      return "param " + ins.index;
    case "op": {
      let s = ins.op + "." + ins.mode + " ";
      for (let i = 0; i < ins.args.length; i++) {
        s += (i === 0 ? "v" : " v") + ins.args[i];
      }
      return s;
    }
    default:
      return ins.k + " v" + ins.args[0];
  }
}

/** `a, b, c` (a kernel is printed once per launch: no join or closures). */
function listText(xs: readonly number[]): string {
  let s = "";
  for (let i = 0; i < xs.length; i++) s += (i === 0 ? "" : ", ") + xs[i];
  return s;
}

/** The kernel as text (one line per level, buffer and instruction). */
export function printKernel(k: LoopKernel): string {
  const r = k.reduce;
  let s = r === undefined ? "map -> " + k.out : "reduce " + r.combine +
    " from " + r.identity + " levels " + r.redStart + ":" + r.innerStart;
  s += " shape [" + listText(k.shape) + "] params " + k.nParams;
  for (let i = 0; i < k.bufs.length; i++) {
    const b = k.bufs[i];
    s += "\n  b" + i + ": " + b.dtype + " strides [" + listText(b.strides) +
      "]";
  }
  for (let i = 0; i < k.body.length; i++) {
    s += "\n  v" + i + " = " + instrText(k.body[i]);
  }
  return s + "\n  out v" + k.result;
}

/** Problems with a kernel's structure (empty when it is well formed). */
export function verifyKernel(k: LoopKernel): string[] {
  const errs: string[] = [];
  const rank = k.shape.length;
  if (rank === 0 && k.reduce === undefined) {
    errs.push("a map kernel needs at least one loop level");
  }
  k.bufs.forEach((b, i) => {
    if (b.strides.length !== rank) {
      errs.push(`b${i}: ${b.strides.length} strides for rank ${rank}`);
    }
  });
  k.body.forEach((ins, i) => {
    if (ins.k === "load" && !(ins.buf >= 0 && ins.buf < k.bufs.length)) {
      errs.push(`v${i}: no buffer b${ins.buf}`);
    } else if (ins.k === "param" && !(ins.index < k.nParams)) {
      errs.push(`v${i}: no param ${ins.index}`);
    } else if (ins.k !== "load" && ins.k !== "param") {
      for (const a of ins.args) {
        if (!(a >= 0 && a < i)) errs.push(`v${i}: bad operand v${a}`);
      }
    }
  });
  if (!(k.result >= 0 && k.result < k.body.length)) errs.push("bad result");
  const r = k.reduce;
  if (
    r &&
    !(0 <= r.redStart && r.redStart <= r.innerStart && r.innerStart <= rank)
  ) {
    errs.push("bad reduce levels");
  }
  return errs;
}
