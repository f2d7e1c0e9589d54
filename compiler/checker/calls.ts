// Calls (spec §3, §5, §6): builtins through their type rules, user
// functions by instantiation, model constructors, calling a model (its
// `forward`), annotated `fn(T) -> R` values, and member calls `a.f(b)` that
// fall back to `f(a, b)` when `a` has no member `f`.

import type { Arg, Expr } from "../ast.ts";
import { BUILTIN_PARAMS } from "../core/builtins.ts";
import {
  type ArgInfo,
  bindArgs,
  type BoundArgs,
  declaredList,
  makeList,
  type ParamList,
  type ParamSpec,
  specList,
} from "./args.ts";
import {
  BUILTIN_RULES,
  type BuiltinCall,
  type BuiltinRule,
} from "./builtin_rules.ts";
import type { Checker } from "./context.ts";
import { checkExpr } from "./expr.ts";
import { instantiate, resolveSignature } from "./functions.ts";
import { lookupMember } from "./members.ts";
import { ensureModelChecked } from "./models.ts";
import {
  assignable,
  collectSymbols,
  type DimBindings,
  substituteDims,
} from "./relations.ts";
import type { Scope } from "./scope.ts";
import {
  type Callee,
  fmt,
  type FnValue,
  type ModelInfo,
  type Type,
  UNKNOWN,
} from "./types.ts";

type Call = Extract<Expr, { kind: "Call" }>;
type Member = Extract<Expr, { kind: "Member" }>;

/** Checks a call expression. */
export function checkCall(ck: Checker, e: Call, scope: Scope): Type {
  if (e.callee.kind === "Member") {
    return checkMemberCall(ck, e, e.callee, scope);
  }
  const ct = checkExpr(ck, e.callee, scope);
  return callValue(ck, ct, e, checkArgs(ck, e.args, scope));
}

/** A builtin call as its type rule sees it. */
class BoundCall implements BuiltinCall {
  readonly rest: readonly ArgInfo[];
  readonly slots: readonly (ArgInfo | undefined)[];

  constructor(
    readonly ck: Checker,
    readonly call: Call,
    readonly name: string,
    private readonly params: readonly ParamSpec[],
    private readonly bound: BoundArgs,
  ) {
    this.rest = bound.rest;
    this.slots = bound.slots;
  }

  arg(n: string): ArgInfo | undefined {
    for (let i = 0; i < this.params.length; i++) {
      if (this.params[i].name === n) return this.bound.slots[i];
    }
    return undefined;
  }
}

/** Checks argument expressions in order. */
export function checkArgs(
  ck: Checker,
  args: readonly Arg[],
  scope: Scope,
): ArgInfo[] {
  const out: ArgInfo[] = new Array(args.length);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    out[i] = {
      name: a.name,
      type: checkExpr(ck, a.value, scope),
      expr: a.value,
      span: a.span,
    };
  }
  return out;
}

/** `a.f(args)`: a member of `a` if it has one, else `f(a, args)`. */
function checkMemberCall(
  ck: Checker,
  e: Call,
  callee: Member,
  scope: Scope,
): Type {
  const target = checkExpr(ck, callee.target, scope);
  const args = checkArgs(ck, e.args, scope);
  const found = lookupMember(ck, target, callee.name);
  if (found === "unknown") {
    ck.record(callee, UNKNOWN);
    return UNKNOWN;
  }
  if (found !== "none") {
    ck.tables.memberCalls.set(e, "member");
    ck.record(callee, found.found);
    return callValue(ck, found.found, e, args);
  }
  const b = scope.lookup(callee.name);
  if (b === undefined) {
    if (!scope.declaredOutsideFunction(callee.name)) {
      ck.report("E0206", callee.nameSpan, [callee.name, fmt(target)]);
    }
    return UNKNOWN;
  }
  ck.tables.memberCalls.set(e, "function");
  ck.record(callee, b.type);
  const receiver: ArgInfo = {
    type: target,
    expr: callee.target,
    span: callee.target.span,
  };
  return callValue(ck, b.type, e, [receiver, ...args]);
}

/** Calls a value of type `t` with checked arguments. */
export function callValue(
  ck: Checker,
  t: Type,
  call: Call,
  args: readonly ArgInfo[],
): Type {
  switch (t.kind) {
    case "unknown":
    case "never":
      return UNKNOWN;
    case "fn":
      return callCallee(ck, t.callee, call, args);
    case "model": {
      ensureModelChecked(ck, t.model);
      const forward = t.model.methods.get("forward");
      if (forward !== undefined) return callUser(ck, forward, call, args);
      ck.report("E0306", call.callee.span, [fmt(t)]);
      return UNKNOWN;
    }
    default:
      ck.report("E0306", call.callee.span, [fmt(t)]);
      return UNKNOWN;
  }
}

