// The checker's static types (spec §2): scalars, tensors with possibly
// unknown dtype and shape, tuples, lists, functions, models, dtypes, ranges,
// and `unknown` (gradual typing). Also how types print and their memo keys.

import type { Block, ModelDecl, Param, TypeExpr } from "../ast.ts";
import type { DType } from "../core/dtype.ts";
import { type Dim, formatShape } from "../core/shape.ts";
import type { Span } from "../core/span.ts";
import type { ParamList } from "./args.ts";
import type { Scope } from "./scope.ts";
import type { SmallMap } from "./small_map.ts";

/** Types without structure. `never` is the type of a block that always jumps away. */
export interface SimpleType {
  readonly kind:
    | "int"
    | "float"
    | "bool"
    | "str"
    | "dtype"
    | "range"
    | "unknown"
    | "never";
}

/** `Tensor<D, [dims]>`: `dtype` null = unknown, `shape` null = unknown rank. */
export interface TensorType {
  readonly kind: "tensor";
  readonly dtype: DType | null;
  readonly shape: readonly Dim[] | null;
}

/** `(T1, T2, …)`; the unit type `()` has no elements. */
export interface TupleType {
  readonly kind: "tuple";
  readonly elements: readonly Type[];
  /** Nodes in the type tree (see MAX_TYPE_SIZE). */
  readonly size: number;
}

/** `List<T>`. */
export interface ListType {
  readonly kind: "list";
  readonly element: Type;
  /** Nodes in the type tree (see MAX_TYPE_SIZE). */
  readonly size: number;
  /** For `x.shape` of a tensor of known rank: the dims it holds. */
  readonly dims?: readonly Dim[];
}

/** A function value: what is called decides how calls are checked. */
export interface FnType {
  readonly kind: "fn";
  readonly callee: Callee;
}

/** An instance of a `model` declaration (nominal). */
export interface ModelType {
  readonly kind: "model";
  readonly model: ModelInfo;
}

/** Every static type. */
export type Type =
  | SimpleType
  | TensorType
  | TupleType
  | ListType
  | FnType
  | ModelType;

/** What a function-typed value calls. */
export type Callee =
  /** A signature from an annotation `fn(T…) -> R`; params null = any. */
  | {
    readonly tag: "sig";
    readonly params: readonly Type[] | null;
    readonly result: Type;
  }
  | { readonly tag: "builtin"; readonly name: string }
  | { readonly tag: "user"; readonly fn: FnValue }
  | { readonly tag: "ctor"; readonly model: ModelInfo };

/** One checked instantiation of a user function for one tuple of argument types. */
export interface Instance {
  state: "checking" | "done";
  result: Type;
}

/** A user function or lambda closed over the scope it was declared in. */
export interface FnValue {
  readonly id: number;
  /** Name as written, `<lambda>` for anonymous functions. */
  readonly name: string;
  readonly params: readonly Param[];
  readonly result?: TypeExpr;
  readonly body: Block;
  readonly span: Span;
  readonly env: Scope;
  /** Annotated parameter types (null where unannotated), resolved once. */
  paramTypes: readonly (Type | null)[] | null;
  /** Types of parameter defaults (null where there is none), checked once. */
  defaultTypes: readonly (Type | null)[] | null;
  /** Annotated result type (null when unannotated), resolved once. */
  resultType: Type | null | undefined;
  /** The parameters as argument binding sees them, made on first call. */
  paramList?: ParamList;
  /** Symbolic dims of the signature (`B` in `Tensor<f32, [B, 10]>`). */
  symbols: ReadonlySet<string>;
  /** Number of instantiations (see functions.ts for where they live). */
  instanceCount: number;
  /**
   * The first instantiation's argument types, key (built on demand) and
   * state (most functions have one).
   */
  firstArgs: readonly Type[] | null;
  firstKey: string | null;
  first: Instance | null;
  /** Further instantiations by argument-type key. */
  more: Map<string, Instance> | null;
}

/** A model field: `let`/`var` in the model body. */
export interface FieldInfo {
  type: Type;
  readonly mutable: boolean;
  /** May be assigned from outside: `var` fields and parameters (`param(…)`). */
  readonly assignable: boolean;
  readonly span: Span;
}

/** A `model` declaration: its fields (filled in order) and methods. */
export interface ModelInfo {
  readonly id: number;
  readonly name: string;
  readonly decl: ModelDecl;
  readonly fields: SmallMap<FieldInfo>;
  readonly methods: SmallMap<FnValue>;
  /** Constructor parameter types (null where unannotated). */
  ctorParams: readonly (Type | null)[];
  /** Whether the body has been checked (fields filled). */
  checked: boolean;
  /** The constructor's parameters as argument binding sees them. */
  paramList?: ParamList;
  /** The scope the model was declared in. */
  readonly env: Scope;
}

function simple(kind: SimpleType["kind"]): SimpleType {
  return Object.freeze({ kind });
}

