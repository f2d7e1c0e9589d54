// The one shared WebAssembly.Memory of the Wasm backend (GEMM, element-wise
// kernels, Adam and their workers) and its allocator: 16-byte aligned blocks,
// exact-size free lists plus best fit with coalescing, growth by pages.

import type { DType } from "../../compiler/core/dtype.ts";
import { STORAGE_CTORS, type TensorData } from "../tensor.ts";
import { ELEM_BYTES } from "../codegen/wasm_loop_body.ts";
import { hasSimd } from "./wasm_modules.ts";
import { debugAtExit } from "./debug_exit.ts";

/** Largest heap, in 64 KiB pages (2 GiB: addresses stay positive i32s). */
export const HEAP_MAX_PAGES = 32768;

/** Pages the memory starts with (1 MiB). */
const INITIAL_PAGES = 16;

/**
 * A region the allocator never hands out, right after the reserved bytes at
 * address 0, for the main thread's element-wise launches (their args and
 * small staged buffers: wasm_elementwise.ts): one fixed region instead of an
 * allocation per launch. Its user makes sure one launch uses it at a time.
 */
export const LAUNCH_SCRATCH = { at: 64, bytes: 4096 } as const;

/** Bytes at address 0 never handed out (so no block sits at 0), then the
 * launch scratch. */
const RESERVED = LAUNCH_SCRATCH.at + LAUNCH_SCRATCH.bytes;

const PAGE = 65536;

const BYTES = ELEM_BYTES;

let memory: WebAssembly.Memory | null = null;
let unavailable: string | null = null;

/** End of the highest block ever carved (free blocks below it are listed). */
let top = RESERVED;
/** Live blocks: offset -> bytes. */
const live = new Map<number, number>();
/** Free blocks below `top`: start -> bytes, end -> start. */
const freeAt = new Map<number, number>();
const freeEnd = new Map<number, number>();
/** Free blocks by exact size (a training step's sizes recur). */
const freeBySize = new Map<number, Set<number>>();
let liveBytes = 0;
let peakLive = 0;
let allocs = 0;
/** Views handed out by heapView, with their block's offset. */
const views = new WeakMap<object, number>();

const align16 = (x: number): number => Math.ceil(x / 16) * 16;

/** The shared memory (made on first use), or why there is none. */
export function wasmHeap(): WebAssembly.Memory | string {
  if (memory !== null) return memory;
  if (unavailable !== null) return unavailable;
  if (typeof WebAssembly !== "object" || !hasSimd()) {
    unavailable = "this engine has no WebAssembly SIMD128";
    return unavailable;
  }
  try {
    memory = new WebAssembly.Memory({
      initial: INITIAL_PAGES,
      maximum: HEAP_MAX_PAGES,
      shared: true,
    });
  } catch (e) {
    unavailable = `cannot allocate shared Wasm memory: ${(e as Error).message}`;
    return unavailable;
  }
  return memory;
}

function addFree(at: number, bytes: number): void {
  freeAt.set(at, bytes);
  freeEnd.set(at + bytes, at);
  let s = freeBySize.get(bytes);
  if (s === undefined) freeBySize.set(bytes, s = new Set());
  s.add(at);
}

function removeFree(at: number): number {
  const bytes = freeAt.get(at)!;
  freeAt.delete(at);
  freeEnd.delete(at + bytes);
  const s = freeBySize.get(bytes)!;
  s.delete(at);
  if (s.size === 0) freeBySize.delete(bytes);
  return bytes;
}

/** A free block of at least `bytes` (exact size first, else best fit). */
function takeFree(bytes: number): number {
  const exact = freeBySize.get(bytes);
  if (exact !== undefined) {
    const at = exact.values().next().value as number;
    removeFree(at);
    return at;
  }
  let best = -1, bestSize = Infinity;
  for (const [size, set] of freeBySize) {
    if (size > bytes && size < bestSize) {
      bestSize = size;
      best = set.values().next().value as number;
    }
  }
  if (best < 0) return -1;
  removeFree(best);
  addFree(best + bytes, bestSize - bytes); // the rest stays free
  return best;
}

