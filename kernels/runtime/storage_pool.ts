// The storage pool: reuses the ArrayBuffers of dead tensors' storage. Pooled
// typed arrays are registered in a FinalizationRegistry; when the GC collects
// one, its buffer goes on a free list keyed by exact byte length, and the
// next allocation of that size takes it (zero-filled) instead of a fresh one.
// Callbacks only run between event-loop tasks, so an async host (dl run)
// pauses at loop back edges when `reclaimWanted()` and awaits `reclaim()`.

import type { DType } from "../../compiler/core/dtype.ts";
import { STORAGE_CTORS, type TensorData } from "../tensor.ts";
import { heapAlloc, heapFree, heapViewAt } from "./wasm_heap.ts";
import { debugAtExit } from "./debug_exit.ts";
import { fullGc, minorGc } from "./young_gc.ts";
import { heapOps } from "./wasm_heap_ops.ts";
import { ELEM_BYTES } from "../codegen/wasm_loop_body.ts";

/** Pool counters (DL_DEBUG=1 prints them at exit; tests read them). */
export interface PoolStats {
  /** Pooled bytes handed out whose typed array has not been collected yet. */
  liveBytes: number;
  /** Bytes waiting on the free lists. */
  freeBytes: number;
  /** Pooled allocations that made a fresh buffer. */
  fresh: number;
  /** Pooled allocations served from a free list. */
  reused: number;
  /** Calls of `reclaim()`. */
  reclaims: number;
  /** Allocations left unpooled because the cap since the last reclaim was reached. */
  overCap: number;
  /** Milliseconds spent in `reclaim()` (GC and the yield). */
  reclaimMs: number;
  /** Reclaims that forced a full GC (V8's own GCs had not freed enough). */
  forcedGcs: number;
}

/** Tunables (tests shrink them; see docs/performance.md for the measurements). */
export const POOL_LIMITS = {
  /** Smaller storage is left to V8 (cheap to allocate; not worth a registry cell). */
  minBytes: 16 * 1024,
  /** Bigger storage (data sets) gets a heap block of its own, never reused. */
  maxBytes: 16 * 1024 * 1024,
  /** Storage bigger still is left to V8: it would crowd the 2 GiB Wasm heap. */
  maxHeapBytes: 512 * 1024 * 1024,
  /** Pooled bytes handed out since the last reclaim at which a reclaim is wanted. */
  budgetBytes: 16 * 1024 * 1024,
  /** Past this many bytes since the last reclaim, allocations are unpooled. */
  capBytes: 4 * 64 * 1024 * 1024,
  /** Most bytes kept on the free lists (the oldest buffers are dropped past it). */
  maxFreeBytes: 2 * 64 * 1024 * 1024,
};

const BYTES = ELEM_BYTES;

const stats: PoolStats = {
  liveBytes: 0,
  freeBytes: 0,
  fresh: 0,
  reused: 0,
  reclaims: 0,
  overCap: 0,
  reclaimMs: 0,
  forcedGcs: 0,
};

let enabled = false;
/** Pooled bytes handed out since the last reclaim (the one field the VM polls). */
let sinceReclaim = 0;
/** Buffers returned by finalizers since the last reset (reclaim measures it). */
let returnedBytes = 0;
/** Pooled bytes live right after the last forced full GC. */
let liveAfterMajor = 0;
/**
 * Bytes of storage bigger than the pool's blocks (data sets, their copies)
 * made since the last reclaim: a set-up phase's dead copies can only go at a
 * full GC (they lived through scavenges), and until then the pool carves
 * fresh pages past them.
 */
let bigSinceReclaim = 0;

/**
 * A pooled block: an ArrayBuffer of its own, or (`buf` null) a block of the
 * Wasm heap at byte offset `off` (kernels/runtime/wasm_heap.ts), so that the
 * Wasm kernels use the tensor in place.
 */
interface Block {
  readonly bytes: number;
  readonly buf: ArrayBuffer | null;
  readonly off: number;
}

/** Where fresh pooled storage comes from. */
export type PoolBacking = "array" | "wasm-heap";

let backing: PoolBacking = "array";

/** Free blocks by exact byte length (stacks: the newest is reused first). */
const freeBySize = new Map<number, Block[]>();
/** Every free block in the order it was freed (for dropping the oldest). */
const freeOrder = new Set<Block>();

const registry = new FinalizationRegistry<Block>(release);

