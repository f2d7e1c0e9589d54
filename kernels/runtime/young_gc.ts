// Young-generation collections paced by tensor allocation. V8 frees a typed
// array's storage (malloc'd outside its heap) only when it collects the
// array, and it schedules collections by its own heap and an external-memory
// budget of tens of MB, so a training loop leaves ~100 MB of dead tensors
// waiting, and the C heap grows by as much: fresh pages, each a page fault.
// A minor collection (a scavenge: it copies only the live young objects, a
// fraction of a millisecond here) after every few MB of new tensor storage
// frees dead storage while it is still young, and malloc reuses it at once.
// It needs `globalThis.gc` (V8's --expose-gc, which ./dl passes); without it
// this does nothing. DL_YOUNG_GC_MB sets the pace (0: off).
// docs/performance.md ("Young collections") has the measurements.

import { readEnv } from "./env.ts";

type GcFn = (opts?: { type?: "major" | "minor" }) => void;

const DEFAULT_MB = 4;

function pace(): number {
  const v = Number(readEnv("DL_YOUNG_GC_MB") ?? DEFAULT_MB);
  return Number.isFinite(v) && v > 0 ? v * 1048576 : 0;
}

const gc = (globalThis as { gc?: GcFn }).gc;
const every = gc === undefined ? 0 : pace();
let since = 0;
const hooks: (() => void)[] = [];

/**
 * Registers `hook` to run before each minor GC run here: caches that would keep
 * recent tensors alive through it (the lazy graph's hash-consing table) let
 * go of them there.
 */
export function beforeYoungGc(hook: () => void): void {
  hooks.push(hook);
}

/**
 * Runs the registered hooks and a minor GC; false (and nothing runs) without
 * `globalThis.gc`. The storage pool's reclaim uses it too.
 */
export function minorGc(): boolean {
  if (gc === undefined) return false;
  for (const h of hooks) h();
  gc({ type: "minor" });
  return true;
}

/** Runs a full GC; false (and nothing runs) without `globalThis.gc`. */
export function fullGc(): boolean {
  if (gc === undefined) return false;
  gc({ type: "major" });
  return true;
}

/** Counts `bytes` of fresh tensor storage; runs a minor GC at each pace step. */
export function noteFreshStorage(bytes: number): void {
  if (every === 0) return;
  since += bytes;
  if (since < every) return;
  since = 0;
  minorGc();
}
