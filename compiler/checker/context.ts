// The state of one checker run: diagnostics (deduplicated, since a function
// body is checked once per instantiation), the side tables engines read,
// the current function frame and the nesting-depth guard.

import type { Expr, Stmt } from "../ast.ts";
import type { CodeId } from "../core/codes.ts";
import { type Diagnostic, makeDiagnostic } from "../core/diagnostics.ts";
import type { SourceFile, Span } from "../core/span.ts";
import type { Scope } from "./scope.ts";
import type { FnValue, Type } from "./types.ts";

/** Whether a `[…]` literal builds a tensor or a list (spec §2). */
export type BracketKind = "tensor" | "list";

/** `a.f(…)`: a member of `a` (method, field) or the function `f(a, …)`. */
export type MemberCallKind = "member" | "function";

/** Facts the checker found, for engines (most recent instantiation wins). */
export interface SideTables {
  /** The static type of each checked expression except literals (see exprType). */
  readonly types: ReadonlyMap<Expr, Type>;
  /** The decision for each `[…]` literal. */
  readonly brackets: ReadonlyMap<Expr, BracketKind>;
  /** How each `a.f(…)` call resolved, where the checker could tell. */
  readonly memberCalls: ReadonlyMap<Expr, MemberCallKind>;
}

/**
 * The side tables as the checker fills them. Types are recorded only when
 * `recording` (keeping a type per expression alive costs more than the rest
 * of the checking); they are logged as pairs and the map built on first use.
 */
export class TableBuilder implements SideTables {
  readonly memberCalls: Map<Expr, MemberCallKind> = new Map();
  /** Bracket decisions as logged: node, kind, whether every element type was known. */
  private bracketLog: (Expr | BracketKind | boolean)[] = [];
  private bracketMap: Map<Expr, BracketKind> | null = null;
  private guessed: Set<Expr> | null = null;
  private log: (Expr | Type)[] = [];
  private typeMap: Map<Expr, Type> | null = null;

  /** @param recording whether expression types are kept */
  constructor(readonly recording: boolean) {}

  /** Records the type of `e` (a later record of the same node wins). */
  recordType(e: Expr, t: Type): void {
    if (!this.recording) return;
    if (this.typeMap !== null) this.typeMap.set(e, t);
    else this.log.push(e, t);
  }

  /**
   * Records a `[…]` decision. Decisions made with every element type known
   * win over guesses (elements of unknown type); otherwise the latest wins.
   */
  recordBracket(e: Expr, kind: BracketKind, known: boolean): void {
    if (this.bracketMap === null) this.bracketLog.push(e, kind, known);
    else this.applyBracket(this.bracketMap, e, kind, known);
  }

  private applyBracket(
    m: Map<Expr, BracketKind>,
    e: Expr,
    kind: BracketKind,
    known: boolean,
  ): void {
    const guessed = this.guessed ??= new Set();
    if (known) {
      m.set(e, kind);
      guessed.delete(e);
    } else if (!m.has(e) || guessed.has(e)) {
      m.set(e, kind);
      guessed.add(e);
    }
  }

  /** The decision for each `[…]` literal. */
  get brackets(): ReadonlyMap<Expr, BracketKind> {
    if (this.bracketMap === null) {
      const m = new Map<Expr, BracketKind>();
      const log = this.bracketLog;
      for (let i = 0; i < log.length; i += 3) {
        this.applyBracket(
          m,
          log[i] as Expr,
          log[i + 1] as BracketKind,
          log[i + 2] as boolean,
        );
      }
      this.bracketMap = m;
      this.bracketLog = [];
    }
    return this.bracketMap;
  }

  /** The type of every recorded expression. */
  get types(): ReadonlyMap<Expr, Type> {
    if (this.typeMap === null) {
      const m = new Map<Expr, Type>();
      const log = this.log;
      for (let i = 0; i < log.length; i += 2) {
        m.set(log[i] as Expr, log[i + 1] as Type);
      }
      this.typeMap = m;
      this.log = [];
    }
    return this.typeMap;
  }
}

/** The function being checked (or the top level). */
export interface Frame {
  /** Null at top level and in model field initialisers. */
  readonly fn: FnValue | null;
  /** Annotated result type, checked at each `return`. */
  readonly resultType: Type | null;
  /** Types of the `return`s seen so far (null before the first). */
  returns: Type[] | null;
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
  frame: Frame = { fn: null, resultType: null, returns: null, loopDepth: 0 };
  /** Current nesting depth (expressions, statements, instantiations). */
  depth = 0;
  /**
   * Functions declared (or lambdas made) in the blocks being checked, whose
   * generic check waits for the end of their block: a function instantiated
   * by a call by then needs no separate generic check.
   */
  readonly pending: FnValue[] = [];
  /** The scope the last statement of the latest checkStmtsIn ran in. */
  lastScope: Scope | null = null;
  /** Top-level `import`s, whose names the module binds up front. */
  readonly topLevelImports: Set<Stmt> = new Set();
  private nextId = 1;
  private readonly fileIds = new Map<SourceFile, number>();
  /** The latest `[…]` decision (a literal's own comes after its elements'). */
  lastBracket: BracketKind = "list";

  constructor(readonly tables: TableBuilder) {}

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

  /** Records a `[…]` decision (see TableBuilder.recordBracket). */
  decideBracket(e: Expr, kind: BracketKind, known: boolean): void {
    this.lastBracket = kind;
    this.tables.recordBracket(e, kind, known);
  }

  /** Records the type of an expression and returns it. */
  record(e: Expr, t: Type): Type {
    this.tables.recordType(e, t);
    return t;
  }
}
