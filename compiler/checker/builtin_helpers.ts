// Helpers shared by the builtin type rules: the call a rule sees, reading
// literal shapes/axes/dtypes from argument expressions, argument-kind checks
// (E0311) and element-wise typing over the op table.

import type { Expr } from "../ast.ts";
import { type DType, isDType } from "../core/dtype.ts";
import { opDTypes, type OpName, OPS } from "../core/ops.ts";
import { broadcastShapes, type Dim } from "../core/shape.ts";
import type { ArgInfo } from "./args.ts";
import type { Checker } from "./context.ts";
import { intLiteral } from "./indexing.ts";
import {
  BOOL,
  FLOAT,
  fmt,
  INT,
  isNumeric,
  isUnknown,
  tensorOf,
  type TensorType,
  type Type,
  UNKNOWN,
} from "./types.ts";

/** What a builtin type rule sees of one call. */
export interface BuiltinCall {
  readonly ck: Checker;
  readonly call: Extract<Expr, { kind: "Call" }>;
  readonly name: string;
  /** The argument bound to parameter `name`, if given. */
  arg(name: string): ArgInfo | undefined;
  /** Arguments of a variadic parameter. */
  readonly rest: readonly ArgInfo[];
  /** Arguments by parameter index (undefined where left out). */
  readonly slots: readonly (ArgInfo | undefined)[];
}

/** A builtin's type rule: the result type from the argument types. */
export type BuiltinRule = (c: BuiltinCall) => Type;

/** The tensor type of an argument, or null. */
export function tensorArg(a: ArgInfo | undefined): TensorType | null {
  return a !== undefined && a.type.kind === "tensor" ? a.type : null;
}

/** Reports E0311 (`name` expects …) unless the argument is unknown or passes. */
export function expectArg(
  c: BuiltinCall,
  a: ArgInfo | undefined,
  ok: (t: Type) => boolean,
  what: string,
): boolean {
  if (a === undefined || isUnknown(a.type) || ok(a.type)) return true;
  c.ck.report("E0311", c.call.span, [c.name, what, fmt(a.type)]);
  return false;
}

/** Argument predicates (module-level, so a rule call allocates no closure). */
export const IS_TENSOR = (t: Type): boolean => t.kind === "tensor";
/** An int argument. */
export const IS_INT = (t: Type): boolean => t.kind === "int";
/** A bool argument. */
export const IS_BOOL = (t: Type): boolean => t.kind === "bool";
/** A list argument. */
export const IS_LIST = (t: Type): boolean => t.kind === "list";
/** A number or a tensor. */
export const IS_NUMBER_OR_TENSOR = (t: Type): boolean =>
  isNumeric(t) || t.kind === "tensor";
const IS_DTYPE = (t: Type): boolean => t.kind === "dtype";
const IS_OPERAND = (t: Type): boolean => operandDType(t) !== undefined;

/** True for types usable as a shape: lists, tensors, tuples, ints. */
export function isShapeLike(t: Type): boolean {
  return t.kind === "list" || t.kind === "tensor" || t.kind === "tuple" ||
    t.kind === "int";
}

/** The dims a shape argument denotes, when its rank can be seen. */
export function shapeOf(a: ArgInfo | undefined): Dim[] | null {
  if (a === undefined) return null;
  const e = a.expr;
  const t = a.type;
  const ints = (t.kind === "tensor" && t.dtype !== "f32") ||
    (t.kind === "tuple" && t.elements.every((x) => x.kind === "int"));
  if ((e.kind === "Bracket" || e.kind === "Tuple") && ints) {
    return e.elements.map((el) => {
      const v = intLiteral(el);
      return v !== undefined && v >= 0 ? v : null;
    });
  }
  if (a.type.kind === "int") {
    const v = intLiteral(e);
    return [v !== undefined && v >= 0 ? v : null];
  }
  if (t.kind === "list" && t.dims !== undefined) return [...t.dims];
  return null;
}

/** The literal ints of a `[…]` or `(…)` argument (e.g. `reshape`'s), or null. */
export function literalInts(a: ArgInfo | undefined): number[] | null {
  if (a === undefined) return null;
  const e = a.expr;
  if (e.kind !== "Bracket" && e.kind !== "Tuple") {
    const v = intLiteral(e);
    return v === undefined ? null : [v];
  }
  const out: number[] = [];
  for (const el of e.elements) {
    const v = intLiteral(el);
    if (v === undefined) return null;
    out.push(v);
  }
  return out;
}

/** A `dtype:` argument: undefined when absent, null when not a literal dtype name. */
export function dtypeArg(
  c: BuiltinCall,
  name = "dtype",
): DType | null | undefined {
  const a = c.arg(name);
  if (a === undefined) return undefined;
  expectArg(c, a, IS_DTYPE, "a dtype");
  if (a.expr.kind === "Name" && isDType(a.expr.name)) return a.expr.name;
  return null;
}

/** An optional literal bool argument (`keepdims:`): default when absent, null if unknown. */
export function boolArg(
  a: ArgInfo | undefined,
  dflt: boolean,
): boolean | null {
  if (a === undefined) return dflt;
  return a.expr.kind === "BoolLit" ? a.expr.value : null;
}

/** The dtype a scalar takes next to tensors (int → i32, float → f32). */
function operandDType(t: Type): DType | null | undefined {
  if (t.kind === "tensor") return t.dtype;
  if (t.kind === "int") return "i32";
  if (t.kind === "float") return "f32";
  if (t.kind === "bool") return "bool";
  return undefined;
}

/**
 * Element-wise op `op` (from the op table) applied to tensors and/or
 * scalars: broadcasting shapes (E0401) and the op's dtype rule; scalars
 * only give int/float/bool like the interpreter's scalar arithmetic.
 */
export function elementwiseType(
  c: BuiltinCall,
  op: OpName,
  args: readonly ArgInfo[],
): Type {
  const what = "numbers or tensors";
  for (const a of args) {
    if (!expectArg(c, a, IS_OPERAND, what)) {
      return UNKNOWN;
    }
  }
  if (args.some((a) => isUnknown(a.type))) return UNKNOWN;
  const def = OPS[op];
  if (!args.some((a) => a.type.kind === "tensor")) {
    return scalarResult(c, def.dtype, args);
  }
  let shape: Dim[] | null = [];
  for (const a of args) {
    const s = a.type.kind === "tensor" ? a.type.shape : [];
    if (shape === null || s === null) {
      shape = null;
      continue;
    }
    const r = broadcastShapes(shape, s);
    if (!r.ok) {
      c.ck.report("E0401", c.call.span, [c.name, r.message]);
      return UNKNOWN;
    }
    shape = r.shape;
  }
  const dts = (def.dtype === "keep" && args.length === 3 ? args.slice(1) : args)
    .map((a) => operandDType(a.type));
  const dtype = dts.includes(null) ? null : opDTypes(op, dts as DType[]).result;
  return tensorOf(dtype, shape);
}

function scalarResult(
  c: BuiltinCall,
  rule: string,
  args: readonly ArgInfo[],
): Type {
  const values = rule === "keep" ? args.slice(1) : args;
  if (rule === "keep" && values.every((a) => a.type.kind === "bool")) {
    return BOOL;
  }
  for (const a of values) {
    if (!expectArg(c, a, isNumeric, "numbers or tensors")) return UNKNOWN;
  }
  if (rule === "float") return FLOAT;
  if (rule === "compare" || rule === "logical") return BOOL;
  if (values.some((a) => a.type.kind === "float")) return FLOAT;
  if (c.name === "pow") return UNKNOWN; // negative exponents give floats
  return INT;
}