function callCallee(
  ck: Checker,
  c: Callee,
  call: Call,
  args: readonly ArgInfo[],
): Type {
  switch (c.tag) {
    case "builtin":
      return callBuiltin(ck, c.name, call, args);
    case "user":
      return callUser(ck, c.fn, call, args);
    case "ctor":
      return callCtor(ck, c.model, call, args);
    case "sig":
      return callSig(ck, c, call, args);
  }
}

/** What calling a builtin needs: its parameters and type rule. */
interface BuiltinEntry {
  readonly params: readonly ParamSpec[];
  readonly list: ParamList;
  readonly rule: BuiltinRule | undefined;
}

/** BuiltinEntry by name, made on first call (one lookup per call instead of three). */
const BUILTIN_ENTRIES = new Map<string, BuiltinEntry>();

function builtinEntry(name: string): BuiltinEntry {
  let e = BUILTIN_ENTRIES.get(name);
  if (e === undefined) {
    const params = BUILTIN_PARAMS[name] ?? [];
    const rule = Object.hasOwn(BUILTIN_RULES, name)
      ? BUILTIN_RULES[name]
      : undefined;
    e = { params, list: specList(params), rule };
    BUILTIN_ENTRIES.set(name, e);
  }
  return e;
}

function callBuiltin(
  ck: Checker,
  name: string,
  call: Call,
  args: readonly ArgInfo[],
): Type {
  const { params, list, rule } = builtinEntry(name);
  const bound = bindArgs(ck, list, args, call.span);
  if (rule === undefined || !bound.ok) return UNKNOWN;
  return rule(new BoundCall(ck, call, name, params, bound));
}

/** Checks arguments against annotated parameter types; returns the dim bindings. */
function checkAnnotated(
  ck: Checker,
  expected: readonly (Type | null)[],
  bound: BoundArgs,
  symbolic: boolean,
): DimBindings | null {
  const binds: DimBindings | null = symbolic ? new Map() : null;
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i];
    const a = bound.slots[i];
    if (want === null || a === undefined) continue;
    if (!assignable(a.type, want, binds)) {
      const shown = binds === null ? want : substituteDims(want, binds, null);
      ck.report("E0301", a.span, [fmt(shown), fmt(a.type)]);
    }
  }
  return binds;
}

/** Calls a user function or method: binds, checks annotations, instantiates. */
export function callUser(
  ck: Checker,
  fn: FnValue,
  call: Call,
  args: readonly ArgInfo[],
): Type {
  resolveSignature(ck, fn);
  fn.paramList ??= declaredList(fn.params);
  const bound = bindArgs(ck, fn.paramList, args, call.span);
  const binds = checkAnnotated(
    ck,
    fn.paramTypes!,
    bound,
    fn.symbols.size > 0,
  );
  const n = fn.params.length;
  const types: Type[] = new Array(n);
  for (let i = 0; i < n; i++) {
    types[i] = fn.paramTypes![i] ?? bound.slots[i]?.type ??
      fn.defaultTypes![i] ?? UNKNOWN;
  }
  const result = instantiate(ck, fn, types);
  return binds === null ? result : substituteDims(result, binds, fn.symbols);
}

function callCtor(
  ck: Checker,
  model: ModelInfo,
  call: Call,
  args: readonly ArgInfo[],
): Type {
  ensureModelChecked(ck, model); // resolves the parameters' annotations
  const bound = bindArgs(
    ck,
    model.paramList ??= declaredList(model.decl.params),
    args,
    call.span,
  );
  checkAnnotated(ck, model.ctorParams, bound, false);
  return { kind: "model", model };
}

function callSig(
  ck: Checker,
  c: Extract<Callee, { tag: "sig" }>,
  call: Call,
  args: readonly ArgInfo[],
): Type {
  if (c.params === null) return UNKNOWN;
  const specs = makeList(c.params.map((_, i) => ({ name: `#${i}` })));
  const bound = bindArgs(ck, specs, args, call.span);
  const binds = checkAnnotated(ck, c.params, bound, true)!;
  const symbols = new Set<string>();
  for (const t of c.params) collectSymbols(t, symbols);
  collectSymbols(c.result, symbols);
  return substituteDims(c.result, binds, symbols);
}
