// Models (spec §6): a nominal type per `model` declaration. Its body is
// checked once: constructor parameters, then `let`/`var` fields in order,
// then methods, which see the fields and parameters by name.

import type { Expr, ModelDecl, Stmt } from "../ast.ts";
import { resolveType } from "./annotations.ts";
import type { Checker } from "./context.ts";
import { checkExpr } from "./expr.ts";
import { newFnValue } from "./functions.ts";
import { assignable, refineAnnotated } from "./relations.ts";
import { addPatternNames, Scope } from "./scope.ts";
import { SmallMap } from "./small_map.ts";
import {
  type FieldInfo,
  fmt,
  fnOf,
  type FnValue,
  type ModelInfo,
  type Type,
  UNKNOWN,
} from "./types.ts";

type Let = Extract<Stmt, { kind: "Let" }>;

const NO_PARAMS: readonly (Type | null)[] = Object.freeze([]);

function patternNames(p: Let["pattern"]): string[] {
  const names = new Set<string>();
  addPatternNames(p, names);
  return [...names];
}

/** Binds a model's name (hoisting); its body is checked on first need. */
export function declareModel(
  ck: Checker,
  decl: ModelDecl,
  scope: Scope,
): ModelInfo {
  const model: ModelInfo = {
    id: ck.freshId(),
    name: decl.name,
    decl,
    fields: new SmallMap(),
    methods: new SmallMap(),
    ctorParams: NO_PARAMS, // set when the body is checked
    checked: false,
    paramList: undefined,
    env: scope,
  };
  scope.define(decl.name, {
    type: fnOf({ tag: "ctor", model }),
    kind: "model",
    annotated: true,
    span: decl.nameSpan,
  });
  return model;
}

/** Checks a model declaration where it stands. */
export function checkModelDecl(
  ck: Checker,
  decl: ModelDecl,
  scope: Scope,
): void {
  const b = scope.get(decl.name);
  if (b?.type.kind === "fn" && b.type.callee.tag === "ctor") {
    const m = b.type.callee.model;
    if (m.decl === decl) {
      ensureModelChecked(ck, m);
      return;
    }
  }
  ensureModelChecked(ck, declareModel(ck, decl, new Scope(scope)));
}

/** A field may be assigned from outside when it is a `var` or a `param(…)`. */
function isParamInit(e: Expr): boolean {
  return e.kind === "Call" && e.callee.kind === "Name" &&
    e.callee.name === "param";
}

function queue(this: FnValue[], fn: FnValue): void {
  this.push(fn);
}

/** Checks the model's body once: parameters, fields in order, methods. */
export function ensureModelChecked(ck: Checker, m: ModelInfo): void {
  if (m.checked) return;
  m.checked = true;
  const env = m.env;
  const decl = m.decl;
  const scope = new Scope(env, true, decl.body);
  const ctorParams: (Type | null)[] = new Array(decl.params.length);
  for (let i = 0; i < decl.params.length; i++) {
    const p = decl.params[i];
    if (scope.has(p.name)) ck.report("E0203", p.span, [p.name]);
    const t = p.type === undefined ? null : resolveType(ck, p.type, env);
    scope.define(p.name, {
      type: t ?? UNKNOWN,
      kind: "param",
      annotated: t !== null,
      span: p.span,
    });
    ctorParams[i] = t;
  }
  m.ctorParams = ctorParams;
  const body = decl.body;
  for (let i = 0; i < body.length; i++) {
    const s = body[i];
    if (s.kind !== "FnDecl") continue;
    if (m.methods.has(s.name)) ck.report("E0203", s.nameSpan, [s.name]);
    const fn = newFnValue(ck, s.name, s, scope);
    m.methods.set(s.name, fn);
    scope.define(s.name, {
      type: fnOf({ tag: "user", fn }),
      kind: "fn",
      annotated: true,
      span: s.nameSpan,
    });
  }
  const saved = ck.frame;
  ck.frame = { fn: null, resultType: null, returns: null, loopDepth: 0 };
  for (let i = 0; i < body.length; i++) {
    const s = body[i];
    if (s.kind === "Let") checkField(ck, m, s, scope);
  }
  ck.frame = saved;
  // Methods no call instantiates get their generic check at the end of the
  // block being checked (see flushPending).
  m.methods.forEach(queue, ck.pending);
}

function checkField(
  ck: Checker,
  m: ModelInfo,
  s: Let,
  scope: Scope,
): void {
  const annotated = s.type === undefined
    ? null
    : resolveType(ck, s.type, scope);
  const vt = checkExpr(ck, s.value, scope);
  let t: Type = vt;
  if (annotated !== null) {
    if (!assignable(vt, annotated)) {
      ck.report("E0301", s.value.span, [fmt(annotated), fmt(vt)]);
      t = annotated;
    } else t = refineAnnotated(annotated, vt);
  }
  const single = s.pattern.kind === "NamePattern";
  const names = single ? [s.pattern.name] : patternNames(s.pattern);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (m.fields.has(name) || m.methods.has(name)) {
      ck.report("E0203", s.pattern.span, [name]);
    }
    const field: FieldInfo = {
      type: single ? t : UNKNOWN,
      mutable: s.mutable,
      assignable: s.mutable || isParamInit(s.value),
      span: s.pattern.span,
    };
    m.fields.set(name, field);
    scope.define(name, {
      type: field.type,
      kind: s.mutable ? "var" : "let",
      annotated: annotated !== null || !s.mutable,
      span: s.pattern.span,
      field,
    });
  }
}