/** A finalizer: the typed array over `b` was collected; `b` is free. */
function release(b: Block): void {
  const n = b.bytes;
  stats.liveBytes -= n;
  returnedBytes += n;
  if (!enabled || n > POOL_LIMITS.maxBytes) {
    if (b.buf === null) heapFree(b.off);
    return;
  }
  let list = freeBySize.get(n);
  if (list === undefined) freeBySize.set(n, list = []);
  list.push(b);
  freeOrder.add(b);
  stats.freeBytes += n;
  while (stats.freeBytes > POOL_LIMITS.maxFreeBytes) dropOldest();
}

function dropOldest(): void {
  const old = freeOrder.values().next().value!;
  freeOrder.delete(old);
  const list = freeBySize.get(old.bytes)!;
  list.splice(list.indexOf(old), 1);
  stats.freeBytes -= old.bytes;
  if (old.buf === null) heapFree(old.off);
}

function takeFree(bytes: number): Block | null {
  const list = freeBySize.get(bytes);
  if (list === undefined || list.length === 0) return null;
  const b = list.pop()!;
  freeOrder.delete(b);
  stats.freeBytes -= bytes;
  return b;
}

/** A fresh block of `bytes` from the current backing (the heap when it can). */
function freshBlock(bytes: number): Block {
  if (backing === "wasm-heap") {
    const off = heapAlloc(bytes);
    if (off >= 0) return { bytes, buf: null, off };
  }
  return { bytes, buf: new ArrayBuffer(bytes), off: 0 };
}

function viewOf(dtype: DType, b: Block, n: number): TensorData {
  return b.buf !== null
    ? new STORAGE_CTORS[dtype](b.buf)
    : heapViewAt(dtype, b.off, n);
}

/** Zeroes block `b` under `data` (heap blocks with Wasm's memory.fill). */
function zeroBlock(b: Block, data: TensorData): void {
  const ops = b.buf === null ? heapOps() : null;
  if (ops !== null) ops.zero(b.off, b.bytes);
  else data.fill(0);
}

/**
 * Storage of `n` elements from the pool (zero-filled unless `zeroed` is
 * false: then its contents are left as they are), or null when the pool
 * does not serve it (pooling off, smaller than `minBytes`, or past the cap
 * since the last reclaim): the caller then allocates a plain array. May throw
 * RangeError when memory runs out, like the typed-array constructors.
 */
export function allocPooled(
  dtype: DType,
  n: number,
  zeroed = true,
): TensorData | null {
  if (!enabled) return null;
  const bytes = n * BYTES[dtype];
  if (bytes < POOL_LIMITS.minBytes) return null;
  if (bytes > POOL_LIMITS.maxBytes) {
    return bigHeapStorage(dtype, n, bytes, zeroed);
  }
  if (sinceReclaim + bytes > POOL_LIMITS.capBytes) {
    stats.overCap++;
    return null;
  }
  let b = takeFree(bytes);
  let data: TensorData;
  if (b !== null) {
    data = viewOf(dtype, b, n);
    if (zeroed) zeroBlock(b, data);
    stats.reused++;
  } else {
    b = freshBlock(bytes);
    data = viewOf(dtype, b, n);
    if (b.buf === null && zeroed) zeroBlock(b, data);
    stats.fresh++;
  }
  registry.register(data, b);
  stats.liveBytes += bytes;
  sinceReclaim += bytes;
  return data;
}

let bigStorageHook: (() => void) | null = null;

/**
 * Sets a function to call once, at the first storage bigger than the pool's
 * blocks in the Wasm heap (a data set: the program is about to compute
 * with tensors); null clears it. The Wasm backend builds its GEMM and
 * starts its workers there, while the program still prepares its data.
 */
export function onFirstBigStorage(hook: (() => void) | null): void {
  bigStorageHook = hook;
}

/**
 * Storage bigger than the pool's blocks (a data set) in a heap block of its
 * own when the backing is the Wasm heap, so that the kernels read it in
 * place (batches gather rows with memory.copy); freed, never listed, when its
 * typed array is collected. Null when the heap cannot hold it.
 */
function bigHeapStorage(
  dtype: DType,
  n: number,
  bytes: number,
  zeroed: boolean,
): TensorData | null {
  if (backing !== "wasm-heap" || bytes > POOL_LIMITS.maxHeapBytes) return null;
  const off = heapAlloc(bytes);
  if (off < 0) return null;
  const b: Block = { bytes, buf: null, off };
  const data = viewOf(dtype, b, n);
  if (zeroed) zeroBlock(b, data);
  registry.register(data, b);
  stats.liveBytes += bytes;
  stats.fresh++;
  bigSinceReclaim += bytes;
  if (bigStorageHook !== null) {
    const hook = bigStorageHook;
    bigStorageHook = null;
    hook();
  }
  return data;
}

