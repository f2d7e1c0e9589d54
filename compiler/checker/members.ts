// Member access `a.b` (spec §3, §6): tensor members (`shape`, `dtype`, `T`,
// `ndim`), tuple fields (`t.0`), model fields and methods. Member calls that
// fall back to functions (`x.sum(axis: 1)`) are resolved in calls.ts.

import type { Expr } from "../ast.ts";
import type { Checker } from "./context.ts";
import { checkExpr } from "./expr.ts";
import { ensureModelChecked } from "./models.ts";
import type { Scope } from "./scope.ts";
import {
  DTYPE,
  fmt,
  fnOf,
  INT,
  LIST_INT,
  type ListType,
  tensorOf,
  type TensorType,
  type Type,
  UNKNOWN,
} from "./types.ts";

type Member = Extract<Expr, { kind: "Member" }>;

/** The result of looking a member up: its type, none, or unknowable. */
export type MemberLookup =
  | { readonly found: Type }
  | "none"
  | "unknown";

function transposed(t: TensorType): Type {
  const shape = t.shape;
  if (shape === null || shape.length < 2) return t;
  const n = shape.length;
  const s = shape.slice();
  s[n - 2] = shape[n - 1];
  s[n - 1] = shape[n - 2];
  return tensorOf(t.dtype, s);
}

/** Tensor members (spec §3): the member's type, or undefined if there is none. */
function tensorMember(t: TensorType, name: string): Type | undefined {
  switch (name) {
    case "shape":
      if (t.shape === null) return LIST_INT;
      return { ...(LIST_INT as ListType), dims: t.shape };
    case "dtype":
      return DTYPE;
    case "T":
      return transposed(t);
    case "ndim":
      return INT;
    default:
      return undefined;
  }
}

/** Looks up member `name` of a value of type `t`. */
export function lookupMember(
  ck: Checker,
  t: Type,
  name: string,
): MemberLookup {
  switch (t.kind) {
    case "unknown":
    case "never":
      return "unknown";
    case "tensor": {
      const found = tensorMember(t, name);
      return found === undefined ? "none" : { found };
    }
    case "tuple": {
      if (!/^[0-9]+$/.test(name)) return "none";
      const i = Number(name);
      return i < t.elements.length ? { found: t.elements[i] } : "none";
    }
    case "model": {
      ensureModelChecked(ck, t.model);
      const f = t.model.fields.get(name);
      if (f !== undefined) return { found: f.type };
      const m = t.model.methods.get(name);
      if (m !== undefined) return { found: fnOf({ tag: "user", fn: m }) };
      return "none";
    }
    default:
      return "none";
  }
}

/** Checks `a.b` read as a value (E0206 / E0316 when there is no such member). */
export function checkMember(ck: Checker, e: Member, scope: Scope): Type {
  const t = checkExpr(ck, e.target, scope);
  const r = lookupMember(ck, t, e.name);
  if (r === "unknown") return UNKNOWN;
  if (r !== "none") return r.found;
  if (t.kind === "tuple" && /^[0-9]+$/.test(e.name)) {
    ck.report("E0316", e.nameSpan, [e.name, t.elements.length]);
  } else {
    ck.report("E0206", e.nameSpan, [e.name, fmt(t)]);
  }
  return UNKNOWN;
}
