// Model construction (spec §6): constructor parameters, methods bound to the
// instance, fields evaluated in order in a scope where earlier fields,
// methods and parameters are visible by name.

import type { Expr, Stmt } from "../compiler/ast.ts";
import type { Span } from "../compiler/core/span.ts";
import { defineParams } from "./interp_call.ts";
import { evalExpr } from "./interp_expr.ts";
import { bindPattern } from "./interp_pattern.ts";
import type { InterpState } from "./interp_state.ts";
import {
  type Cell,
  DlClosure,
  type DlField,
  DlModel,
  type DlModelCtor,
  Env,
  type Value,
} from "./values.ts";

/** Builds an instance of the model `ctor` from bound constructor arguments. */
export function constructModel(
  st: InterpState,
  ctor: DlModelCtor,
  args: readonly (Value | undefined)[],
  span: Span,
): DlModel {
  const decl = ctor.decl;
  st.step(span);
  st.enter(decl.name, span);
  const paramEnv = new Env(ctor.env);
  defineParams(st, decl.params, args, paramEnv);
  const model = new DlModel(decl.name);
  const scope = new Map<string, Cell>();
  const inst = new Env(paramEnv, scope);
  for (const s of decl.body) {
    if (s.kind !== "FnDecl") continue;
    const m = new DlClosure(
      `${decl.name}.${s.name}`,
      s.params,
      s.body,
      inst,
    );
    model.methods.set(s.name, m);
    scope.set(s.name, { value: m });
  }
  for (const s of decl.body) {
    if (s.kind === "Let") defineField(st, s, inst, model, scope);
    else if (s.kind === "ExprStmt") evalExpr(st, s.expr, inst);
  }
  st.leave();
  return model;
}

function defineField(
  st: InterpState,
  s: Extract<Stmt, { kind: "Let" }>,
  inst: Env,
  model: DlModel,
  scope: Map<string, Cell>,
): void {
  const v = evalExpr(st, s.value, inst);
  const param = isParamCall(s.value);
  bindPattern(st, s.pattern, v, (name, x) => {
    const field: DlField = { value: x, mutable: s.mutable, param };
    model.fields.set(name, field);
    scope.set(name, field);
  }, s.span);
}

/** `param(t)` marks a trainable field. */
function isParamCall(e: Expr): boolean {
  return e.kind === "Call" && e.callee.kind === "Name" &&
    e.callee.name === "param";
}
