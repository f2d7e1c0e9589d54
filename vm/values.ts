// Runtime values of the reference interpreter (docs/architecture.md): ints
// are JS numbers, floats are boxed so `2` and `2.0` stay distinct, tensors
// come from kernels/, everything else is a small class here.

import type { Block, ModelDecl, Param } from "../compiler/ast.ts";
import type { BuiltinParam } from "../compiler/core/builtins.ts";
import type { DType } from "../compiler/core/dtype.ts";
import type { Span } from "../compiler/core/span.ts";
import { Tensor } from "../kernels/mod.ts";

/** A float value (binary64). Boxed so that it is never confused with an int. */
export class DlFloat {
  /** Wraps a JS number as a dl float. */
  constructor(readonly value: number) {}
}

/** A tuple; the unit value `()` is the empty tuple. */
export class DlTuple {
  /** Builds a tuple of the given items. */
  constructor(readonly items: readonly Value[]) {}
}

/** The unit value `()`. */
export const UNIT: DlTuple = new DlTuple([]);

/** A growable, mutable list. */
export class DlList {
  /** Builds a list over `items` (the array is owned by the list). */
  constructor(public items: Value[]) {}
}

/** An int range `start..end` (end excluded; `a..=b` is stored as `a..b+1`). */
export class DlRange {
  /** Builds the range [start, end). */
  constructor(readonly start: number, readonly end: number) {}

  /** Number of ints in the range. */
  get length(): number {
    return Math.max(0, this.end - this.start);
  }
}

/** A mutable variable slot; closures capture the slot, so they see later writes. */
export interface Cell {
  value: Value;
}

/** A model field: a cell with its flags. */
export interface DlField extends Cell {
  /** Declared with `var` (assignable from outside). */
  readonly mutable: boolean;
  /** A trainable parameter (`param(t)`); assignable with a same-shaped tensor. */
  readonly param: boolean;
}

/** A lexical environment: a chain of name → cell maps. */
export class Env {
  /** Bindings of this scope; null until the first definition. */
  vars: Map<string, Cell> | null;

  /** A scope whose lookups fall back to `parent`. */
  constructor(readonly parent: Env | null, vars?: Map<string, Cell>) {
    this.vars = vars ?? null;
  }

  /** The cell bound to `name` here or in an enclosing scope. */
  lookup(name: string): Cell | undefined {
    // deno-lint-ignore no-this-alias
    let e: Env | null = this;
    while (e !== null) {
      const c = e.vars?.get(name);
      if (c !== undefined) return c;
      e = e.parent;
    }
    return undefined;
  }

  /** Binds `name` in this scope (shadowing any outer binding). */
  define(name: string, value: Value): Cell {
    const cell: Cell = { value };
    (this.vars ??= new Map()).set(name, cell);
    return cell;
  }

  /** Binds `name` to an existing cell (imports share their module's cells). */
  defineCell(name: string, cell: Cell): void {
    (this.vars ??= new Map()).set(name, cell);
  }
}

/** A user function or lambda with its captured environment. */
export class DlClosure {
  /** `name` is used in stack traces and printing (`<lambda>` when anonymous). */
  constructor(
    readonly name: string,
    readonly params: readonly Param[],
    readonly body: Block,
    readonly env: Env,
  ) {}
}

/** What a builtin implementation receives besides its arguments. */
export interface BuiltinContext {
  /** Span of the call expression (for errors raised by the builtin). */
  readonly span: Span;
  /** Calls a dl function value (closure, builtin, model) with positional args. */
  call(fn: Value, args: readonly Value[]): Value;
  /** Writes text to the program's stdout sink. */
  write(text: string): void;
  /** The command-line arguments after the program's path. */
  readonly argv: readonly string[];
}

/** A builtin's implementation: arguments bound by parameter index (undefined = omitted). */
export type BuiltinImpl = (
  args: readonly (Value | undefined)[],
  ctx: BuiltinContext,
) => Value;

/** A builtin function value. */
export class DlBuiltin {
  /** `params` come from compiler/core/builtins.ts (or a native model's method list). */
  constructor(
    readonly name: string,
    readonly params: readonly BuiltinParam[],
    readonly impl: BuiltinImpl,
  ) {}
}

