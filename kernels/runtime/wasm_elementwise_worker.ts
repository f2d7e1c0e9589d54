// A worker of the Wasm element-wise pool (wasm_elementwise_pool.ts): gets
// the shared memory (the heap) and its job header's address, then blocks on
// the header's generation and claims chunks of each job. Kernel modules arrive as messages; a job whose
// kernel it does not have yet is skipped (acknowledged) and the worker
// parks until the module's message comes, then resumes waiting.

import { kernelImports, WASM_EW_HEADER } from "./wasm_elementwise.ts";
import { EW_JOB, runChunks } from "./wasm_elementwise_pool.ts";

interface Start {
  readonly memory: WebAssembly.Memory;
  /** Byte address of the pool's job header in the heap. */
  readonly header: number;
}

interface KernelMsg {
  readonly id: number;
  readonly module: WebAssembly.Module;
  readonly calls: readonly string[];
}

let mem: WebAssembly.Memory | null = null;
let h: Int32Array<ArrayBufferLike> = new Int32Array(0);
let gen = 0;
let parked = false;
const kernels = new Map<number, (a: number, lo: number, hi: number) => void>();

function done(): void {
  Atomics.add(h, EW_JOB.DONE, 1);
  Atomics.notify(h, EW_JOB.DONE);
}

function serve(): void {
  for (;;) {
    Atomics.wait(h, EW_JOB.GEN, gen);
    gen = Atomics.load(h, EW_JOB.GEN);
    if (Atomics.load(h, EW_JOB.QUIT) !== 0) return;
    const run = kernels.get(h[EW_JOB.KID]);
    if (run === undefined) {
      parked = true;
      done();
      return; // back to the event loop for the module's message
    }
    try {
      runChunks({ run }, h);
    } catch (_) {
      Atomics.store(h, EW_JOB.TRAP, 1); // the main thread reruns it as JS
    }
    done();
  }
}

globalThis.addEventListener("message", (e: Event) => {
  const d = (e as MessageEvent<Start | KernelMsg>).data;
  if ("memory" in d) {
    mem = d.memory;
    h = new Int32Array(mem.buffer, d.header, WASM_EW_HEADER >> 2);
    gen = Atomics.load(h, EW_JOB.GEN);
    Atomics.add(h, EW_JOB.READY, 1);
    Atomics.notify(h, EW_JOB.READY);
    serve();
    return;
  }
  const inst = new WebAssembly.Instance(d.module, kernelImports(mem!, d.calls));
  kernels.set(
    d.id,
    inst.exports.kernel as (a: number, lo: number, hi: number) => void,
  );
  Atomics.add(h, EW_JOB.ACK, 1);
  Atomics.notify(h, EW_JOB.ACK);
  if (parked) {
    parked = false;
    serve();
  }
});