/**
 * Chooses where fresh pooled storage comes from: plain ArrayBuffers (the
 * default) or the Wasm heap (the Wasm backend sets it, so tensors live in
 * Wasm memory and its kernels use them without copies). Blocks already
 * handed out keep their backing.
 */
export function setPoolBacking(b: PoolBacking): void {
  backing = b;
  if (auto) setStoragePooling(b === "wasm-heap");
}

let auto = false;

/**
 * Lets the backing decide (`dl run`'s default, whose pauses let finalizers
 * run): pooling is on while storage comes from the Wasm heap, where it saves
 * the Wasm kernels their copies, and off with plain arrays, where glibc's own
 * reuse measured faster (docs/performance.md). `false` leaves it as set.
 */
export function setAutoPooling(on: boolean): void {
  auto = on;
  if (on) setStoragePooling(backing === "wasm-heap");
}

/**
 * Turns pooling on or off. Off (the default) suits synchronous runs, where
 * finalizers never get to run; turning it off also empties the free lists.
 */
export function setStoragePooling(on: boolean): void {
  enabled = on;
  if (!on) {
    for (const b of freeOrder) if (b.buf === null) heapFree(b.off);
    freeBySize.clear();
    freeOrder.clear();
    stats.freeBytes = 0;
  }
  sinceReclaim = 0;
}

/** True when enough pooled bytes went out since the last reclaim that one should run. */
export function reclaimWanted(): boolean {
  return sinceReclaim >= POOL_LIMITS.budgetBytes ||
    bigSinceReclaim >= POOL_LIMITS.budgetBytes;
}

/** Resolves after one macrotask, so pending finalization callbacks run. */
function nextTask(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Collects dead pooled storage: a minor GC (young_gc.ts; a step's tensors die
 * young), then one macrotask's yield, so the finalizers put their buffers on
 * the free lists. When that gave back less than half the bytes handed out
 * since the last reclaim, or promoted dead storage has piled up, forces a
 * full GC (`globalThis.gc`: V8 with --expose-gc, which ./dl passes) and
 * yields again.
 */
export async function reclaim(): Promise<void> {
  const t0 = performance.now();
  const handed = sinceReclaim;
  const big = bigSinceReclaim >= POOL_LIMITS.budgetBytes;
  sinceReclaim = 0;
  bigSinceReclaim = 0;
  returnedBytes = 0;
  minorGc();
  await nextTask();
  // Storage that lived through a scavenge waits for a full GC: force one when
  // the minor GC gave back less than half, when such storage has piled up
  // to two budgets over what was live after the last full GC, or when a
  // budget of big storage was made since the last reclaim (a program's
  // set-up: its dead copies free touched pages for the pool).
  const piled = stats.liveBytes > liveAfterMajor + 2 * POOL_LIMITS.budgetBytes;
  if ((returnedBytes < handed / 2 || piled || big) && fullGc()) {
    stats.forcedGcs++;
    await nextTask();
    liveAfterMajor = stats.liveBytes;
  }
  stats.reclaims++;
  stats.reclaimMs += performance.now() - t0;
}

/** A copy of the pool's counters. */
export function poolStats(): PoolStats {
  return { ...stats };
}

/** Zeroes the counters that count events (fresh, reused, reclaims, overCap, time). */
export function resetPoolCounters(): void {
  stats.fresh = 0;
  stats.reused = 0;
  stats.reclaims = 0;
  stats.overCap = 0;
  stats.reclaimMs = 0;
  stats.forcedGcs = 0;
}

const MB = 1024 * 1024;

/** The DL_DEBUG=1 line about the pool. */
export function poolStatsLine(s: PoolStats = stats): string {
  return `debug: storage pool: ${s.fresh} fresh, ${s.reused} reused, ` +
    `${s.reclaims} reclaims (${s.forcedGcs} forced a GC) in ` +
    `${s.reclaimMs.toFixed(1)} ms, ` +
    `live ${(s.liveBytes / MB).toFixed(1)} MB, ` +
    `free ${(s.freeBytes / MB).toFixed(1)} MB` +
    (s.overCap > 0 ? `, ${s.overCap} unpooled past the cap` : "") + "\n";
}

debugAtExit(
  1,
  () =>
    stats.fresh + stats.reused + stats.reclaims === 0 ? "" : poolStatsLine(),
);
