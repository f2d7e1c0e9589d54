// Calls: evaluating arguments, `a.f(b)` sugar, binding by parameter name,
// entering closures (depth-limited, recorded for stack traces), builtins,
// model construction and instance calls (`net(x)` → `forward`).

import type { Expr, Param } from "../compiler/ast.ts";
import type { Span } from "../compiler/core/span.ts";
import { bindArgs, type NamedArg } from "./bind_args.ts";
import { evalExpr } from "./interp_expr.ts";
import { memberOf } from "./interp_index.ts";
import { constructModel } from "./interp_model.ts";
import { execStmts } from "./interp_stmt.ts";
import {
  type InterpState,
  RETURN,
  SIGNALS,
  stackOverflow,
} from "./interp_state.ts";
import { runtimeError } from "./runtime_error.ts";
import { isHostStackOverflow, toRuntimeError } from "./tensor_bridge.ts";
import {
  type BuiltinContext,
  DlBuiltin,
  DlClosure,
  DlModel,
  DlModelCtor,
  Env,
  typeName,
  type Value,
} from "./values.ts";

type Call = Extract<Expr, { kind: "Call" }>;

/** Evaluates a call expression. */
export function evalCall(st: InterpState, e: Call, env: Env): Value {
  const callee = e.callee;
  let fn: Value;
  const positional: Value[] = [];
  if (callee.kind === "Member") {
    const target = evalExpr(st, callee.target, env);
    const m = memberOf(target, callee.name, callee.span);
    if (m !== undefined) fn = m;
    else {
      const cell = env.lookup(callee.name);
      if (cell === undefined) {
        throw runtimeError("R0007", callee.nameSpan, [
          `no member \`${callee.name}\` on ${typeName(target)}`,
        ]);
      }
      fn = cell.value;
      positional.push(target);
    }
  } else fn = evalExpr(st, callee, env);
  let named: NamedArg<Value>[] | undefined;
  for (const a of e.args) {
    const v = evalExpr(st, a.value, env);
    if (a.name === undefined) positional.push(v);
    else (named ??= []).push({ name: a.name, value: v });
  }
  if (fn instanceof DlClosure) {
    return callClosure(st, fn, positional, named, e.span);
  }
  return callValue(st, fn, positional, named, e.span);
}

/** Calls any callable value with positional and named arguments. */
export function callValue(
  st: InterpState,
  fn: Value,
  positional: readonly Value[],
  named: readonly NamedArg<Value>[] | undefined,
  span: Span,
): Value {
  if (fn instanceof DlClosure) {
    return callClosure(st, fn, positional, named, span);
  }
  if (fn instanceof DlBuiltin) {
    return callBuiltin(st, fn, positional, named, span);
  }
  if (fn instanceof DlModel) {
    const forward = fn.methods.get("forward");
    if (forward === undefined) {
      throw runtimeError("R0007", span, [
        `model \`${fn.name}\` has no \`forward\` method`,
      ]);
    }
    return callValue(st, forward, positional, named, span);
  }
  if (fn instanceof DlModelCtor) {
    const args = bindUser(fn.name, fn.decl.params, positional, named, span);
    return constructModel(st, fn, args, span);
  }
  throw runtimeError("R0007", span, [`${typeName(fn)} is not callable`]);
}

/** Binds arguments to a user parameter list (defaults left undefined). */
function bindUser(
  name: string,
  params: readonly Param[],
  positional: readonly Value[],
  named: readonly NamedArg<Value>[] | undefined,
  span: Span,
): (Value | undefined)[] {
  if (named === undefined && positional.length === params.length) {
    return positional as Value[];
  }
  const r = bindArgs(
    params.map((p) => ({ name: p.name, optional: p.default !== undefined })),
    positional,
    named,
  );
  if (!r.ok) throw runtimeError("R0012", span, [name, r.message]);
  return r.values;
}

/** Defines parameters in `env`, evaluating defaults there (earlier params visible). */
export function defineParams(
  st: InterpState,
  params: readonly Param[],
  args: readonly (Value | undefined)[],
  env: Env,
): void {
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    let v = args[i];
    if (v === undefined) {
      if (p.default === undefined) {
        throw runtimeError("R0012", p.span, ["call", `missing \`${p.name}\``]);
      }
      v = evalExpr(st, p.default, env);
    }
    env.define(p.name, v);
  }
}

function callClosure(
  st: InterpState,
  fn: DlClosure,
  positional: readonly Value[],
  named: readonly NamedArg<Value>[] | undefined,
  span: Span,
): Value {
  const args = bindUser(fn.name, fn.params, positional, named, span);
  st.step(span);
  st.enter(fn.name, span);
  const env = new Env(fn.env);
  defineParams(st, fn.params, args, env);
  let code;
  try {
    code = execStmts(st, fn.body.body, env);
  } catch (e) {
    if (e !== SIGNALS[RETURN]) {
      if (isHostStackOverflow(e)) throw stackOverflow(span);
      throw e;
    }
    code = RETURN;
  }
  st.leave();
  return code === RETURN ? st.retValue : st.value;
}

function callBuiltin(
  st: InterpState,
  fn: DlBuiltin,
  positional: readonly Value[],
  named: readonly NamedArg<Value>[] | undefined,
  span: Span,
): Value {
  const r = bindArgs(fn.params, positional, named);
  if (!r.ok) throw runtimeError("R0012", span, [fn.name, r.message]);
  try {
    return fn.impl(r.values, new CallContext(st, span));
  } catch (e) {
    throw toRuntimeError(e, span);
  }
}

/** What a builtin sees of the interpreter during one call. */
class CallContext implements BuiltinContext {
  constructor(private readonly st: InterpState, readonly span: Span) {}

  get argv(): readonly string[] {
    return this.st.argv;
  }

  write(text: string): void {
    this.st.write(text);
  }

  call(fn: Value, args: readonly Value[]): Value {
    return callValue(this.st, fn, args, undefined, this.span);
  }
}
