// The state of one checker run: diagnostics (deduplicated, since a function
// body is checked once per instantiation), the side tables engines read,
// the current function frame and the nesting-depth guard.

import type { Expr, Stmt } from "../ast.ts";
import type { CodeId } from "../core/codes.ts";
import { type Diagnostic, makeDiagnostic } from "../core/diagnostics.ts";
import type { SourceFile, Span } from "../core/span.ts";
import type { FnValue, Type } from "./types.ts";

/** Whether a `[…]` literal builds a tensor or a list (spec §2). */
export type BracketKind = "tensor" | "list";

/** `a.f(…)`: a member of `a` (method, field) or the function `f(a, …)`. */
export type MemberCallKind = "member" | "function";

/** Facts the checker found, for engines (most recent instantiation wins). */
export interface SideTables {
  /** The static type of each checked expression. */
  readonly types: Map<Expr, Type>;
  /** The decision for each `[…]` literal. */
  readonly brackets: Map<Expr, BracketKind>;
  /** How each `a.f(…)` call resolved, where the checker could tell. */
  readonly memberCalls: Map<Expr, MemberCallKind>;
}

/** The function being checked (or the top level). */
export interface Frame {
  /** Null at top level and in model field initialisers. */
  readonly fn: FnValue | null;
  /** Annotated result type, checked at each `return`. */
  readonly resultType: Type | null;
  /** Types of the `return`s seen so far. */
  readonly returns: Type[];
  /** Enclosing loops inside this function. */
  loopDepth: number;
}

/** Cumulative nesting (across instantiations) past which nothing is instantiated. */
export const INSTANTIATE_DEPTH_LIMIT = 400;
/** Nesting past which an expression is reported too deep (E0108). */
export const EXPR_DEPTH_LIMIT = 900;
/** Instantiations per function before further argument types share one. */
export const MAX_INSTANCES = 24;

/** Mutable state of a checker run. */
export class Checker {
  /** Diagnostics reported so far, deduplicated. */
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  /** Current function frame. */
  frame: Frame = { fn: null, resultType: null, returns: [], loopDepth: 0 };
  /** Current nesting depth (expressions, statements, instantiations). */
  depth = 0;
  /** When > 0, diagnostics are dropped (speculative checks). */
  muted = 0;
  /** Top-level `import`s, whose names the module binds up front. */
  readonly topLevelImports: Set<Stmt> = new Set();
  private nextId = 1;
  private readonly knownBrackets = new Set<Expr>();
  private readonly fileIds = new Map<SourceFile, number>();
  /** The decision of the latest check of each `[…]` (for enclosing literals). */
  readonly lastBracket: Map<Expr, BracketKind> = new Map();

  constructor(readonly tables: SideTables) {}

  /** A fresh id for functions and models. */
  freshId(): number {
    return this.nextId++;
  }

  /** Reports an error (once per code, place and message). */
  report(
    code: CodeId,
    span: Span | undefined,
    args: readonly (string | number)[] = [],
    hint?: string,
  ): void {
    if (this.muted > 0) return;
    const d = makeDiagnostic(code, span, args, { hint });
    const key = span === undefined
      ? `${code}|${d.message}`
      : `${code}|${
        this.fileId(span.file)
      }|${span.start}|${span.end}|${d.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(d);
  }

  private fileId(f: SourceFile): number {
    let id = this.fileIds.get(f);
    if (id === undefined) this.fileIds.set(f, id = this.fileIds.size);
    return id;
  }

  /** Number of errors reported so far. */
  errorCount(): number {
    return this.diagnostics.length;
  }

  /**
   * Records a `[…]` decision. Decisions made with every element type known
   * win over guesses (elements of unknown type); otherwise the latest wins.
   */
  decideBracket(e: Expr, kind: BracketKind, known: boolean): void {
    this.lastBracket.set(e, kind);
    if (known) this.knownBrackets.add(e);
    else if (this.knownBrackets.has(e)) return;
    this.tables.brackets.set(e, kind);
  }

  /** Records the type of an expression and returns it. */
  record(e: Expr, t: Type): Type {
    this.tables.types.set(e, t);
    return t;
  }
}

/** Fresh, empty side tables. */
export function makeSideTables(): SideTables {
  return { types: new Map(), brackets: new Map(), memberCalls: new Map() };
}
