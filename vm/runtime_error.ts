// Runtime errors as values in flight: the interpreter unwinds with a
// DlRuntimeError that carries a Diagnostic; the engine's entry points catch
// it, attach the dl call stack, and return the Diagnostic.

import type { CodeId } from "../compiler/core/codes.ts";
import {
  type Diagnostic,
  makeDiagnostic,
  type StackFrame,
} from "../compiler/core/diagnostics.ts";
import type { Span } from "../compiler/core/span.ts";

/** An exception that carries a runtime Diagnostic (never escapes the engine). */
export class DlRuntimeError {
  /** Wraps a diagnostic; its stack is attached where the error is caught. */
  constructor(readonly diagnostic: Diagnostic) {}
}

/** Builds a DlRuntimeError from the message table. */
export function runtimeError(
  code: CodeId,
  span: Span | undefined,
  args: readonly (string | number)[] = [],
): DlRuntimeError {
  return new DlRuntimeError(makeDiagnostic(code, span, args));
}

/** One active dl call: the function's name and where it was called from. */
export interface CallRecord {
  readonly name: string;
  readonly callSite: Span;
}

/** Frames kept at each end of a very deep stack; the middle is summarised. */
const KEEP_INNER = 16;
const KEEP_OUTER = 4;

/**
 * The dl call stack of an error at `span`, innermost first, ending with
 * `<main>`: each frame names a function and where control was in it.
 * `calls` is the live call record array, outermost first.
 */
export function buildStack(
  calls: readonly CallRecord[],
  span: Span | undefined,
): StackFrame[] {
  const frames: StackFrame[] = [];
  let here = span;
  for (let i = calls.length - 1; i >= 0; i--) {
    if (here !== undefined) frames.push({ name: calls[i].name, span: here });
    here = calls[i].callSite;
  }
  if (here !== undefined) frames.push({ name: "<main>", span: here });
  if (frames.length <= KEEP_INNER + KEEP_OUTER + 1) return frames;
  const omitted = frames.length - KEEP_INNER - KEEP_OUTER;
  return [
    ...frames.slice(0, KEEP_INNER),
    {
      name: `... ${omitted} more frames`,
      span: frames[KEEP_INNER].span,
    },
    ...frames.slice(frames.length - KEEP_OUTER),
  ];
}

/** The diagnostic of `err` with the stack attached (keeps an existing one). */
export function withStack(
  err: DlRuntimeError,
  calls: readonly CallRecord[],
): Diagnostic {
  const d = err.diagnostic;
  if (d.stack !== undefined) return d;
  return { ...d, stack: buildStack(calls, d.span) };
}
