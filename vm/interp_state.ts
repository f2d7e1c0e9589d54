// The mutable state of one interpreter run: the dl call stack, step and depth
// budgets, buffered stdout, control-flow registers and the global scope.

import type { Stmt } from "../compiler/ast.ts";
import type { Span } from "../compiler/core/span.ts";
import {
  type CallRecord,
  type DlRuntimeError,
  runtimeError,
} from "./runtime_error.ts";
import { type Cell, type Env, UNIT, type Value } from "./values.ts";

/** An `import` statement. */
export type ImportStmt = Extract<Stmt, { kind: "Import" }>;

/** Statement completion codes (what a block or statement ended with). */
export const NORMAL = 0;
/** A `break` is unwinding to its loop. */
export const BREAK = 1;
/** A `continue` is unwinding to its loop. */
export const CONTINUE = 2;
/** A `return` is unwinding to its function; the value is in `retValue`. */
export const RETURN = 3;

/** A completion code. */
export type Completion = 0 | 1 | 2 | 3;

/** Thrown when break/continue/return escape from an expression position. */
export class ControlSignal {
  /** `code` is BREAK, CONTINUE or RETURN. */
  constructor(readonly code: Completion) {}
}

/** The three preallocated control signals, by completion code. */
export const SIGNALS: readonly ControlSignal[] = [
  new ControlSignal(NORMAL),
  new ControlSignal(BREAK),
  new ControlSignal(CONTINUE),
  new ControlSignal(RETURN),
];

/**
 * Default limit on nested dl calls. With V8's default 1 MB stack the host
 * stack usually runs out first (after roughly 700 to 1,300 calls, by the
 * shape of the code); that is caught and reported as R0004 too.
 */
export const DEFAULT_MAX_DEPTH = 10_000;

const FLUSH_AT = 1 << 14;

/** Per-run interpreter state, shared by all evaluation functions. */
export class InterpState {
  /** Active dl calls, outermost first. */
  readonly calls: CallRecord[] = [];
  /** Statements, loop iterations and calls executed so far. */
  steps = 0;
  /** Value of the last expression statement (a block's value). */
  value: Value = UNIT;
  /** Value carried by a RETURN completion. */
  retValue: Value = UNIT;
  /** Scope at the end of the last top-level statement list. */
  lastEnv: Env;
  /** The top-level bindings an `import` brings in (set by the program runner). */
  importNames: (s: ImportStmt) => Map<string, Cell> = () => new Map();
  private buffer: string[] = [];
  private buffered = 0;

  /** `sink` receives stdout text in chunks. */
  constructor(
    readonly globals: Env,
    readonly sink: (s: string) => void,
    readonly argv: readonly string[],
    readonly maxSteps: number,
    readonly maxDepth: number,
  ) {
    this.lastEnv = globals;
  }

  /** Buffers stdout text, flushing in large chunks. */
  write(text: string): void {
    this.buffer.push(text);
    this.buffered += text.length;
    if (this.buffered >= FLUSH_AT) this.flush();
  }

  /** Hands all buffered output to the sink. */
  flush(): void {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join("");
    this.buffer = [];
    this.buffered = 0;
    this.sink(text);
  }

  /** Counts one step; past `maxSteps` the run stops with R0013. */
  step(span: Span): void {
    if (++this.steps > this.maxSteps) {
      throw runtimeError("R0013", span);
    }
  }

  /** Enters a dl call made at `callSite`; throws R0004 past `maxDepth`. */
  enter(name: string, callSite: Span): void {
    if (this.calls.length >= this.maxDepth) {
      throw stackOverflow(callSite);
    }
    this.calls.push({ name, callSite });
  }

  /** Leaves the innermost dl call (normal completion only; errors keep the stack). */
  leave(): void {
    this.calls.pop();
  }
}

/** The R0004 error. */
export function stackOverflow(span: Span | undefined): DlRuntimeError {
  return runtimeError("R0004", span);
}