/** Grows the memory to hold `end` bytes; false when it cannot. */
function reach(mem: WebAssembly.Memory, end: number): boolean {
  const have = mem.buffer.byteLength;
  if (end <= have) return true;
  const pages = Math.ceil((end - have) / PAGE);
  if (have / PAGE + pages > HEAP_MAX_PAGES) return false;
  try {
    // Grow by at least an eighth, so a growing heap does not grow each call.
    const extra = Math.min(
      HEAP_MAX_PAGES - have / PAGE - pages,
      Math.floor(have / PAGE / 8),
    );
    mem.grow(pages + Math.max(0, extra));
  } catch (_) {
    try {
      mem.grow(pages);
    } catch (_) {
      return false;
    }
  }
  return true;
}

/**
 * Allocates a 16-byte aligned block of at least `bytes` bytes (contents
 * undefined); its byte offset, or -1 when the memory cannot hold it.
 */
export function heapAlloc(bytes: number): number {
  const mem = wasmHeap();
  if (typeof mem === "string" || !(bytes >= 0)) return -1;
  const size = Math.max(16, align16(bytes));
  let at = takeFree(size);
  if (at < 0) {
    // Carve from the top, starting inside a free block that ends there.
    const below = freeEnd.get(top);
    const start = below === undefined ? top : below;
    if (!reach(mem, start + size)) return -1;
    if (below !== undefined) removeFree(below);
    at = start;
    top = start + size;
  }
  live.set(at, size);
  allocs++;
  liveBytes += size;
  if (liveBytes > peakLive) peakLive = liveBytes;
  return at;
}

/** Frees the block at `offset` (merging it with free neighbours); unknown offsets are ignored. */
export function heapFree(offset: number): void {
  const size = live.get(offset);
  if (size === undefined) return;
  live.delete(offset);
  liveBytes -= size;
  let at = offset, end = offset + size;
  const before = freeEnd.get(at);
  if (before !== undefined) {
    removeFree(before);
    at = before;
  }
  if (freeAt.has(end)) end += removeFree(end);
  if (end === top) top = at; // the top shrinks instead of listing the block
  else addFree(at, end - at);
}

/**
 * A zeroed typed array of `n` elements of `dtype` over a fresh heap block,
 * remembered as a heap view (heapOffsetOf); null when the heap cannot hold it.
 */
export function heapView(dtype: DType, n: number): TensorData | null {
  if (!(n >= 0) || !Number.isInteger(n)) return null;
  const at = heapAlloc(n * BYTES[dtype]);
  if (at < 0) return null;
  const v = new STORAGE_CTORS[dtype](
    (memory as WebAssembly.Memory).buffer,
    at,
    n,
  );
  v.fill(0);
  views.set(v, at);
  return v;
}

/**
 * A view of `n` elements over the heap block at byte offset `at` (from
 * heapAlloc; contents as they are), recorded like heapView's views so the
 * kernels find it in place. The caller keeps the block allocated while the
 * view lives (the storage pool does: kernels/runtime/storage_pool.ts).
 */
export function heapViewAt(dtype: DType, at: number, n: number): TensorData {
  const v = new STORAGE_CTORS[dtype](
    (memory as WebAssembly.Memory).buffer,
    at,
    n,
  );
  views.set(v, at);
  return v;
}

/** Frees the block behind a heap view (nothing for other arrays, or twice). */
export function heapRelease(view: TensorData): void {
  const at = views.get(view);
  if (at === undefined) return;
  views.delete(view);
  heapFree(at);
}

/** The byte offset of a heap view's block, or -1 for any other array. */
export function heapOffsetOf(data: TensorData): number {
  return views.get(data) ?? -1;
}

/** Heap counters: memory size, live blocks and their bytes, the peak. */
export interface HeapStats {
  readonly bytes: number;
  readonly liveBlocks: number;
  readonly liveBytes: number;
  readonly peakLiveBytes: number;
  readonly freeBlocks: number;
  /** Blocks handed out so far (tests count a launch's scratch blocks). */
  readonly allocs: number;
}

/** The heap's counters (bytes: 0 before the memory exists). */
export function heapStats(): HeapStats {
  return {
    bytes: memory === null ? 0 : memory.buffer.byteLength,
    liveBlocks: live.size,
    liveBytes,
    peakLiveBytes: peakLive,
    freeBlocks: freeAt.size,
    allocs,
  };
}

debugAtExit(1, () => {
  if (memory === null) return "";
  const s = heapStats();
  return `debug: wasm heap: ${s.bytes} bytes of memory, ${s.liveBlocks} live ` +
    `blocks (${s.liveBytes} bytes), peak live ${s.peakLiveBytes} bytes, ` +
    `${s.freeBlocks} free blocks\n`;
});
