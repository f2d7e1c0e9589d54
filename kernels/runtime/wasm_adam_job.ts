// Adam steps of big f32 parameters split across the GEMM pool's threads
// (runtime/wasm_pool.ts): the parameter's quads are cut into chunks; the
// main thread claims chunks from the front and the workers from the back,
// so with two threads each keeps updating the same half of the parameter
// (its moments stay in that core's cache) unless the other is late. Every
// element is computed by the same `adam` code, so results do not depend on
// the split.

import { ADAM_PARAMS } from "../codegen/wasm_adam.ts";
import { JOB, JOB_KIND } from "./wasm_gemm_driver.ts";
import { poolReady, runOnPool, type WasmPool } from "./wasm_pool.ts";

/** `adam`'s exported function (kernels/codegen/wasm_adam.ts). */
export type AdamFn = (...args: number[]) => void;

/** Dense steps of at least this many quads are split across the pool. */
export const ADAM_SPLIT_MIN_QUADS = 1 << 13;

/** Quads per chunk: about eight chunks a thread, whole cache lines. */
function adamChunk(quads: number, threads: number): number {
  return Math.max(256, Math.ceil(quads / (8 * threads) / 4) * 4);
}

/** Positions in ADAM_PARAMS: the quad count, the byte addresses of p, g,
 * m and v, the row length and the gradient's row stride. */
const QUADS = 0, ADDRESSES = [1, 2, 3, 4], COLS = 5, GRS = 6;

/**
 * Writes a dense Adam step (`args` as adam takes them: quads first, then the
 * p, g, m, v byte addresses, …) to the header as a job of `chunk`-quad chunks.
 */
function writeAdamJob(
  h: Int32Array,
  args: readonly number[],
  chunk: number,
): void {
  const f = new Float32Array(h.buffer, h.byteOffset, h.length);
  h[JOB.KIND] = JOB_KIND.ADAM;
  for (let i = 0; i < ADAM_PARAMS.length; i++) {
    if (ADAM_PARAMS[i] === "i32") h[JOB.ADAM + i] = args[i];
    else f[JOB.ADAM + i] = args[i];
  }
  h[JOB.CHUNK] = chunk;
}

/** Runs chunk `c` of the Adam job in the header. */
export function runAdamChunk(adam: AdamFn, h: Int32Array, c: number): void {
  const f = new Float32Array(h.buffer, h.byteOffset, h.length);
  const args: number[] = [];
  for (let i = 0; i < ADAM_PARAMS.length; i++) {
    args.push(ADAM_PARAMS[i] === "i32" ? h[JOB.ADAM + i] : f[JOB.ADAM + i]);
  }
  const quads = args[QUADS], chunk = h[JOB.CHUNK];
  const q0 = c * chunk, q1 = Math.min(quads, q0 + chunk);
  args[QUADS] = q1 - q0;
  for (const a of ADDRESSES) args[a] += q0 * 16;
  args[COLS] = args[GRS] = (q1 - q0) * 4; // one dense row of the chunk
  adam(...args);
}

/**
 * Runs a dense Adam step (`args` as adam takes them) on the pool's threads
 * and this one; false (nothing done) when the pool is not ready or the step
 * is too small to split.
 */
export function runAdamOnPool(
  pool: WasmPool,
  adam: AdamFn,
  args: readonly number[],
): boolean {
  const quads = args[QUADS];
  if (quads < ADAM_SPLIT_MIN_QUADS || !poolReady(pool)) return false;
  const h = pool.header, chunk = adamChunk(quads, pool.workers.length + 1);
  writeAdamJob(h, args, chunk);
  runOnPool(pool, Math.ceil(quads / chunk), (c) => runAdamChunk(adam, h, c));
  return true;
}
