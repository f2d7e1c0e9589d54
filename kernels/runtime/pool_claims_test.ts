// The pool's claim protocol (pool_claims.ts): units go to one thread each,
// from the front or the back; a worker holding a stale generation claims
// nothing of the next job; a job finishes without waiting for workers that
// never showed up.

import assert from "node:assert/strict";
import {
  claimUnit,
  closeClaims,
  finishUnit,
  MAX_UNITS,
  openClaims,
  runClaimed,
  waitFinished,
} from "./pool_claims.ts";
import { JOB } from "./wasm_gemm_driver.ts";

function header(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(256), 0, 64);
}

Deno.test("pool claims: front and back claims split the units, each once", () => {
  const h = header();
  openClaims(h, 7, 5);
  assert.equal(claimUnit(h, 7, true), 0);
  assert.equal(claimUnit(h, 7, false), 4);
  assert.equal(claimUnit(h, 7, true), 1);
  assert.equal(claimUnit(h, 7, false), 3);
  assert.equal(claimUnit(h, 7, true), 2);
  assert.equal(claimUnit(h, 7, false), -1);
  assert.equal(claimUnit(h, 7, true), -1);
  assert.equal(closeClaims(h, 7), 5);
});

Deno.test("pool claims: a stale generation claims nothing of the next job", () => {
  const h = header();
  openClaims(h, 1, 2);
  assert.equal(claimUnit(h, 1, true), 0);
  assert.equal(claimUnit(h, 1, true), 1);
  assert.equal(closeClaims(h, 1), 2);
  // A worker woken for job 1 comes late: job 1 is closed.
  assert.equal(claimUnit(h, 1, false), -1);
  // The next job has more units; the late worker still claims none of it.
  openClaims(h, 2, 4);
  assert.equal(claimUnit(h, 1, false), -1);
  assert.equal(claimUnit(h, 2, false), 3);
  assert.equal(closeClaims(h, 2), 1, "closing counts the claimed units");
  assert.equal(claimUnit(h, 2, true), -1, "closed: no more claims");
});

Deno.test("pool claims: a generation past 2^31 and a job of MAX_UNITS", () => {
  const h = header();
  const gen = -5; // the i32 generation wraps; tags compare its unsigned bits
  openClaims(h, gen, MAX_UNITS);
  assert.equal(claimUnit(h, gen, false), MAX_UNITS - 1);
  assert.equal(claimUnit(h, gen >>> 0, true), 0);
  assert.equal(claimUnit(h, gen + 1, true), -1);
  assert.throws(() => openClaims(h, 1, MAX_UNITS + 1), /at most/);
});

Deno.test("pool claims: runClaimed counts a failed unit as finished", () => {
  const h = header();
  openClaims(h, 3, 3);
  const ran: number[] = [];
  assert.throws(() =>
    runClaimed(h, 3, true, (u) => {
      ran.push(u);
      if (u === 1) throw new Error("trap");
    }), /trap/);
  assert.deepEqual(ran, [0, 1]);
  assert.equal(closeClaims(h, 3), 2);
  assert.equal(h[JOB.FINISHED], 2);
  waitFinished(h, 2); // returns at once
});

Deno.test("pool claims: waiting ends when another thread finishes its unit", async () => {
  const h = header();
  openClaims(h, 9, 2);
  assert.equal(claimUnit(h, 9, false), 1); // "the worker's" unit
  runClaimed(h, 9, true, () => {});
  const claimed = closeClaims(h, 9);
  assert.equal(claimed, 2);
  assert.equal(h[JOB.FINISHED], 1);
  // Another thread finishes the worker's unit while this one waits.
  const src = `self.onmessage = (e) => {
    const h = new Int32Array(e.data, 0, 64);
    setTimeout(() => { Atomics.add(h, ${JOB.FINISHED}, 1); Atomics.notify(h, ${JOB.FINISHED}); }, 20);
  };`;
  const w = new Worker(
    URL.createObjectURL(new Blob([src], { type: "text/javascript" })),
    { type: "module" },
  );
  try {
    w.postMessage(h.buffer);
    waitFinished(h, claimed);
    assert.equal(Atomics.load(h, JOB.FINISHED), 2);
  } finally {
    w.terminate();
  }
  finishUnit(h);
  assert.equal(h[JOB.FINISHED], 3);
  await Promise.resolve();
});
