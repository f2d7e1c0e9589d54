// Binding call arguments to parameters (spec §3): positional then named,
// optional and variadic parameters. Reports E0302 (count), E0307 (no such
// name), E0317 (given twice), E0318 (missing) and says which arg fills which slot.

import type { Expr, Param } from "../ast.ts";
import type { Span } from "../core/span.ts";
import type { Checker } from "./context.ts";
import type { Type } from "./types.ts";

/** A checked argument. */
export interface ArgInfo {
  readonly name?: string;
  readonly type: Type;
  /** The argument's expression (the receiver's for `a.f(…)`). */
  readonly expr: Expr;
  readonly span: Span;
}

/**
 * A parameter as binding sees it: a builtin's spec, or a declared Param
 * (whose default, when present, makes it optional).
 */
export interface ParamSpec {
  readonly name: string;
  readonly optional?: boolean;
  readonly variadic?: boolean;
  readonly default?: unknown;
}

/** True if the parameter may be left out. */
function isOptional(p: ParamSpec): boolean {
  return p.optional === true || p.default !== undefined;
}

/** Arguments by parameter index, plus the variadic tail. */
export interface BoundArgs {
  readonly slots: readonly (ArgInfo | undefined)[];
  readonly rest: readonly ArgInfo[];
  /** False when an arity or name error was reported. */
  readonly ok: boolean;
}

/** A parameter list with its arity, computed once. */
export interface ParamList {
  readonly params: readonly ParamSpec[];
  readonly min: number;
  readonly max: number;
  /** Index of the variadic parameter, or -1. */
  readonly variadic: number;
}

/** The empty variadic tail (shared: bound arguments are never mutated). */
const NO_ARGS: readonly ArgInfo[] = Object.freeze([]);

const lists = new WeakMap<readonly object[], ParamList>();

/** The arity facts of a parameter list. */
export function makeList(params: readonly ParamSpec[]): ParamList {
  let variadic = -1, min = 0;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p.variadic) {
      if (variadic < 0) variadic = i;
    } else if (!isOptional(p)) min++;
  }
  return {
    params,
    min,
    max: variadic >= 0 ? Infinity : params.length,
    variadic,
  };
}

/** The parameter list of a builtin's specs (cached). */
export function specList(params: readonly ParamSpec[]): ParamList {
  let l = lists.get(params);
  if (l === undefined) lists.set(params, l = makeList(params));
  return l;
}

/** The parameter list of declared parameters (defaults make them optional). */
export function declaredList(params: readonly Param[]): ParamList {
  return makeList(params);
}

function reportCount(
  ck: Checker,
  list: ParamList,
  n: number,
  span: Span,
): void {
  const { min, max } = list;
  const text = max === Infinity
    ? `at least ${min}`
    : min === max
    ? `${min}`
    : `${min} to ${max}`;
  ck.report("E0302", span, [
    text,
    text.endsWith(" 1") || text === "1" ? "" : "s",
    n,
    n === 1 ? "was" : "were",
  ]);
}

/** Binds `args` to the parameters of `list`, reporting errors at `span`. */
export function bindArgs(
  ck: Checker,
  list: ParamList,
  args: readonly ArgInfo[],
  span: Span,
): BoundArgs {
  const params = list.params;
  const n = args.length;
  let positional = 0;
  while (positional < n && args[positional].name === undefined) positional++;
  // Fast path: positional arguments only, no variadic tail.
  if (positional === n && list.variadic < 0) {
    if (n < list.min || n > list.max) {
      reportCount(ck, list, n, span);
      return { slots: [], rest: NO_ARGS, ok: false };
    }
    return { slots: args, rest: NO_ARGS, ok: true };
  }
  if (positional === n && n >= list.min) {
    const v = list.variadic;
    return { slots: args.slice(0, v), rest: args.slice(v), ok: true };
  }
  const slots: (ArgInfo | undefined)[] = new Array(params.length);
  const rest: ArgInfo[] = [];
  let posCount = 0;
  for (let i = 0; i < n; i++) if (args[i].name === undefined) posCount++;
  if (posCount > list.max) {
    reportCount(ck, list, n, span);
    return { slots, rest, ok: false };
  }
  let ok = true;
  let pos = 0;
  for (const a of args) {
    if (a.name !== undefined) continue;
    if (list.variadic >= 0 && pos >= list.variadic) rest.push(a);
    else slots[pos++] = a;
  }
  for (const a of args) {
    if (a.name === undefined) continue;
    let i = params.length - 1;
    while (i >= 0 && (params[i].name !== a.name || params[i].variadic)) i--;
    if (i < 0) {
      const nameSpan = { ...a.span, end: a.span.start + a.name.length };
      ck.report("E0307", nameSpan, [a.name]);
      ok = false;
    } else if (slots[i] !== undefined) {
      ck.report("E0317", a.span, [a.name]);
      ok = false;
    } else slots[i] = a;
  }
  if (!ok) return { slots, rest, ok };
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (isOptional(p) || p.variadic || slots[i] !== undefined) continue;
    if (posCount === n) {
      reportCount(ck, list, n, span);
      return { slots, rest, ok: false };
    }
    ck.report("E0318", span, [p.name]);
    ok = false;
  }
  return { slots, rest, ok };
}
