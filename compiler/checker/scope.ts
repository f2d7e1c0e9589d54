// Block scopes for name resolution: a chain of maps from names to bindings
// (O(depth) lookups), function boundaries, and the names a block declares
// anywhere (so a function body may use a `let` that runs before it is called).

import type { Pattern, Stmt } from "../ast.ts";
import type { Span } from "../core/span.ts";
import type { FieldInfo, Type } from "./types.ts";

/** How a name was bound; decides whether it may be assigned. */
export type BindingKind =
  | "let"
  | "var"
  | "param"
  | "loop"
  | "fn"
  | "model"
  | "builtin"
  | "const";

/** One name in a scope. */
export interface Binding {
  /** Current static type (a `var` may widen when assigned). */
  type: Type;
  readonly kind: BindingKind;
  /** Annotated `var`s keep their type; unannotated ones widen. */
  readonly annotated: boolean;
  readonly span?: Span;
  /** Set on model fields (in the model's scope): the field itself. */
  readonly field?: FieldInfo;
}

const NO_VARS: ReadonlyMap<string, Binding> = new Map();

/** A block scope. */
export class Scope {
  /** Names bound here (a shared empty map until the first define). */
  vars: ReadonlyMap<string, Binding> = NO_VARS;
  /** Names bound by the statements of this block, computed on demand. */
  private declaredNames: Set<string> | null = null;

  /**
   * @param parent enclosing scope (null for the root)
   * @param boundary true for a function's parameter scope
   * @param stmts the block's statements (for names declared later)
   */
  constructor(
    readonly parent: Scope | null,
    readonly boundary: boolean = false,
    private readonly stmts: readonly Stmt[] = [],
  ) {}

  /** Binds `name` here (shadowing any outer binding). */
  define(name: string, binding: Binding): void {
    if (this.vars === NO_VARS) this.vars = new Map();
    (this.vars as Map<string, Binding>).set(name, binding);
  }

  /** The nearest binding of `name`, or undefined. */
  lookup(name: string): Binding | undefined {
    const own = this.vars.get(name);
    if (own !== undefined) return own;
    let s = this.parent;
    while (s !== null) {
      const b = s.vars.get(name);
      if (b !== undefined) return b;
      s = s.parent;
    }
    return undefined;
  }

  /**
   * True when `name` is not bound yet but a block outside the current
   * function declares it: the function may run after that declaration.
   */
  declaredOutsideFunction(name: string): boolean {
    let crossed = this.boundary;
    let s = this.parent;
    while (s !== null) {
      if (crossed && s.declared().has(name)) return true;
      if (s.boundary) crossed = true;
      s = s.parent;
    }
    return false;
  }

  private declared(): Set<string> {
    if (this.declaredNames === null) {
      const names = new Set<string>();
      for (const st of this.stmts) {
        if (st.kind === "Let") addPatternNames(st.pattern, names);
        else if (st.kind === "FnDecl" || st.kind === "ModelDecl") {
          names.add(st.name);
        }
      }
      this.declaredNames = names;
    }
    return this.declaredNames;
  }
}

/** Adds the names a pattern binds to `out`. */
export function addPatternNames(p: Pattern, out: Set<string>): void {
  if (p.kind === "NamePattern") out.add(p.name);
  else if (p.kind === "TuplePattern") {
    for (const e of p.elements) addPatternNames(e, out);
  } else if (p.kind === "OrPattern") {
    for (const a of p.alternatives) addPatternNames(a, out);
  }
}
