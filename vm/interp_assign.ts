// Assignment statements: `x = e`, `x op= e`, `x[i] = e` (tensors through
// views, lists in place), `m.field = e`. For `=` the value is evaluated
// first; `op=` reads the target, then evaluates the value (like Python).

import type { Expr, Stmt } from "../compiler/ast.ts";
import type { Span } from "../compiler/core/span.ts";
import * as K from "../kernels/mod.ts";
import { evalExpr } from "./interp_expr.ts";
import { evalIndexItems, indexValue, normIndex } from "./interp_index.ts";
import { applyBinary } from "./interp_ops.ts";
import type { InterpState } from "./interp_state.ts";
import { runtimeError } from "./runtime_error.ts";
import { guardKernel, toOperand } from "./tensor_bridge.ts";
import { DlList, DlModel, type Env, typeName, type Value } from "./values.ts";

type Assign = Extract<Stmt, { kind: "Assign" }>;

/** Runs an assignment statement. */
export function execAssign(st: InterpState, s: Assign, env: Env): void {
  const t = s.target;
  const op = s.op === "=" ? undefined : s.op.slice(0, -1);
  const combine = (old: Value): Value => {
    const v = evalExpr(st, s.value, env);
    return op === undefined ? v : applyBinary(op, old, v, s.span);
  };
  switch (t.kind) {
    case "Name": {
      const cell = env.lookup(t.name);
      if (cell === undefined) {
        throw runtimeError("R0007", t.span, [
          `cannot find \`${t.name}\` in this scope`,
        ]);
      }
      cell.value = combine(cell.value);
      return;
    }
    case "Index": {
      const rhs = op === undefined ? evalExpr(st, s.value, env) : undefined;
      const target = evalExpr(st, t.target, env);
      const items = evalIndexItems(st, t.indices, env);
      const v = rhs ?? combine(indexValue(target, items, t.span));
      setIndexed(target, items, v, s.span);
      return;
    }
    case "Member": {
      const rhs = op === undefined ? evalExpr(st, s.value, env) : undefined;
      const target = evalExpr(st, t.target, env);
      if (!(target instanceof DlModel) || !target.fields.has(t.name)) {
        throw cannotAssign(t, target);
      }
      const field = target.fields.get(t.name)!;
      const v = rhs ?? combine(field.value);
      if (field.param) checkParamShape(field.value, v, s.span);
      field.value = v;
      return;
    }
    default:
      throw runtimeError("R0007", t.span, ["invalid assignment target"]);
  }
}

/** `target[items] = v` on a tensor or a list. */
export function setIndexed(
  target: Value,
  items: readonly K.IndexItem[],
  v: Value,
  span: Span,
): void {
  if (target instanceof K.Tensor) {
    const operand = toOperand(v);
    if (operand === undefined) {
      throw runtimeError("R0007", span, [
        `cannot store ${typeName(v)} in a tensor`,
      ]);
    }
    guardKernel(span, () => K.setIndex(target, items, operand));
    return;
  }
  if (target instanceof DlList && items.length === 1) {
    const i = items[0];
    if (typeof i === "number") {
      target.items[normIndex(i, target.items.length, "List", span)] = v;
      return;
    }
  }
  throw runtimeError("R0007", span, [
    `cannot assign to an index of ${typeName(target)}`,
  ]);
}

function checkParamShape(old: Value, v: Value, span: Span): void {
  if (!(old instanceof K.Tensor)) return;
  if (
    !(v instanceof K.Tensor) || v.dtype !== old.dtype ||
    v.shape.length !== old.shape.length ||
    v.shape.some((d, i) => d !== old.shape[i])
  ) {
    throw runtimeError("R0008", span, [
      "=",
      `cannot assign ${typeName(v)} to a parameter of type ${typeName(old)}`,
    ]);
  }
}

function cannotAssign(t: Extract<Expr, { kind: "Member" }>, target: Value) {
  return runtimeError("R0007", t.span, [
    `cannot assign to \`${t.name}\` on ${typeName(target)}`,
  ]);
}
