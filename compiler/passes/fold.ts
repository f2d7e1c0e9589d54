// Constant folding through the op table's own scalar semantics
// (compiler/core/scalar_eval.ts): a binary or unary op whose operands are
// known constants becomes a LOADK of its result. An op that would fail at
// run time (overflow, division by zero, a bool operand) is left alone, so
// the error still happens, at its span. Knowledge is per basic block.

import {
  BINARY_OPCODE_OPS,
  binaryOpcode,
  OP,
  VARIANT,
} from "../bytecode/opcodes.ts";
import { applyScalar } from "../core/scalar_eval.ts";
import type { Scalar } from "../core/scalar.ts";
import type { IrConst, IrFn } from "../ir/ir.ts";
import { defsOf, jumpTargets } from "./analysis.ts";

type Known = Extract<IrConst, { kind: "int" | "float" | "bool" }>;

function toScalar(k: Known): Scalar {
  return k.kind === "bool"
    ? { kind: "bool", value: k.value }
    : { kind: k.kind, value: k.value };
}

function constIndex(fn: IrFn, k: Known): number {
  const i = fn.consts.findIndex((c) =>
    c.kind === k.kind && Object.is(c.value, k.value)
  );
  if (i >= 0) return i;
  fn.consts.push(k);
  return fn.consts.length - 1;
}

function asKnown(k: IrConst | undefined): Known | undefined {
  return k !== undefined &&
      (k.kind === "int" || k.kind === "float" || k.kind === "bool")
    ? k
    : undefined;
}

/** Evaluates `op` on constants; undefined when it would fail at run time. */
function evaluate(
  op: (typeof BINARY_OPCODE_OPS)[number] | "neg" | "not",
  args: Known[],
): Known | undefined {
  try {
    const r = applyScalar(op, args.map(toScalar));
    return r.kind === "bool"
      ? { kind: "bool", value: r.value }
      : { kind: r.kind, value: r.value };
  } catch {
    return undefined;
  }
}

/** Folds constant expressions in `fn`. */
export function foldConstants(fn: IrFn): void {
  const leaders = jumpTargets(fn);
  let known = new Map<number, Known>();
  const first = binaryOpcode("add");
  const last = binaryOpcode("ge") + VARIANT.KR;
  for (let i = 0; i < fn.code.length; i++) {
    if (leaders.has(i)) known = new Map();
    const ins = fn.code[i];
    let result: Known | undefined;
    if (ins.op >= first && ins.op <= last) {
      const fam = Math.floor((ins.op - first) / 3);
      const v = ins.op - first - fam * 3;
      const x = v === VARIANT.KR ? asKnown(fn.consts[ins.b]) : known.get(ins.b);
      const y = v === VARIANT.RK ? asKnown(fn.consts[ins.c]) : known.get(ins.c);
      if (x !== undefined && y !== undefined) {
        result = evaluate(BINARY_OPCODE_OPS[fam], [x, y]);
      }
    } else if (ins.op === OP.NEG || ins.op === OP.NOT) {
      const x = known.get(ins.b);
      if (x !== undefined) {
        result = evaluate(ins.op === OP.NEG ? "neg" : "not", [x]);
      }
    }
    if (result !== undefined) {
      if (result.kind === "bool") {
        fn.code[i] = {
          op: OP.LOADBOOL,
          a: ins.a,
          b: result.value ? 1 : 0,
          c: 0,
          span: ins.span,
        };
      } else {
        fn.code[i] = {
          op: OP.LOADK,
          a: ins.a,
          b: constIndex(fn, result),
          c: 0,
          span: ins.span,
        };
      }
    }
    const now = fn.code[i];
    for (const d of defsOf(now)) known.delete(d);
    if (now.op === OP.LOADK) {
      const k = asKnown(fn.consts[now.b]);
      if (k !== undefined) known.set(now.a, k);
    } else if (now.op === OP.LOADBOOL) {
      known.set(now.a, { kind: "bool", value: now.b !== 0 });
    }
  }
}
