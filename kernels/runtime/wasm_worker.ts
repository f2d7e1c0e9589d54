// A GEMM worker of the Wasm pool: instantiates the shared module over the
// shared memory (the heap), then blocks on the job header's generation
// counter and claims tiles of each GEMM job (wasm_gemm_driver.ts) or chunks
// of each Adam job (wasm_adam_job.ts), from the back (pool_claims.ts), until
// told to quit.

import {
  type GemmExports,
  JOB,
  JOB_KIND,
  packSpace,
  runTile,
} from "./wasm_gemm_driver.ts";
import { type AdamFn, runAdamChunk } from "./wasm_adam_job.ts";
import { runClaimed } from "./pool_claims.ts";

interface Start {
  readonly module: WebAssembly.Module;
  /** The Adam step's module, or null (no Adam jobs are sent). */
  readonly adam: WebAssembly.Module | null;
  readonly memory: WebAssembly.Memory;
  readonly thread: number;
  /** Byte address of the job header in the shared memory. */
  readonly header: number;
}

/**
 * How long a worker polls for the next job before it sleeps in Atomics.wait:
 * waking a sleeping thread takes tens of microseconds on a virtual machine,
 * as long as a small GEMM's share, while a training step's GEMMs come a few
 * hundred microseconds apart.
 */
const SPIN_MS = 0.5;

/** Polls the generation for SPIN_MS; true when it moved past `gen`. */
function spinFor(h: Int32Array, gen: number): boolean {
  const end = performance.now() + SPIN_MS;
  for (;;) {
    for (let i = 0; i < 256; i++) {
      if (Atomics.load(h, JOB.GEN) !== gen) return true;
    }
    if (performance.now() > end) return false;
  }
}

function serve(msg: Start): void {
  const inst = new WebAssembly.Instance(msg.module, {
    env: { memory: msg.memory },
  });
  const ex = inst.exports as unknown as GemmExports;
  const adam = msg.adam === null ? null : new WebAssembly.Instance(msg.adam, {
    env: { memory: msg.memory },
  }).exports.adam as AdamFn;
  const h = new Int32Array(msg.memory.buffer, msg.header, 64);
  const thread = msg.thread;
  // Read the generation before announcing readiness, so a job started right
  // after the announcement is not missed.
  let gen = Atomics.load(h, JOB.GEN);
  Atomics.add(h, JOB.READY, 1);
  Atomics.notify(h, JOB.READY);
  for (;;) {
    if (!spinFor(h, gen)) Atomics.wait(h, JOB.GEN, gen);
    gen = Atomics.load(h, JOB.GEN);
    if (Atomics.load(h, JOB.QUIT) !== 0) {
      Atomics.add(h, JOB.DONE, 1); // leaving the header for good
      Atomics.notify(h, JOB.DONE);
      return;
    }
    // KIND was written before this generation was published; if the job
    // has ended since, no claim below succeeds.
    if (h[JOB.KIND] === JOB_KIND.ADAM) {
      if (adam !== null) {
        runClaimed(h, gen, false, (c) => runAdamChunk(adam, h, c));
      }
    } else {
      runClaimed(h, gen, false, (t) => runTile(ex, h, t, packSpace(h, thread)));
    }
  }
}

globalThis.addEventListener("message", (e: Event) => {
  serve((e as MessageEvent<Start>).data);
});
