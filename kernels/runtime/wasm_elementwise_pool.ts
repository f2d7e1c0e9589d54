// Threads for the Wasm element-wise kernels: workers (wasm_elementwise_
// worker.ts) instantiate each kernel module over the same shared memory;
// a launch over many rows is cut into chunks of level-0 rows that the main
// thread and the workers claim with an atomic counter. Every output element
// (or accumulator) is computed by one thread in the same order whatever
// the split, so results are bit-identical for any thread count. A worker
// that has not yet received a kernel's module skips that job (the main
// thread claims the chunks it leaves) and fetches the module meanwhile.

import {
  setSplitter,
  WASM_EW_HEADER,
  type WasmKernel,
} from "./wasm_elementwise.ts";
import { heapAlloc, wasmHeap } from "./wasm_heap.ts";

/**
 * Slots of the i32 job header, a heap block taken once per process (never
 * freed: a stopped pool's worker may still read it; pools reuse it).
 */
export const EW_JOB = {
  GEN: 0, // bumped to start a job
  NEXT: 1, // next chunk to claim
  DONE: 2, // workers finished with the current job
  READY: 3, // workers started
  QUIT: 4, // set to stop the workers
  KID: 5, // kernel id
  ARGS: 6, // args block address
  ROWS: 7, // level-0 rows
  CHUNK: 8, // rows per chunk
  CHUNKS: 9, // number of chunks
  ACK: 10, // kernel modules instantiated by workers, in all
  TRAP: 11, // set by a worker whose chunk trapped
} as const;

/**
 * Pool settings and counters: launches under `minElems` elements stay on
 * one thread; `jobs` counts launches split across threads.
 */
export const EW_POOL = { minElems: 1 << 16, jobs: 0 };

interface Pool {
  readonly workers: Worker[];
  readonly header: Int32Array;
  readonly ids: Map<WasmKernel, number>;
}

let pool: Pool | null = null;
let threads = 1;

let headerAt = -1;

/** The header block's address (taken on first use), or -1. */
function headerAddress(): number {
  if (headerAt < 0) {
    headerAt = heapAlloc(WASM_EW_HEADER);
    const mem = wasmHeap();
    if (headerAt >= 0 && typeof mem !== "string") {
      new Int32Array(mem.buffer, headerAt, WASM_EW_HEADER >> 2).fill(0);
    }
  }
  return headerAt;
}

function start(count: number): Pool | null {
  const mem = wasmHeap();
  const at = headerAddress();
  if (typeof mem === "string" || at < 0) return null;
  const h = new Int32Array(mem.buffer, at, WASM_EW_HEADER >> 2);
  Atomics.store(h, EW_JOB.QUIT, 0);
  Atomics.store(h, EW_JOB.READY, 0);
  Atomics.store(h, EW_JOB.ACK, 0);
  const workers: Worker[] = [];
  try {
    for (let t = 0; t < count; t++) {
      const w = new Worker(
        new URL("./wasm_elementwise_worker.ts", import.meta.url),
        { type: "module" },
      );
      w.postMessage({ memory: mem, header: at });
      workers.push(w);
    }
  } catch (_) {
    for (const w of workers) w.terminate();
    return null;
  }
  return { workers, header: h, ids: new Map() };
}

function stop(p: Pool): void {
  const h = p.header;
  Atomics.store(h, EW_JOB.QUIT, 1);
  Atomics.add(h, EW_JOB.GEN, 1);
  Atomics.notify(h, EW_JOB.GEN);
  for (const w of p.workers) w.terminate();
}

/** Claims and runs chunks of the job in the header until none are left. */
export function runChunks(kern: Pick<WasmKernel, "run">, h: Int32Array): void {
  const rows = h[EW_JOB.ROWS], chunk = h[EW_JOB.CHUNK];
  const n = h[EW_JOB.CHUNKS], args = h[EW_JOB.ARGS];
  for (;;) {
    const c = Atomics.add(h, EW_JOB.NEXT, 1);
    if (c >= n) return;
    kern.run(args, c * chunk, Math.min(rows, (c + 1) * chunk));
  }
}

function wants(rows: number, rowElems: number): boolean {
  return rows >= 2 && rows * rowElems >= EW_POOL.minElems;
}

