// Scalar arithmetic of the language (spec §2), built on the op table's
// evaluators: the interpreter's scalar code and constant folding call
// applyScalar, so both use exactly the runtime's semantics.
//
// Rules: int ∘ int stays int (R0001 on overflow, R0002 on division by zero)
// except `/` (always float) and `**` with a negative exponent (float); any
// float operand makes the op float; comparisons give bool; `&&` `||` `!`
// take bools; bools are not numbers (no truthiness), so arithmetic on a bool
// is an R0012 error.

import { type OpDef, type OpName, OPS } from "./ops.ts";
import { KernelError } from "./runtime_error.ts";
import { type Scalar, scalarNumber } from "./scalar.ts";

function badOperand(op: OpName, s: Scalar): KernelError {
  const def: OpDef = OPS[op];
  return new KernelError("R0012", [def.symbol ?? op, `a ${s.kind} operand`]);
}

function numeric(op: OpName, args: readonly Scalar[]): boolean {
  let anyFloat = false;
  for (const a of args) {
    if (a.kind === "bool") throw badOperand(op, a);
    if (a.kind === "float") anyFloat = true;
  }
  return anyFloat;
}

function result(kind: "int" | "float", v: number): Scalar {
  return kind === "int" ? { kind, value: v } : { kind, value: v };
}

/**
 * Applies a unary, binary or ternary op of the table to scalars (`op` must
 * not be a reduction or matmul). Throws KernelError on int overflow, division
 * by zero and operands of the wrong kind.
 */
export function applyScalar(op: OpName, args: readonly Scalar[]): Scalar {
  const def: OpDef = OPS[op];
  if (
    def.kind === "reduce" || def.kind === "matmul" || args.length !== def.arity
  ) {
    throw new KernelError("R0012", [op, `${args.length} scalar operands`]);
  }
  const [a, b, c] = args.map(scalarNumber);
  switch (def.dtype) {
    case "logical": {
      for (const s of args) if (s.kind !== "bool") throw badOperand(op, s);
      return { kind: "bool", value: def.evalI!(a, b, c) !== 0 };
    }
    case "compare": {
      const allBool = args.every((s) => s.kind === "bool");
      const f = allBool || !numeric(op, args) ? def.evalI! : def.evalF!;
      return { kind: "bool", value: f(a, b, c) !== 0 };
    }
    case "keep": {
      // `where(cond, x, y)`: the condition is a bool; the values promote.
      if (args[0].kind !== "bool") throw badOperand(op, args[0]);
      const x = args[1], y = args[2];
      const pick = a !== 0 ? x : y;
      if (x.kind === "bool" && y.kind === "bool") return pick;
      const isFloat = numeric(op, [x, y]);
      return result(isFloat ? "float" : "int", scalarNumber(pick));
    }
    case "float": {
      // Spec §2: integer division by zero is an error, though int / int is float.
      const isFloat = numeric(op, args);
      if (!isFloat && op === "div" && b === 0) throw new KernelError("R0002");
      return result("float", def.evalF!(a, b, c));
    }
    default: {
      const isFloat = numeric(op, args) || (op === "pow" && b < 0);
      return isFloat
        ? result("float", def.evalF!(a, b, c))
        : result("int", def.evalI!(a, b, c));
    }
  }
}