/** A model declaration bound as a constructor (`MLP(784, 10)`). */
export class DlModelCtor {
  /** The declaration and the environment it was declared in. */
  constructor(readonly decl: ModelDecl, readonly env: Env) {}

  /** The model's name. */
  get name(): string {
    return this.decl.name;
  }
}

/** An instance of a model: ordered fields and methods bound to it. */
export class DlModel {
  /** Fields in declaration order (the order `params(net)` walks). */
  readonly fields: Map<string, DlField> = new Map();
  /** Methods, already bound to this instance (`forward` is the call). */
  readonly methods: Map<string, Value> = new Map();

  /** An empty instance of model `name`; the constructor fills it. */
  constructor(readonly name: string) {}
}

/** A dtype value (`f32`); interned, so identity is equality. */
export class DlDType {
  private static readonly table = new Map<DType, DlDType>();

  private constructor(readonly name: DType) {}

  /** The one DlDType for `name`. */
  static of(name: DType): DlDType {
    let d = DlDType.table.get(name);
    if (d === undefined) {
      d = new DlDType(name);
      DlDType.table.set(name, d);
    }
    return d;
  }
}

/** A lazily walked iterable (e.g. `batches(…)`), usable by `for`. */
export class DlIterable {
  /** `label` names it in printing; `iterate` starts a fresh walk. */
  constructor(
    readonly label: string,
    readonly iterate: () => Iterator<Value>,
  ) {}
}

/** Any dl runtime value. */
export type Value =
  | number
  | boolean
  | string
  | DlFloat
  | DlTuple
  | DlList
  | DlRange
  | DlClosure
  | DlBuiltin
  | DlModelCtor
  | DlModel
  | DlDType
  | DlIterable
  | Tensor;

/** True for an int (a JS number). */
export function isInt(v: Value): v is number {
  return typeof v === "number";
}

/** True for a float. */
export function isFloat(v: Value): v is DlFloat {
  return v instanceof DlFloat;
}

/** True for an int or a float. */
export function isNumeric(v: Value): v is number | DlFloat {
  return typeof v === "number" || v instanceof DlFloat;
}

/** True for a bool. */
export function isBool(v: Value): v is boolean {
  return typeof v === "boolean";
}

/** True for a str. */
export function isStr(v: Value): v is string {
  return typeof v === "string";
}

/** True for a tensor. */
export function isTensor(v: Value): v is Tensor {
  return v instanceof Tensor;
}

/** True for a list. */
export function isList(v: Value): v is DlList {
  return v instanceof DlList;
}

/** True for a tuple (including unit). */
export function isTuple(v: Value): v is DlTuple {
  return v instanceof DlTuple;
}

/** True for a model instance. */
export function isModel(v: Value): v is DlModel {
  return v instanceof DlModel;
}

/** True for anything callable: closures, builtins, model constructors and instances. */
export function isCallable(
  v: Value,
): v is DlClosure | DlBuiltin | DlModelCtor | DlModel {
  return v instanceof DlClosure || v instanceof DlBuiltin ||
    v instanceof DlModelCtor || v instanceof DlModel;
}

/** The numeric value of an int or float. */
export function numberOf(v: number | DlFloat): number {
  return typeof v === "number" ? v : v.value;
}

/** A dl type name for a value, as used in error messages (`int`, `Tensor<f32, [2, 3]>`). */
export function typeName(v: Value): string {
  if (typeof v === "number") return "int";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "str";
  if (v instanceof DlFloat) return "float";
  if (v instanceof Tensor) {
    return `Tensor<${v.dtype}, [${v.shape.join(", ")}]>`;
  }
  if (v instanceof DlTuple) {
    return v.items.length === 0
      ? "()"
      : `(${v.items.map(typeName).join(", ")})`;
  }
  if (v instanceof DlList) return "List";
  if (v instanceof DlRange) return "range";
  if (v instanceof DlDType) return "dtype";
  if (v instanceof DlModel) return v.name;
  if (v instanceof DlIterable) return "iterable";
  return "function";
}
