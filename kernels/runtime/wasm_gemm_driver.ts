// The blocked GEMM loop shared by the main thread and the pool's workers: a
// job header in shared Wasm memory describes one product; C is cut into
// MC×NC tiles that threads claim with an atomic counter, and each tile is
// computed by one thread over kc blocks in increasing k order, so results
// do not depend on the thread count.

import {
  EPILOGUE_ACTS,
  epilogueExport,
} from "../codegen/wasm_gemm_epilogue.ts";

/** The generated module's exports (kernels/codegen/wasm_gemm.ts). */
export interface GemmExports {
  macro(
    kc: number,
    nc: number,
    mc: number,
    pa: number,
    pb: number,
    pc: number,
    ldc: number,
    load: number,
  ): void;
  packA(
    src: number,
    rs: number,
    cs: number,
    rows: number,
    kc: number,
    dst: number,
  ): void;
  packB(
    src: number,
    rs: number,
    cs: number,
    rows: number,
    kc: number,
    dst: number,
  ): void;
}

/** `macro_r<rows>`: `macro` for a partial row panel of `rows` < MR rows. */
type PartialMacro = GemmExports["macro"];

/**
 * Micro-tile and cache-block sizes. 6×8 (12 f32x4 accumulators, 2 B
 * vectors, 1 A broadcast: 15 of x64's 16 vector registers) ran ~7% faster
 * than 4×8 in the micro-kernel and ~10% end to end at 512-1024; 4×16 and
 * 8×8 spill. The blocking sizes mattered by < 3% (see docs/performance.md).
 */
export const GEMM = {
  MR: 6,
  NR: 8,
  MC: 120,
  KC: 256,
  NC: 1024,
  UNROLL: 2,
} as const;

/** Bytes of packing space one thread needs: packed A and packed B. */
export const PACK_BYTES = (GEMM.MC * GEMM.KC + GEMM.KC * GEMM.NC) * 4;

/** Slots of the i32 job header at byte 0 of the shared memory. */
export const JOB = {
  GEN: 0, // bumped to start a job
  DONE: 2, // workers that have quit (stopPool)
  READY: 3, // workers started
  QUIT: 4, // set to stop the workers
  UNITS: 5, // the job's units of work: tiles or chunks (runtime/pool_claims.ts)
  FINISHED: 6, // units finished
  M: 8,
  N: 9,
  K: 10,
  A: 11, // byte address of A(0, 0)
  ARS: 12, // byte strides of A
  ACS: 13,
  B: 14,
  BRS: 15,
  BCS: 16,
  C: 17, // byte address of the C buffer
  LDC: 18, // its row stride in bytes
  ACC: 19, // accumulate into C
  TILES_N: 20, // column stripes
  TILES: 21, // bands × stripes
  PACK: 22, // byte address of thread 0's packing space
  BAND_ROWS: 23, // rows per band (a multiple of MR)
  STRIPE: 24, // columns per stripe (a multiple of NR, at most NC)
  EPI: 25, // epilogue: -1 none, 0 bias alone, 1 + i EPILOGUE_ACTS[i]
  BIAS: 26, // byte address of the epilogue's bias, or -1
  KIND: 27, // what the job is: JOB_KIND
  // An Adam job (runtime/wasm_adam_job.ts): chunks of quads claimed by the
  // main thread from the front and by the workers from the back.
  CHUNK: 30, // quads per chunk
  ADAM: 32, // adam's 18 arguments (i32, then f32 bits): slots 32-49
  CLAIM: 52, // the 64-bit claim word (slots 52-53; runtime/pool_claims.ts)
} as const;

/** Values of the header's KIND slot. */
export const JOB_KIND = { GEMM: 0, ADAM: 1 } as const;

/** Bytes reserved for the header. */
export const HEADER_BYTES = 256;

/** Rounds `x` up to a multiple of `m`. */
export function roundUp(x: number, m: number): number {
  return Math.ceil(x / m) * m;
}

