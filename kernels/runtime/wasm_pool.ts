// The Wasm worker pool: N-1 workers (the main thread is the Nth) share the
// GEMM module and the heap (wasm_heap.ts), and one job header there; a job is
// started by bumping the header's generation, its units are claimed by
// whichever thread comes first (pool_claims.ts), and the main thread blocks
// with Atomics.wait until every claimed unit is finished. Workers wait inside
// Atomics.wait, so they never keep the process alive; `stopPool` ends them.

import { JOB } from "./wasm_gemm_driver.ts";
import {
  closeClaims,
  openClaims,
  runClaimed,
  waitFinished,
} from "./pool_claims.ts";

/** A started pool. */
export interface WasmPool {
  readonly workers: readonly Worker[];
  readonly memory: WebAssembly.Memory;
  /** The job header (i32 slots of JOB) at its heap address. */
  readonly header: Int32Array;
}

/**
 * Starts `count` workers on `module` (the GEMM's) and `adam` (the Adam
 * step's, or null: no Adam jobs) over `memory`, threads 1..count, that serve
 * the job header at byte address `header`.
 */
export function startPool(
  module: WebAssembly.Module,
  adam: WebAssembly.Module | null,
  memory: WebAssembly.Memory,
  count: number,
  header: number,
): WasmPool | string {
  const workers: Worker[] = [];
  try {
    for (let t = 1; t <= count; t++) {
      const w = new Worker(new URL("./wasm_worker.ts", import.meta.url), {
        type: "module",
      });
      w.postMessage({ module, adam, memory, thread: t, header });
      workers.push(w);
    }
  } catch (e) {
    for (const w of workers) w.terminate();
    return `cannot start worker threads: ${(e as Error).message}`;
  }
  return {
    workers,
    memory,
    header: new Int32Array(memory.buffer, header, 64),
  };
}

function header(pool: WasmPool): Int32Array {
  return pool.header;
}

/** Whether every worker has started (jobs before that run on one thread). */
export function poolReady(pool: WasmPool): boolean {
  return Atomics.load(header(pool), JOB.READY) === pool.workers.length;
}

/** Blocks until the workers have started or `ms` milliseconds pass. */
export function waitPoolReady(pool: WasmPool, ms: number): boolean {
  const h = header(pool), end = performance.now() + ms;
  for (;;) {
    const r = Atomics.load(h, JOB.READY);
    if (r === pool.workers.length) return true;
    const left = end - performance.now();
    if (left <= 0) return false;
    Atomics.wait(h, JOB.READY, r, left);
  }
}

/**
 * Runs the job already written to the header, `units` units of work, on the
 * workers and the main thread: each unit goes to the first thread that
 * claims it, `run` runs the main thread's (a worker dispatches on the
 * header's KIND). Returns when every claimed unit is finished, without
 * waiting for workers that claimed none; rethrows `run`'s error after that.
 */
export function runOnPool(
  pool: WasmPool,
  units: number,
  run: (unit: number) => void,
): void {
  const h = header(pool);
  const gen = (h[JOB.GEN] + 1) | 0;
  openClaims(h, gen, units);
  Atomics.store(h, JOB.GEN, gen);
  Atomics.notify(h, JOB.GEN);
  try {
    runClaimed(h, gen, true, run);
  } finally {
    waitFinished(h, closeClaims(h, gen));
  }
}

/**
 * Stops the workers; true when every worker had started and has left the
 * header (so its heap block may be reused), false when one may still read it.
 */
export function stopPool(pool: WasmPool): boolean {
  const h = header(pool), n = pool.workers.length;
  const started = Atomics.load(h, JOB.READY) === n;
  Atomics.store(h, JOB.DONE, 0);
  Atomics.store(h, JOB.QUIT, 1);
  Atomics.add(h, JOB.GEN, 1);
  Atomics.notify(h, JOB.GEN);
  let left = started;
  const end = performance.now() + 1000;
  while (left) {
    const d = Atomics.load(h, JOB.DONE), wait = end - performance.now();
    if (d >= n) break;
    if (wait <= 0) left = false;
    else Atomics.wait(h, JOB.DONE, d, wait);
  }
  for (const w of pool.workers) w.terminate();
  return left;
}
