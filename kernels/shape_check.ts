// Validation of user-supplied shapes and axes for the kernels: dims must be
// non-negative integers, axes in range. Failures are R0012 / R0008 errors.

import { normalizeAxis } from "../compiler/core/shape.ts";
import { argError } from "./errors.ts";

/** Throws R0012 naming `fn` unless every dim is a non-negative integer. */
export function checkShape(fn: string, shape: readonly number[]): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw argError(fn, `invalid dimension ${d} in shape`);
    }
  }
}

/** Normalises a possibly negative axis for `rank`, or throws R0012 naming `fn`. */
export function checkAxis(fn: string, axis: number, rank: number): number {
  const a = Number.isInteger(axis) ? normalizeAxis(axis, rank) : null;
  if (a === null) {
    throw argError(
      fn,
      `axis ${axis} is out of range for a tensor of rank ${rank}`,
    );
  }
  return a;
}
