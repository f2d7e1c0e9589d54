// Type annotations → types: `int`, `Tensor<f32, [B, 10]>`, `List<T>`,
// tuples, `fn(T) -> R`, model names (resolved in the scope where written).
// Unknown names are E0309, unknown dtypes E0319; both give Unknown.

import type { TypeArg, TypeExpr } from "../ast.ts";
import { isDType } from "../core/dtype.ts";
import type { Dim } from "../core/shape.ts";
import type { Checker } from "./context.ts";
import type { Scope } from "./scope.ts";
import {
  BOOL,
  DTYPE,
  FLOAT,
  fnOf,
  INT,
  listOf,
  STR,
  tensorOf,
  tupleOf,
  type Type,
  UNKNOWN,
} from "./types.ts";

/** A Map, not an object: names come from the source and are not property keys. */
const SCALAR_TYPES: ReadonlyMap<string, Type> = new Map([
  ["int", INT],
  ["float", FLOAT],
  ["bool", BOOL],
  ["str", STR],
  ["dtype", DTYPE],
]);

/** Resolves an annotation to a type, reporting unknown names. */
export function resolveType(
  ck: Checker,
  te: TypeExpr,
  scope: Scope,
): Type {
  switch (te.kind) {
    case "TupleType":
      return tupleOf(te.elements.map((e) => resolveType(ck, e, scope)));
    case "FnType":
      return fnOf({
        tag: "sig",
        params: te.params.map((p) => resolveType(ck, p, scope)),
        result: resolveType(ck, te.result, scope),
      });
    case "NamedType":
      return resolveNamed(ck, te, scope);
  }
}

function resolveNamed(
  ck: Checker,
  te: Extract<TypeExpr, { kind: "NamedType" }>,
  scope: Scope,
): Type {
  const scalar = SCALAR_TYPES.get(te.name);
  if (scalar !== undefined) return scalar;
  if (te.name === "Tensor") return resolveTensor(ck, te.args, scope);
  if (te.name === "List") {
    const arg = te.args[0];
    if (arg === undefined || arg.kind === "ShapeType") return listOf(UNKNOWN);
    return listOf(resolveType(ck, arg, scope));
  }
  // A dtype name as a type (`x: f32`) has no settled meaning: accept anything.
  if (isDType(te.name)) return UNKNOWN;
  const b = scope.lookup(te.name);
  if (b !== undefined && b.kind === "model" && b.type.kind === "fn") {
    const c = b.type.callee;
    if (c.tag === "ctor") return { kind: "model", model: c.model };
  }
  ck.report("E0309", te.span, [te.name]);
  return UNKNOWN;
}

function resolveTensor(
  ck: Checker,
  args: readonly TypeArg[],
  scope: Scope,
): Type {
  let dtype: ReturnType<typeof tensorOf>["dtype"] = null;
  let shape: Dim[] | null = null;
  for (const a of args) {
    if (a.kind === "ShapeType") {
      shape = a.dims.map((d) =>
        d.kind === "DimInt" ? d.value : d.kind === "DimName" ? d.name : null
      );
    } else if (a.kind === "NamedType" && isDType(a.name)) {
      dtype = a.name;
    } else if (a.kind === "NamedType" && a.args.length === 0) {
      ck.report("E0319", a.span, [a.name]);
    } else {
      resolveType(ck, a, scope);
      ck.report("E0319", a.span, [describeTypeArg(a)]);
    }
  }
  return tensorOf(dtype, shape);
}

function describeTypeArg(a: TypeExpr): string {
  return a.span.file.text.slice(a.span.start, a.span.end);
}
