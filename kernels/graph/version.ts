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

/** A pending computation that reads some storage (kernels/jit/lazy.ts). */
export interface StorageReader {
  /** Computes the pending result now (no-op when already computed). */
  realize(): unknown;
  /** True once computed: the reader no longer depends on its inputs. */
  readonly done: boolean;
}

const readers = new WeakMap<ArrayBufferLike, WeakRef<StorageReader>[]>();

/** Records that `r`, while pending, reads `buffer` (see `prepareWrite`). */
export function addReader(buffer: ArrayBufferLike, r: StorageReader): void {
  let list = readers.get(buffer);
  if (list === undefined) readers.set(buffer, list = []);
  else if (list.length >= 64 && (list.length & (list.length - 1)) === 0) {
    // Drop collected and computed readers now and then, so a long-lived
    // buffer that is read but never written keeps a short list.
    const live = list.filter((w) => w.deref()?.done === false);
    list.length = 0;
    list.push(...live);
  }
  list.push(new WeakRef(r));
}

/**
 * Call before writing into `data`'s storage in place: computes every pending
 * result that reads it, so they keep the values from before the write.
 */
export function prepareWrite(data: TensorData): void {
  const list = readers.get(data.buffer);
  if (list === undefined) return;
  readers.delete(data.buffer);
  for (const w of list) {
    const r = w.deref();
    if (r !== undefined && !r.done) r.realize();
  }
}
