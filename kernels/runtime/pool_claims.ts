// Claiming a job's units of work (GEMM tiles, Adam chunks) in the pool's
// shared header without waiting for threads that have nothing to do. One
// 64-bit claim word holds the job's tag (its generation) and two 16-bit
// counts: units claimed from the front and from the back. A thread claims a
// unit with a compare-exchange that also checks the tag, so a worker that
// wakes late, after the job it was woken for has ended, can never claim a
// unit of the next job through a stale view of the header. The main thread
// waits for the units it did not run to be finished, not for every worker
// to report: a worker descheduled before it claimed anything no longer
// holds the job up.

import { JOB } from "./wasm_gemm_driver.ts";

/** Most units one job may have (the counts are 16 bits; see `closeClaims`). */
export const MAX_UNITS = 0x7fff;

/** Front count of a closed word: past any job's units. */
const CLOSED = 0xffff;

const words = new WeakMap<Int32Array, BigUint64Array>();

/** The claim word of header `h`, as a one-element 64-bit view. */
function wordOf(h: Int32Array): BigUint64Array {
  let w = words.get(h);
  if (w === undefined) {
    const at = h.byteOffset + JOB.CLAIM * 4;
    if (at % 8 !== 0) throw new Error("pool header is not 8-byte aligned");
    w = new BigUint64Array(h.buffer, at, 1);
    words.set(h, w);
  }
  return w;
}

function pack(gen: number, front: number, back: number): bigint {
  return (BigInt(gen >>> 0) << 32n) | (BigInt(front) << 16n) | BigInt(back);
}

/**
 * Opens job `gen` with `units` units: call after the job's parameters are
 * written and before the generation is published to the workers.
 */
export function openClaims(h: Int32Array, gen: number, units: number): void {
  if (!(units >= 0 && units <= MAX_UNITS)) {
    throw new Error(`a pool job has at most ${MAX_UNITS} units, not ${units}`);
  }
  h[JOB.UNITS] = units;
  Atomics.store(h, JOB.FINISHED, 0);
  Atomics.store(wordOf(h), 0, pack(gen, 0, 0));
}

/**
 * Claims the next unit of job `gen` from the front (the main thread) or the
 * back (workers); -1 when the job has no unclaimed unit or is not the
 * current one. Units are numbered 0..units-1.
 */
export function claimUnit(h: Int32Array, gen: number, front: boolean): number {
  const w = wordOf(h), tag = BigInt(gen >>> 0);
  for (;;) {
    const v = Atomics.load(w, 0);
    if (v >> 32n !== tag) return -1;
    const f = Number((v >> 16n) & 0xffffn), b = Number(v & 0xffffn);
    // Read after the word: a tag that matches makes this job's count visible.
    const units = h[JOB.UNITS];
    if (f + b >= units) return -1;
    const next = front ? v + 0x10000n : v + 1n;
    if (Atomics.compareExchange(w, 0, v, next) === v) {
      return front ? f : units - 1 - b;
    }
  }
}

/** Records one claimed unit as finished (also when it failed). */
export function finishUnit(h: Int32Array): void {
  Atomics.add(h, JOB.FINISHED, 1);
  Atomics.notify(h, JOB.FINISHED);
}

/**
 * Closes job `gen` to further claims and returns how many units were
 * claimed in all. After it, no thread can claim a unit of this job, so the
 * header may be rewritten once those units are finished. Called once a
 * job, by the thread that opened it (only claims write the word between).
 */
export function closeClaims(h: Int32Array, gen: number): number {
  const w = wordOf(h), closed = pack(gen, CLOSED, 0);
  for (;;) {
    const v = Atomics.load(w, 0);
    if (Atomics.compareExchange(w, 0, v, closed) === v) {
      const f = Number((v >> 16n) & 0xffffn), b = Number(v & 0xffffn);
      return Math.min(f + b, h[JOB.UNITS]);
    }
  }
}

/** Blocks until `count` units of the current job are finished. */
export function waitFinished(h: Int32Array, count: number): void {
  const slot = JOB.FINISHED;
  // The others' last units end about when ours does: poll before sleeping.
  for (let i = 0; i < 1 << 16; i++) {
    if (Atomics.load(h, slot) >= count) return;
  }
  for (;;) {
    const d = Atomics.load(h, slot);
    if (d >= count) return;
    Atomics.wait(h, slot, d);
  }
}

/**
 * Runs the units this thread claims of job `gen` through `run`, counting
 * each as finished even when `run` throws (the error then propagates).
 */
export function runClaimed(
  h: Int32Array,
  gen: number,
  front: boolean,
  run: (unit: number) => void,
): void {
  for (;;) {
    const u = claimUnit(h, gen, front);
    if (u < 0) return;
    try {
      run(u);
    } finally {
      finishUnit(h);
    }
  }
}