function split(
  kern: WasmKernel,
  args: number,
  rows: number,
  rowElems: number,
): boolean {
  if (!wants(rows, rowElems)) return false;
  const p = ensurePool();
  if (p === null) return false;
  const h = p.header, nw = p.workers.length;
  if (Atomics.load(h, EW_JOB.READY) !== nw) return false;
  let id = p.ids.get(kern);
  if (id === undefined) {
    id = p.ids.size + 1;
    p.ids.set(kern, id);
    for (const w of p.workers) {
      w.postMessage({ id, module: kern.module, calls: kern.calls });
    }
    // An empty job with the new id sends each worker to its messages.
    h[EW_JOB.KID] = id;
    h[EW_JOB.CHUNKS] = 0;
    barrier(h, nw);
    waitAtLeast(h, EW_JOB.ACK, nw * id, 2000);
  }
  // About four chunks per thread, each a multiple of 4 rows when rows are
  // single elements (whole vectors per chunk).
  const want = Math.ceil(rows / (4 * (nw + 1)));
  const chunk = rowElems === 1 ? Math.max(4, (want + 3) & ~3) : want;
  h[EW_JOB.KID] = id;
  h[EW_JOB.ARGS] = args;
  h[EW_JOB.ROWS] = rows;
  h[EW_JOB.CHUNK] = chunk;
  h[EW_JOB.CHUNKS] = Math.ceil(rows / chunk);
  Atomics.store(h, EW_JOB.TRAP, 0);
  barrier(h, nw, kern);
  EW_POOL.jobs++;
  if (Atomics.load(h, EW_JOB.TRAP) !== 0) {
    throw new WebAssembly.RuntimeError("a worker's chunk trapped");
  }
  return true;
}

/** Starts the job in the header, runs chunks here too, waits for the workers. */
function barrier(h: Int32Array, nw: number, kern?: WasmKernel): void {
  Atomics.store(h, EW_JOB.NEXT, 0);
  Atomics.store(h, EW_JOB.DONE, 0);
  Atomics.add(h, EW_JOB.GEN, 1);
  Atomics.notify(h, EW_JOB.GEN);
  try {
    if (kern !== undefined) runChunks(kern, h);
  } finally {
    waitAtLeast(h, EW_JOB.DONE, nw, Infinity); // even after a trap here
  }
}

/** Blocks until slot `i` reaches `n` or `ms` pass; true when it did. */
function waitAtLeast(h: Int32Array, i: number, n: number, ms: number): boolean {
  const end = performance.now() + ms;
  for (;;) {
    const v = Atomics.load(h, i);
    if (v >= n) return true;
    const left = end - performance.now();
    if (left <= 0) return false;
    Atomics.wait(h, i, v, left);
  }
}

/**
 * Sets the threads of the element-wise kernels (1: none); workers start at
 * the first launch big enough to split and are used once all have started.
 */
export function setWasmThreads(n: number): void {
  const want = Math.max(1, Math.min(64, Math.floor(n) || 1));
  if (want === threads) return;
  if (pool !== null) stop(pool);
  pool = null;
  threads = want;
  setSplitter(want > 1 ? { wants, split } : null);
}

/** The pool, started on first use (null when threads = 1 or it failed). */
function ensurePool(): Pool | null {
  if (pool === null && threads > 1) {
    pool = start(threads - 1);
    if (pool === null) {
      threads = 1;
      setSplitter(null);
    }
  }
  return pool;
}

/** The thread count of the element-wise kernels. */
export function wasmThreads(): number {
  return threads;
}

/** Blocks until every worker has started or `ms` pass; true when ready. */
export function waitWasmThreads(ms: number): boolean {
  const p = ensurePool();
  if (p === null) return true;
  return waitAtLeast(p.header, EW_JOB.READY, p.workers.length, ms);
}

/**
 * Runs `fn` with `n` threads for Wasm element-wise kernels (workers started
 * and ready first) splitting launches of at least `minElems` elements,
 * then stops them and restores the previous settings.
 */
export function withWasmThreads<T>(
  n: number,
  fn: () => T,
  minElems: number = EW_POOL.minElems,
): T {
  const old = threads, oldMin = EW_POOL.minElems;
  setWasmThreads(n);
  EW_POOL.minElems = minElems;
  try {
    if (!waitWasmThreads(10_000)) throw new Error("workers did not start");
    return fn();
  } finally {
    EW_POOL.minElems = oldMin;
    setWasmThreads(1);
    if (old > 1) setWasmThreads(old);
  }
}
