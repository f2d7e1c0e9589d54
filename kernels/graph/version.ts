// Storage versions: a counter per storage buffer, bumped by every in-place
// write, so the backward pass can tell that a value it saved was modified
// after it was recorded (R0010, spec §2).

import type { TensorData } from "../tensor.ts";

const versions = new WeakMap<ArrayBufferLike, number>();

/** The current version of `data`'s storage (0 until first written in place). */
export function versionOf(data: TensorData): number {
  return versions.get(data.buffer) ?? 0;
}

/** Records an in-place write to `data`'s storage. */
export function bumpVersion(data: TensorData): void {
  versions.set(data.buffer, (versions.get(data.buffer) ?? 0) + 1);
}