/** `int`. */
export const INT: Type = simple("int");
/** `float`. */
export const FLOAT: Type = simple("float");
/** `bool`. */
export const BOOL: Type = simple("bool");
/** `str`. */
export const STR: Type = simple("str");
/** The type of dtype values (`f32`…). */
export const DTYPE: Type = simple("dtype");
/** The type of `a..b` and `range(a, b)`. */
export const RANGE: Type = simple("range");
/** Unknown: compatible with everything. */
export const UNKNOWN: Type = simple("unknown");
/** The type of code that never completes (`return`, `break`). */
export const NEVER: Type = simple("never");
/** The unit type `()`. */
export const UNIT: Type = Object.freeze({
  kind: "tuple",
  elements: [],
  size: 1,
});
/** `Tensor` of any dtype and shape. */
export const ANY_TENSOR: TensorType = tensorOf(null, null);
/** `List<int>` (e.g. `x.shape`). */
export const LIST_INT: Type = listOf(INT);

/**
 * Types built from values (tuples of tuples, lists of lists) larger than
 * this become Unknown, so that recursion like `fn f(x) { f((x, x)) }` cannot
 * blow types (and instantiation keys) up exponentially.
 */
export const MAX_TYPE_SIZE = 64;

/** Nodes in a type's tree: tuples and lists count their parts. */
export function typeSize(t: Type): number {
  return t.kind === "tuple" || t.kind === "list" ? t.size : 1;
}

/** `t`, or Unknown when it is larger than MAX_TYPE_SIZE. */
export function bounded(t: Type): Type {
  return typeSize(t) > MAX_TYPE_SIZE ? UNKNOWN : t;
}

/** A tensor type. */
export function tensorOf(
  dtype: DType | null,
  shape: readonly Dim[] | null,
): TensorType {
  return { kind: "tensor", dtype, shape };
}

/** A list type. */
export function listOf(element: Type): ListType {
  return { kind: "list", element, size: 1 + typeSize(element) };
}

/** A tuple type. */
export function tupleOf(elements: readonly Type[]): TupleType {
  let size = 1;
  for (const e of elements) size += typeSize(e);
  return { kind: "tuple", elements, size };
}

/** A function type for a callee. */
export function fnOf(callee: Callee): FnType {
  return { kind: "fn", callee };
}

/** True for unknown (and never): types that suppress errors. */
export function isUnknown(t: Type): boolean {
  return t.kind === "unknown" || t.kind === "never";
}

/** True for int and float. */
export function isNumeric(t: Type): boolean {
  return t.kind === "int" || t.kind === "float";
}

/** The scalar type of one element of a tensor of dtype `d` (unknown for null). */
export function scalarOfDType(d: DType | null): Type {
  if (d === null) return UNKNOWN;
  if (d === "f32" || d === "f64") return FLOAT;
  if (d === "bool") return BOOL;
  return INT;
}

/** How a type is written in messages: `int`, `Tensor<f32, [2, 3]>`, `List<str>`. */
export function formatType(t: Type): string {
  switch (t.kind) {
    case "unknown":
    case "never":
      return "_";
    case "tensor":
      if (t.shape === null) {
        return t.dtype === null ? "Tensor" : `Tensor<${t.dtype}>`;
      }
      return `Tensor<${t.dtype ?? "_"}, ${formatShape(t.shape)}>`;
    case "tuple":
      return t.elements.length === 1
        ? `(${formatType(t.elements[0])},)`
        : `(${t.elements.map(formatType).join(", ")})`;
    case "list":
      return `List<${formatType(t.element)}>`;
    case "fn":
      return formatCallee(t.callee);
    case "model":
      return t.model.name;
    default:
      return t.kind;
  }
}

/** A type quoted for a message: `` `int` ``. */
export function fmt(t: Type): string {
  return "`" + formatType(t) + "`";
}

function formatCallee(c: Callee): string {
  switch (c.tag) {
    case "sig":
      return c.params === null
        ? "fn"
        : `fn(${c.params.map(formatType).join(", ")}) -> ${
          formatType(c.result)
        }`;
    case "builtin":
      return `builtin ${c.name}`;
    case "user":
      return c.fn.name === "<lambda>" ? "fn" : `fn ${c.fn.name}`;
    case "ctor":
      return `model ${c.model.name}`;
  }
}

/** A compact key identifying a type, for memoising instantiations. */
export function typeKey(t: Type): string {
  switch (t.kind) {
    case "tensor":
      return `T${t.dtype ?? "?"}${
        t.shape === null ? "*" : "[" + t.shape.join(",") + "]"
      }`;
    case "tuple":
      return `(${t.elements.map(typeKey).join(";")})`;
    case "list":
      return `L${typeKey(t.element)}`;
    case "fn": {
      const c = t.callee;
      if (c.tag === "user") return `F${c.fn.id}`;
      if (c.tag === "builtin") return `B${c.name}`;
      if (c.tag === "ctor") return `C${c.model.id}`;
      return `S${formatCallee(c)}`;
    }
    case "model":
      return `M${t.model.id}`;
    case "never":
      return "unknown";
    default:
      return t.kind;
  }
}
