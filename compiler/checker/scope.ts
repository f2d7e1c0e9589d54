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

/** A block scope. */
export class Scope {
  /** Names bound here. */
  readonly vars: Map<string, Binding> = new Map();
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
    this.vars.set(name, binding);
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

  /** Every name visible from here (for "did you mean" hints). */
  visibleNames(): string[] {
    const out = new Set<string>(this.vars.keys());
    for (let s = this.parent; s !== null; s = s.parent) {
      for (const k of s.vars.keys()) out.add(k);
    }
    return [...out];
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

/** Levenshtein distance, capped: returns `cap + 1` once it is exceeded. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > cap) return cap + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** The closest of `candidates` to `name` by edit distance, if close enough. */
export function similarName(
  name: string,
  candidates: readonly string[],
): string | undefined {
  const cap = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestD = cap + 1;
  for (const c of candidates) {
    if (c === name) continue;
    const d = editDistance(name.toLowerCase(), c.toLowerCase(), cap);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= cap ? best : undefined;
}
