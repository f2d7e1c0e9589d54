// One f32 GEMM call on the Wasm backend: stages the spans of A and B that
// the strided views touch into shared Wasm memory (a memcpy each), copies C
// in when accumulating, writes the job header, runs the tiles on the main
// thread or the pool, and copies C back. Products too big for the memory
// are split in halves (over m, n or k, the k halves accumulating).

import type { GemmParams } from "./gemm_contract.ts";
import {
  GEMM,
  type GemmExports,
  HEADER_BYTES,
  JOB,
  PACK_BYTES,
  roundUp,
  runTiles,
} from "./wasm_gemm_driver.ts";
import { poolReady, runOnPool, type WasmPool } from "./wasm_pool.ts";

/** The instantiated backend state one call needs. */
export interface WasmGemmState {
  readonly memory: WebAssembly.Memory;
  readonly ex: GemmExports;
  readonly pool: WasmPool | null;
  /** Threads that may run a job (1 + workers). */
  readonly threads: number;
  /** Largest memory in bytes. */
  readonly maxBytes: number;
}

/** Products with at least this many multiply-adds use the pool. */
export const THREAD_MIN_WORK = 1 << 21;

/** Element index range [lo, hi] that a strided rows×cols view touches. */
function span(off: number, rows: number, rs: number, cols: number, cs: number) {
  const r = (rows - 1) * rs, c = (cols - 1) * cs;
  return {
    lo: off + Math.min(0, r) + Math.min(0, c),
    hi: off + Math.max(0, r) + Math.max(0, c),
  };
}

function ensureBytes(mem: WebAssembly.Memory, bytes: number): void {
  const have = mem.buffer.byteLength;
  if (bytes > have) mem.grow(Math.ceil((bytes - have) / 65536));
}

function half(p: GemmParams<Float32Array>): GemmParams<Float32Array>[] {
  if (p.k >= p.m && p.k >= p.n) {
    const k1 = p.k >> 1;
    return [
      { ...p, k: k1 },
      {
        ...p,
        k: p.k - k1,
        aOffset: p.aOffset + k1 * p.aColStride,
        bOffset: p.bOffset + k1 * p.bRowStride,
        accumulate: true,
      },
    ];
  }
  if (p.m >= p.n) {
    const m1 = p.m >> 1;
    return [{ ...p, m: m1 }, {
      ...p,
      m: p.m - m1,
      aOffset: p.aOffset + m1 * p.aRowStride,
      cOffset: p.cOffset + m1 * p.ldc,
    }];
  }
  const n1 = p.n >> 1;
  return [{ ...p, n: n1 }, {
    ...p,
    n: p.n - n1,
    bOffset: p.bOffset + n1 * p.bColStride,
    cOffset: p.cOffset + n1,
  }];
}

/**
 * Rows per band and columns per stripe for `threads` threads (see
 * wasmSgemm): bands when m >= n, stripes otherwise.
 */
export function splitWork(
  m: number,
  n: number,
  threads: number,
): { bandRows: number; stripe: number } {
  const { MR, NR, NC } = GEMM;
  if (threads <= 1) return { bandRows: roundUp(m, MR), stripe: NC };
  if (m >= n) {
    const bands = Math.min(threads, Math.ceil(m / MR));
    return { bandRows: roundUp(Math.ceil(m / bands), MR), stripe: NC };
  }
  const stripes = Math.min(threads, Math.ceil(n / NR));
  const stripe = Math.min(NC, roundUp(Math.ceil(n / stripes), NR));
  return { bandRows: roundUp(m, MR), stripe };
}

/** C (+)= A·B for one call (see GemmParams). */
export function wasmSgemm(
  st: WasmGemmState,
  p: GemmParams<Float32Array>,
): void {
  const { m, n, k } = p;
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!p.accumulate) {
      for (let i = 0; i < m; i++) {
        p.c.fill(0, p.cOffset + i * p.ldc, p.cOffset + i * p.ldc + n);
      }
    }
    return;
  }
  const sa = span(p.aOffset, m, p.aRowStride, k, p.aColStride);
  const sb = span(p.bOffset, k, p.bRowStride, n, p.bColStride);
  const mp = roundUp(m, GEMM.MR), np = roundUp(n, GEMM.NR);
  const aBytes = roundUp((sa.hi - sa.lo + 1) * 4, 16);
  const bBytes = roundUp((sb.hi - sb.lo + 1) * 4, 16);
  const cBytes = mp * np * 4;
  const packs = HEADER_BYTES;
  const aAt = packs + st.threads * PACK_BYTES;
  const bAt = aAt + aBytes, cAt = bAt + bBytes, total = cAt + cBytes;
  if (total > st.maxBytes) {
    if (m * n * k === 1) throw new Error("Wasm memory is too small for GEMM");
    for (const q of half(p)) wasmSgemm(st, q);
    return;
  }
  ensureBytes(st.memory, total);
  const f = new Float32Array(st.memory.buffer);
  f.set(p.a.subarray(sa.lo, sa.hi + 1), aAt >> 2);
  f.set(p.b.subarray(sb.lo, sb.hi + 1), bAt >> 2);
  const c0 = cAt >> 2;
  if (p.accumulate) {
    for (let i = 0; i < m; i++) {
      const s = p.cOffset + i * p.ldc;
      f.set(p.c.subarray(s, s + n), c0 + i * np);
    }
  }
  const h = new Int32Array(st.memory.buffer, 0, 64);
  h[JOB.M] = m;
  h[JOB.N] = n;
  h[JOB.K] = k;
  h[JOB.A] = aAt + (p.aOffset - sa.lo) * 4;
  h[JOB.ARS] = p.aRowStride * 4;
  h[JOB.ACS] = p.aColStride * 4;
  h[JOB.B] = bAt + (p.bOffset - sb.lo) * 4;
  h[JOB.BRS] = p.bRowStride * 4;
  h[JOB.BCS] = p.bColStride * 4;
  h[JOB.C] = cAt;
  h[JOB.LDC] = np * 4;
  h[JOB.ACC] = p.accumulate ? 1 : 0;
  // Threaded, the product is cut into one piece per thread: bands of rows
  // when m >= n (each thread packs all of B), else stripes of columns (each
  // packs all of A), so the operand packed twice is the smaller one. Pieces
  // are whole micro-tiles; unthreaded, one band of NC-wide stripes.
  const big = m * n * k >= THREAD_MIN_WORK;
  const pooled = st.pool !== null && big && poolReady(st.pool);
  const split = splitWork(m, n, pooled ? st.threads : 1);
  h[JOB.BAND_ROWS] = split.bandRows;
  h[JOB.STRIPE] = split.stripe;
  h[JOB.TILES_N] = Math.ceil(n / split.stripe);
  h[JOB.TILES] = Math.ceil(m / split.bandRows) * h[JOB.TILES_N];
  h[JOB.PACK] = packs;
  if (pooled && h[JOB.TILES] > 1) {
    runOnPool(st.pool, st.ex);
  } else {
    Atomics.store(h, JOB.NEXT, 0);
    runTiles(st.ex, h, 0);
  }
  if (n === np && p.ldc === n) {
    p.c.set(f.subarray(c0, c0 + m * n), p.cOffset); // one copy for dense C
    return;
  }
  for (let i = 0; i < m; i++) {
    const s = c0 + i * np;
    p.c.set(f.subarray(s, s + n), p.cOffset + i * p.ldc);
  }
}
