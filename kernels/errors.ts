// Errors thrown by the kernels: KernelError (defined in compiler/core so the
// op table's scalar evaluators can throw it too) and small constructors for
// the codes kernels use. Kernels never attach spans; the engine does.

import { KernelError } from "../compiler/core/runtime_error.ts";
import { formatShape } from "../compiler/core/shape.ts";

export { KernelError };

/** R0008: a runtime shape mismatch in `op`, e.g. `cannot broadcast [2] with [3]`. */
export function shapeError(op: string, detail: string): KernelError {
  return new KernelError("R0008", [op, detail]);
}

/** R0003: index `i` out of range for `what` (e.g. `axis 0`) of length `len`. */
export function indexError(i: number, what: string, len: number): KernelError {
  return new KernelError("R0003", [i, what, len]);
}

/** R0012: an invalid argument to the builtin `fn`. */
export function argError(fn: string, detail: string): KernelError {
  return new KernelError("R0012", [fn, detail]);
}

/** Shorthand for the `[a, b]` text of a concrete shape in messages. */
export function shapeText(shape: readonly number[]): string {
  return formatShape(shape);
}
