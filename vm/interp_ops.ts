// Operators: scalar arithmetic through the op table's evaluators (so int
// overflow and division by zero are exactly the table's), strs, structural
// `==`, short-circuit `&&`/`||`, and tensors through kernels/.

import type { Expr } from "../compiler/ast.ts";
import { binaryOpFor, unaryOpFor } from "../compiler/core/ops.ts";
import { applyScalar } from "../compiler/core/scalar_eval.ts";
import type { Span } from "../compiler/core/span.ts";
import { valuesEqual } from "./equality.ts";
import { evalExpr } from "./interp_expr.ts";
import type { InterpState } from "./interp_state.ts";
import {
  fromScalar,
  guardKernel,
  tensorBinary,
  tensorUnary,
  toScalar,
} from "./tensor_bridge.ts";
import { runtimeError } from "./runtime_error.ts";
import { conditionOf } from "./traced_scalar.ts";
import { DlFloat, type Env, typeName, type Value } from "./values.ts";
import { Tensor } from "../kernels/mod.ts";

type Binary = Extract<Expr, { kind: "Binary" }>;
type Unary = Extract<Expr, { kind: "Unary" }>;

/** Evaluates a binary expression (short-circuiting `&&` and `||`). */
export function evalBinary(st: InterpState, e: Binary, env: Env): Value {
  const op = e.op;
  if (op === "&&" || op === "||") {
    const av = evalExpr(st, e.left, env), a = conditionOf(av);
    if (a === undefined) throw badOperands(op, av, av, e.span);
    if (op === "&&" ? !a : a) return a;
    const bv = evalExpr(st, e.right, env), b = conditionOf(bv);
    if (b === undefined) throw badOperands(op, av, bv, e.span);
    return b;
  }
  const a = evalExpr(st, e.left, env);
  const b = evalExpr(st, e.right, env);
  return applyBinary(op, a, b, e.span);
}

/** Applies a (non-short-circuit) binary operator to two values. */
export function applyBinary(
  op: string,
  a: Value,
  b: Value,
  span: Span,
): Value {
  if (a instanceof Tensor || b instanceof Tensor) {
    return guardKernel(span, () => tensorBinary(op, a, b));
  }
  if (op === "==") return valuesEqual(a, b);
  if (op === "!=") return !valuesEqual(a, b);
  if (typeof a === "string" && typeof b === "string") {
    return strBinary(op, a, b, span);
  }
  const name = binaryOpFor(op);
  const x = toScalar(a), y = toScalar(b);
  if (
    name === undefined || name === "matmul" || x === undefined ||
    y === undefined
  ) {
    throw badOperands(op, a, b, span);
  }
  return guardKernel(span, () => fromScalar(applyScalar(name, [x, y])));
}

function strBinary(op: string, a: string, b: string, span: Span): Value {
  switch (op) {
    case "+":
      // A str past the host's maximum length is R0007, as on every engine.
      return guardKernel(span, () => a + b);
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
  throw badOperands(op, a, b, span);
}

/** Evaluates `-x` and `!x`. */
export function evalUnary(st: InterpState, e: Unary, env: Env): Value {
  const v = evalExpr(st, e.operand, env);
  return applyUnary(e.op, v, e.span);
}

/** Applies a unary operator to a value. */
export function applyUnary(op: string, v: Value, span: Span): Value {
  if (op === "!") {
    if (typeof v === "boolean") return !v;
  } else if (typeof v === "number" || v instanceof DlFloat) {
    const x = toScalar(v)!;
    return guardKernel(span, () => fromScalar(applyScalar("neg", [x])));
  }
  if (v instanceof Tensor) {
    const name = unaryOpFor(op);
    if (name !== undefined) {
      return guardKernel(span, () => tensorUnary(name, v));
    }
  }
  throw runtimeError("R0007", span, [
    `cannot apply unary \`${op}\` to ${typeName(v)}`,
  ]);
}

function badOperands(op: string, a: Value, b: Value, span: Span) {
  return runtimeError("R0007", span, [
    `cannot apply \`${op}\` to ${typeName(a)} and ${typeName(b)}`,
  ]);
}
