// Assignments (spec §4, §6): `x = e` and `x += e` on `var`s (E0202 on a
// `let`), `x[i] = e` (fine on a `let`: it fixes the name, not the object),
// `m.field = e` on `var` fields and parameters. Unannotated `var`s widen to
// the join of the types they are given instead of rejecting a new type.

import type { Expr, Stmt } from "../ast.ts";
import type { Span } from "../core/span.ts";
import type { Checker } from "./context.ts";
import { checkExpr, checkName } from "./expr.ts";
import { checkIndexParts } from "./indexing.ts";
import { ensureModelChecked } from "./models.ts";
import { binaryType } from "./operators.ts";
import { assignable, joinTypes } from "./relations.ts";
import type { Binding, Scope } from "./scope.ts";
import {
  type FieldInfo,
  fmt,
  isNumeric,
  isUnknown,
  type Type,
  UNKNOWN,
} from "./types.ts";

type Assign = Extract<Stmt, { kind: "Assign" }>;

const NOT_ASSIGNABLE: Readonly<Record<string, string>> = {
  fn: "function",
  model: "model",
  builtin: "builtin",
  const: "dtype",
};

/** Checks an assignment statement. */
export function checkAssign(ck: Checker, s: Assign, scope: Scope): void {
  const t = s.target;
  if (t.kind === "Name") {
    const vt = checkExpr(ck, s.value, scope);
    assignName(ck, s, t.name, t.span, vt, scope);
  } else if (t.kind === "Index") {
    const parts = checkIndexParts(ck, t, scope);
    ck.record(t, parts.result);
    const vt = checkExpr(ck, s.value, scope);
    assignElement(ck, s, t, parts, vt);
  } else if (t.kind === "Member") {
    const target = checkExpr(ck, t.target, scope);
    const vt = checkExpr(ck, s.value, scope);
    assignMember(ck, s, t, target, vt);
  } else {
    checkExpr(ck, t, scope);
    checkExpr(ck, s.value, scope);
  }
}

/** The type after `op`: the value for `=`, else `old op value`. */
function combined(
  ck: Checker,
  s: Assign,
  old: Type,
  vt: Type,
): Type {
  if (s.op === "=") return vt;
  const op = s.op.slice(0, 1) as "+" | "-" | "*" | "/";
  return binaryType(ck, op, old, vt, s.span);
}

/** Stores `nt` into a slot of type `old`: checked if annotated, else widened. */
function store(
  ck: Checker,
  old: Type,
  nt: Type,
  annotated: boolean,
  span: Span,
): Type {
  if (annotated) {
    if (!assignable(nt, old)) {
      ck.report("E0301", span, [fmt(old), fmt(nt)]);
    }
    return old;
  }
  const j = joinTypes(old, nt);
  if (j !== null) return j;
  return isNumeric(old) && isNumeric(nt) ? nt : UNKNOWN;
}

function assignName(
  ck: Checker,
  s: Assign,
  name: string,
  span: Span,
  vt: Type,
  scope: Scope,
): void {
  const b: Binding | undefined = scope.lookup(name);
  if (b === undefined) {
    checkName(ck, name, span, scope);
    return;
  }
  ck.record(s.target, b.field?.type ?? b.type);
  if (b.kind === "let" && (b.field === undefined || !b.field.assignable)) {
    if (b.field !== undefined) ck.report("E0208", s.span, [name]);
    else ck.report("E0202", s.span, [name]);
    return;
  }
  const what = NOT_ASSIGNABLE[b.kind];
  if (what !== undefined) {
    ck.report("E0207", span, [`${what} \`${name}\``]);
    return;
  }
  const old = b.field?.type ?? b.type;
  const nt = combined(ck, s, old, vt);
  b.type = store(ck, old, nt, b.annotated, s.value.span);
  if (b.field !== undefined) b.field.type = b.type;
}

function assignElement(
  ck: Checker,
  s: Assign,
  t: Extract<Expr, { kind: "Index" }>,
  parts: { readonly target: Type; readonly result: Type },
  vt: Type,
): void {
  const base = parts.target, et = parts.result;
  const nt = combined(ck, s, et, vt);
  if (base.kind === "str") {
    ck.report("E0207", t.span, ["an element of a str"]);
  } else if (base.kind === "tensor") {
    const ok = isUnknown(nt) || isNumeric(nt) || nt.kind === "bool" ||
      nt.kind === "tensor";
    if (!ok) ck.report("E0301", s.value.span, [fmt(et), fmt(nt)]);
  } else if (base.kind === "list" && joinTypes(et, nt) === null) {
    ck.report("E0301", s.value.span, [fmt(et), fmt(nt)]);
  }
}

function assignMember(
  ck: Checker,
  s: Assign,
  t: Extract<Expr, { kind: "Member" }>,
  target: Type,
  vt: Type,
): void {
  if (isUnknown(target)) return;
  if (target.kind === "tensor" || target.kind === "tuple") {
    ck.report("E0207", t.span, [`\`${t.name}\` of ${fmt(target)}`]);
    return;
  }
  if (target.kind !== "model") {
    ck.report("E0206", t.nameSpan, [t.name, fmt(target)]);
    return;
  }
  ensureModelChecked(ck, target.model);
  const f: FieldInfo | undefined = target.model.fields.get(t.name);
  if (f === undefined) {
    if (target.model.methods.has(t.name)) {
      ck.report("E0207", t.span, [`method \`${t.name}\``]);
    } else ck.report("E0206", t.nameSpan, [t.name, fmt(target)]);
    return;
  }
  ck.record(t, f.type);
  if (!f.assignable) {
    ck.report("E0208", s.span, [t.name]);
    return;
  }
  const nt = combined(ck, s, f.type, vt);
  f.type = store(ck, f.type, nt, !f.mutable, s.value.span);
}
