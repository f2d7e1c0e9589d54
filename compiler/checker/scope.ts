// Block scopes for name resolution: a chain of name → binding tables
// (O(depth) lookups), function boundaries, and the names a block declares
// anywhere (so a function body may use a `let` that runs before it is called).
// Most scopes bind a few names: those live in fields, larger ones in a Map.

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

const NO_STMTS: readonly Stmt[] = Object.freeze([]);

/** A block scope. */
export class Scope {
  // The first four names bound here (n0…n3, in order, with their bindings),
  // until a fifth moves them all into `map`.
  private size = 0;
  private n0: string | null = null;
  private b0: Binding | undefined = undefined;
  private n1: string | null = null;
  private b1: Binding | undefined = undefined;
  private n2: string | null = null;
  private b2: Binding | undefined = undefined;
  private n3: string | null = null;
  private b3: Binding | undefined = undefined;
  private map: Map<string, Binding> | null = null;
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
    private readonly stmts: readonly Stmt[] = NO_STMTS,
  ) {}

  /** Binds `name` here (shadowing any outer binding; replacing one made here). */
  define(name: string, binding: Binding): void {
    if (this.map !== null) {
      this.map.set(name, binding);
      return;
    }
    const n = this.size;
    if (n > 0 && this.n0 === name) this.b0 = binding;
    else if (n > 1 && this.n1 === name) this.b1 = binding;
    else if (n > 2 && this.n2 === name) this.b2 = binding;
    else if (n > 3 && this.n3 === name) this.b3 = binding;
    else if (n === 4) this.spill(name, binding);
    else {
      if (n === 0) {
        this.n0 = name;
        this.b0 = binding;
      } else if (n === 1) {
        this.n1 = name;
        this.b1 = binding;
      } else if (n === 2) {
        this.n2 = name;
        this.b2 = binding;
      } else {
        this.n3 = name;
        this.b3 = binding;
      }
      this.size = n + 1;
    }
  }

  /** Moves the four field bindings into a Map, then binds a fifth name. */
  private spill(name: string, binding: Binding): void {
    const m = new Map<string, Binding>();
    for (const [k, b] of this.entries()) m.set(k, b);
    m.set(name, binding);
    this.map = m;
  }

  /** The binding of `name` made in this scope itself, or undefined. */
  get(name: string): Binding | undefined {
    if (this.map !== null) return this.map.get(name);
    const n = this.size;
    if (n === 0) return undefined;
    if (this.n0 === name) return this.b0;
    if (n === 1) return undefined;
    if (this.n1 === name) return this.b1;
    if (n === 2) return undefined;
    if (this.n2 === name) return this.b2;
    if (n === 3) return undefined;
    return this.n3 === name ? this.b3 : undefined;
  }

  /** True if this scope itself binds `name`. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** The names bound in this scope itself with their bindings, in binding order. */
  entries(): [string, Binding][] {
    if (this.map !== null) return [...this.map];
    const out: [string, Binding][] = [];
    if (this.size > 0) out.push([this.n0!, this.b0!]);
    if (this.size > 1) out.push([this.n1!, this.b1!]);
    if (this.size > 2) out.push([this.n2!, this.b2!]);
    if (this.size > 3) out.push([this.n3!, this.b3!]);
    return out;
  }

  /** The nearest binding of `name`, or undefined. */
  lookup(name: string): Binding | undefined {
    const own = this.get(name);
    if (own !== undefined) return own;
    let s = this.parent;
    while (s !== null) {
      const b = s.get(name);
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
