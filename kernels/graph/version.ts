// Storage versions: a counter per storage (the typed array tensors and their
// views share), bumped by every in-place write, so the backward pass can tell
// that a value it saved was modified after it was recorded (R0010, spec §2).
// Keyed by the typed array, not its ArrayBuffer: storages in the Wasm heap
// (kernels/runtime/wasm_heap.ts) are views over one shared buffer.

import type { TensorData } from "../tensor.ts";

const versions = new WeakMap<TensorData, number>();

/** The current version of `data`'s storage (0 until first written in place). */
export function versionOf(data: TensorData): number {
  return versions.get(data) ?? 0;
}

/** Records an in-place write to `data`'s storage. */
export function bumpVersion(data: TensorData): void {
  versions.set(data, (versions.get(data) ?? 0) + 1);
}