/**
 * Tile t: a band of rows (BAND_ROWS, a multiple of MR) by a column stripe
 * (STRIPE wide, at most NC). B's kc×nc block is packed once per kc step and
 * reused by every MC block of the band. Micro-tiles write whole MR-row
 * panels up to the last multiple of MR rows; the rows after it (only in the
 * band ending at row m) go through `macro_r<rows>`, which computes and
 * writes just those rows, so no row of C past m is ever touched.
 */
export function runTile(
  ex: GemmExports,
  h: Int32Array,
  t: number,
  pack: number,
): void {
  const epi = h[JOB.EPI] < 0 ? null : epilogueOf(ex, h[JOB.EPI]);
  const { MR, NR, MC, KC } = GEMM;
  const m = h[JOB.M], n = h[JOB.N], k = h[JOB.K], band = h[JOB.BAND_ROWS];
  const bi = Math.floor(t / h[JOB.TILES_N]), jc = t % h[JOB.TILES_N];
  const r0 = bi * band, r1 = Math.min(m, r0 + band);
  const stripe = h[JOB.STRIPE];
  const j0 = jc * stripe, nc = Math.min(stripe, n - j0), ncp = roundUp(nc, NR);
  const pa = pack, pb = pack + MC * KC * 4;
  const ldc = h[JOB.LDC], ars = h[JOB.ARS], acs = h[JOB.ACS];
  const b = h[JOB.B] + j0 * h[JOB.BCS];
  const acc = h[JOB.ACC] !== 0;
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = Math.min(KC, k - p0);
    const last = p0 + kc >= k;
    ex.packB(b + p0 * h[JOB.BRS], h[JOB.BCS], h[JOB.BRS], nc, kc, pb);
    const load = p0 > 0 || acc ? 1 : 0;
    for (let i0 = r0; i0 < r1; i0 += MC) {
      const mc = Math.min(MC, r1 - i0);
      const rest = mc % MR, full = mc - rest;
      ex.packA(h[JOB.A] + i0 * ars + p0 * acs, ars, acs, mc, kc, pa);
      const c = h[JOB.C] + i0 * ldc + j0 * 4;
      if (full > 0) ex.macro(kc, ncp, full, pa, pb, c, ldc, load);
      if (rest > 0) {
        partialMacro(ex, rest)(
          kc,
          ncp,
          rest,
          pa + full * kc * 4,
          pb,
          c + full * ldc,
          ldc,
          load,
        );
      }
      // The block's last kc step: its epilogue while it is in cache.
      if (last && epi !== null) {
        const bias = h[JOB.BIAS];
        epi(c, ldc, mc, nc, bias < 0 ? -1 : bias + j0 * 4);
      }
    }
  }
}

/** The `macro_r<rows>` export. */
function partialMacro(ex: GemmExports, rows: number): PartialMacro {
  return (ex as unknown as Record<string, PartialMacro>)[`macro_r${rows}`];
}

/** An epilogue export: `(c, ldc, rows, cols, bias)`. */
type EpilogueFn = (
  c: number,
  ldc: number,
  rows: number,
  cols: number,
  bias: number,
) => void;

/** The epilogue export for header code `code` (see JOB.EPI). */
function epilogueOf(ex: GemmExports, code: number): EpilogueFn {
  const name = epilogueExport(code === 0 ? null : EPILOGUE_ACTS[code - 1]);
  return (ex as unknown as Record<string, EpilogueFn>)[name];
}

/** Byte address of thread `thread`'s packing space for the job in `h`. */
export function packSpace(h: Int32Array, thread: number): number {
  return h[JOB.PACK] + thread * PACK_BYTES;
}

/** Computes every tile of the job in the header on this thread (thread 0). */
export function runAllTiles(ex: GemmExports, h: Int32Array): void {
  const pack = packSpace(h, 0), tiles = h[JOB.TILES];
  for (let t = 0; t < tiles; t++) runTile(ex, h, t, pack);
}
