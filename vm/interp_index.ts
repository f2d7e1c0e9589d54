// Indexing and members: `x[i, 1:, ::-1]` on tensors (through kernels), lists
// and strs; `t.0` on tuples; fields and methods of models; the tensor
// members `shape`, `dtype`, `T`, `ndim`.

import type { Expr, SliceExpr } from "../compiler/ast.ts";
import type { Span } from "../compiler/core/span.ts";
import * as K from "../kernels/mod.ts";
import { evalExpr } from "./interp_expr.ts";
import type { InterpState } from "./interp_state.ts";
import { runtimeError } from "./runtime_error.ts";
import { fromIndexResult, guardKernel } from "./tensor_bridge.ts";
import {
  DlDType,
  DlList,
  DlModel,
  DlTuple,
  type Env,
  typeName,
  type Value,
} from "./values.ts";

type Index = Extract<Expr, { kind: "Index" }>;
type Member = Extract<Expr, { kind: "Member" }>;

/** Evaluates the items inside `[…]` to kernel index items (ints and slices). */
export function evalIndexItems(
  st: InterpState,
  items: readonly (Expr | SliceExpr)[],
  env: Env,
): K.IndexItem[] {
  const out: K.IndexItem[] = [];
  for (const it of items) {
    if (it.kind === "Slice") {
      out.push({
        start: sliceBound(st, it.start, env),
        stop: sliceBound(st, it.stop, env),
        step: sliceBound(st, it.step, env),
      });
    } else {
      const v = evalExpr(st, it, env);
      if (typeof v !== "number") throw notInt(v, it.span);
      out.push(v);
    }
  }
  return out;
}

function sliceBound(
  st: InterpState,
  e: Expr | undefined,
  env: Env,
): number | undefined {
  if (e === undefined) return undefined;
  const v = evalExpr(st, e, env);
  if (typeof v !== "number") throw notInt(v, e.span);
  return v;
}

function notInt(v: Value, span: Span) {
  return runtimeError("R0007", span, [
    `indices must be ints, found ${typeName(v)}`,
  ]);
}

/** Evaluates `x[…]`. */
export function evalIndex(st: InterpState, e: Index, env: Env): Value {
  const target = evalExpr(st, e.target, env);
  const items = evalIndexItems(st, e.indices, env);
  return indexValue(target, items, e.span);
}

/** `target[items]` for tensors, lists and strs. */
export function indexValue(
  target: Value,
  items: readonly K.IndexItem[],
  span: Span,
): Value {
  if (target instanceof K.Tensor) {
    return guardKernel(span, () => fromIndexResult(K.index(target, items)));
  }
  if (target instanceof DlList || typeof target === "string") {
    if (items.length !== 1) {
      throw runtimeError("R0007", span, [
        `${typeName(target)} takes one index, found ${items.length}`,
      ]);
    }
    const chars = typeof target === "string" ? [...target] : target.items;
    const it = items[0];
    if (typeof it === "number") {
      const i = normIndex(it, chars.length, typeName(target), span);
      return chars[i];
    }
    const picked = guardKernel(span, () => sliceItems(chars, it));
    return typeof target === "string"
      ? (picked as string[]).join("")
      : new DlList(picked as Value[]);
  }
  throw runtimeError("R0007", span, [`cannot index ${typeName(target)}`]);
}

/** A possibly negative index into a sequence of `len`; R0003 when out of range. */
export function normIndex(
  i: number,
  len: number,
  what: string,
  span: Span,
): number {
  const j = i < 0 ? i + len : i;
  if (j < 0 || j >= len) throw runtimeError("R0003", span, [i, what, len]);
  return j;
}

/** numpy/Python slice selection over a JS array (kernels' slice rules). */
export function sliceItems<T>(xs: readonly T[], s: K.SliceItem): T[] {
  const r = K.resolveSlice(s, xs.length);
  const out: T[] = new Array(r.count);
  for (let i = 0; i < r.count; i++) out[i] = xs[r.start + i * r.step];
  return out;
}

/** Evaluates `a.b` (a member that does not exist is an error). */
export function evalMember(st: InterpState, e: Member, env: Env): Value {
  const target = evalExpr(st, e.target, env);
  const m = memberOf(target, e.name, e.span);
  if (m === undefined) {
    throw runtimeError("R0007", e.nameSpan, [
      `no member \`${e.name}\` on ${typeName(target)}`,
    ]);
  }
  return m;
}

/** The member `name` of a value, or undefined when it has none. */
export function memberOf(
  target: Value,
  name: string,
  span: Span,
): Value | undefined {
  if (target instanceof DlModel) {
    return target.fields.get(name)?.value ?? target.methods.get(name);
  }
  if (target instanceof DlTuple) {
    if (!/^\d+$/.test(name)) return undefined;
    return target.items[Number(name)];
  }
  if (target instanceof K.Tensor) {
    switch (name) {
      case "shape":
        return new DlList([...target.shape]);
      case "dtype":
        return DlDType.of(target.dtype);
      case "ndim":
        return target.shape.length;
      case "T":
        return guardKernel(span, () => K.transposeLast2(target));
    }
  }
  return undefined;
}
