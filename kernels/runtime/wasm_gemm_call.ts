// One f32 GEMM call on the Wasm backend: operands that are heap views
// (wasm_heap.ts) are used in place; others have the span their strided
// view touches staged into a heap block (a memcpy each). C is written in
// place when it is a heap view whose n is whole micro-tiles (the
// micro-kernel stores whole tiles; the driver stages a last partial row
// panel itself), else into a staged block (copied in when accumulating)
// and copied back. Products too big for the memory are
// split in halves (over m, n or k, the k halves accumulating).

import type { GemmParams } from "./gemm_contract.ts";
import {
  GEMM,
  type GemmExports,
  HEADER_BYTES,
  JOB,
  JOB_KIND,
  PACK_BYTES,
  packSpace,
  roundUp,
  runAllTiles,
  runTile,
} from "./wasm_gemm_driver.ts";
import { poolReady, runOnPool, type WasmPool } from "./wasm_pool.ts";
import { MAX_UNITS } from "./pool_claims.ts";
import { heapAlloc, heapFree, heapOffsetOf } from "./wasm_heap.ts";
import { applyEpilogue } from "./gemm_epilogue.ts";
import { EPILOGUE_ACTS } from "../codegen/wasm_gemm_epilogue.ts";

/** The instantiated backend state one call needs. */
export interface WasmGemmState {
  readonly memory: WebAssembly.Memory;
  readonly ex: GemmExports;
  readonly pool: WasmPool | null;
  /** Threads that may run a job (1 + workers). */
  readonly threads: number;
  /** Largest memory in bytes. */
  readonly maxBytes: number;
  /** Heap address of the job header, followed by each thread's packing space. */
  readonly header: number;
  /** The job header's i32 slots (see JOB). */
  readonly h: Int32Array;
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

function half(p: GemmParams<Float32Array>): GemmParams<Float32Array>[] {
  if (p.k >= p.m && p.k >= p.n) {
    const k1 = p.k >> 1;
    return [
      { ...p, k: k1, epilogue: undefined }, // the epilogue follows the last half
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
  const e = p.epilogue;
  return [{ ...p, n: n1 }, {
    ...p,
    n: p.n - n1,
    bOffset: p.bOffset + n1 * p.bColStride,
    cOffset: p.cOffset + n1,
    epilogue: e === undefined ? e : { ...e, biasOffset: e.biasOffset + n1 },
  }];
}

/**
 * A threaded product of at most SHORT_WORK multiply-adds (~0.5 ms on one
 * thread) is cut into more pieces than threads where each piece can still
 * be PIECE_MIN rows (bands) or columns (stripes) wide: then a thread that
 * is on time takes over the pieces of one that starts late (a worker waking
 * or descheduled costs tens to hundreds of microseconds, as much as the
 * whole product). Each piece packs the whole shared operand again, about
 * 5 / width of its work (~3% at 192); longer products, where a late start
 * matters less than that, keep one piece a thread.
 */
export const PIECES = { SHORT_WORK: 1 << 24, PIECE_MIN: 192 } as const;

/** Pieces along a side of `len` for `threads` threads: a multiple of threads. */
function pieces(len: number, threads: number, work: number): number {
  if (work > PIECES.SHORT_WORK) return threads;
  return threads * Math.max(1, Math.floor(len / (threads * PIECES.PIECE_MIN)));
}

/**
 * Rows per band and columns per stripe for `threads` threads (see
 * wasmSgemm): bands when m >= n, stripes otherwise.
 */
export function splitWork(
  m: number,
  n: number,
  k: number,
  threads: number,
): { bandRows: number; stripe: number } {
  const { MR, NR, NC } = GEMM;
  if (threads <= 1) return { bandRows: roundUp(m, MR), stripe: NC };
  if (m >= n) {
    const bands = Math.min(pieces(m, threads, m * n * k), Math.ceil(m / MR));
    return { bandRows: roundUp(Math.ceil(m / bands), MR), stripe: NC };
  }
  const stripes = Math.min(pieces(n, threads, m * n * k), Math.ceil(n / NR));
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
    applyEpilogue(p);
    return;
  }
  const sa = span(p.aOffset, m, p.aRowStride, k, p.aColStride);
  const sb = span(p.bOffset, k, p.bRowStride, n, p.bColStride);
  const np = roundUp(n, GEMM.NR);
  const ha = heapOffsetOf(p.a), hb = heapOffsetOf(p.b), hc = heapOffsetOf(p.c);
  const direct = hc >= 0 && n === np && p.c !== p.a && p.c !== p.b;
  const aBytes = ha >= 0 ? 0 : roundUp((sa.hi - sa.lo + 1) * 4, 16);
  const bBytes = hb >= 0 ? 0 : roundUp((sb.hi - sb.lo + 1) * 4, 16);
  const cBytes = direct ? 0 : m * np * 4;
  const bias = p.epilogue?.bias ?? null;
  const hbias = bias === null ? -1 : heapOffsetOf(bias);
  const biasBytes = bias === null || hbias >= 0 ? 0 : roundUp(n * 4, 16);
  const scratch = aBytes + bBytes + cBytes + biasBytes;
  const total = HEADER_BYTES + st.threads * PACK_BYTES + scratch;
  const at = total > st.maxBytes ? -1 : scratch > 0 ? heapAlloc(scratch) : 0;
  if (at < 0) {
    if (m * n * k === 1) throw new Error("Wasm memory is too small for GEMM");
    for (const q of half(p)) wasmSgemm(st, q);
    return;
  }
  try {
    runProduct(st, p, {
      sa,
      sb,
      np,
      ha,
      hb,
      hc: direct ? hc : -1,
      hbias,
      at,
    });
  } finally {
    if (scratch > 0) heapFree(at);
  }
}

interface Layout {
  readonly sa: { lo: number; hi: number };
  readonly sb: { lo: number; hi: number };
  readonly np: number;
  /** Heap offsets of A, B and C used in place, or -1 (staged). */
  readonly ha: number;
  readonly hb: number;
  readonly hc: number;
  /** Heap offset of the epilogue's bias storage, or -1 (staged, if any). */
  readonly hbias: number;
  /** The scratch block: staged A, then B, then C, then the bias. */
  readonly at: number;
}

function runProduct(
  st: WasmGemmState,
  p: GemmParams<Float32Array>,
  { sa, sb, np, ha, hb, hc, hbias, at }: Layout,
): void {
  const { m, n, k } = p;
  const f = new Float32Array(st.memory.buffer);
  let aAddr: number, bAddr: number, cAddr: number, ldc: number;
  let next = at;
  if (ha >= 0) aAddr = ha + p.aOffset * 4;
  else {
    f.set(p.a.subarray(sa.lo, sa.hi + 1), next >> 2);
    aAddr = next + (p.aOffset - sa.lo) * 4;
    next += roundUp((sa.hi - sa.lo + 1) * 4, 16);
  }
  if (hb >= 0) bAddr = hb + p.bOffset * 4;
  else {
    f.set(p.b.subarray(sb.lo, sb.hi + 1), next >> 2);
    bAddr = next + (p.bOffset - sb.lo) * 4;
    next += roundUp((sb.hi - sb.lo + 1) * 4, 16);
  }
  const c0 = next >> 2;
  if (hc >= 0) {
    cAddr = hc + p.cOffset * 4;
    ldc = p.ldc * 4;
  } else {
    cAddr = next;
    ldc = np * 4;
    next += m * np * 4;
    if (p.accumulate) {
      for (let i = 0; i < m; i++) {
        const s = p.cOffset + i * p.ldc;
        f.set(p.c.subarray(s, s + n), c0 + i * np);
      }
    }
  }
  const h = st.h;
  h[JOB.M] = m;
  h[JOB.N] = n;
  h[JOB.K] = k;
  h[JOB.A] = aAddr;
  h[JOB.ARS] = p.aRowStride * 4;
  h[JOB.ACS] = p.aColStride * 4;
  h[JOB.B] = bAddr;
  h[JOB.BRS] = p.bRowStride * 4;
  h[JOB.BCS] = p.bColStride * 4;
  h[JOB.C] = cAddr;
  h[JOB.LDC] = ldc;
  h[JOB.ACC] = p.accumulate ? 1 : 0;
  const e = p.epilogue;
  h[JOB.EPI] = e === undefined || (e.bias === null && e.act === null)
    ? -1
    : e.act === null
    ? 0
    : 1 + EPILOGUE_ACTS.indexOf(e.act);
  h[JOB.BIAS] = -1;
  if (e !== undefined && e.bias !== null) {
    if (hbias >= 0) h[JOB.BIAS] = hbias + e.biasOffset * 4;
    else {
      f.set(e.bias.subarray(e.biasOffset, e.biasOffset + n), next >> 2);
      h[JOB.BIAS] = next;
    }
  }
  // Threaded, the product is cut into pieces (one a thread, more when it is
  // short: PIECES): bands of rows when m >= n (each piece packs all of B),
  // else stripes of columns (each packs all of A), so the operand packed
  // again is the smaller one. Pieces are whole micro-tiles; unthreaded, one
  // band of NC-wide stripes.
  const big = m * n * k >= THREAD_MIN_WORK;
  const pooled = st.pool !== null && big && poolReady(st.pool);
  const split = splitWork(m, n, k, pooled ? st.threads : 1);
  h[JOB.BAND_ROWS] = split.bandRows;
  h[JOB.STRIPE] = split.stripe;
  h[JOB.TILES_N] = Math.ceil(n / split.stripe);
  h[JOB.TILES] = Math.ceil(m / split.bandRows) * h[JOB.TILES_N];
  h[JOB.KIND] = JOB_KIND.GEMM;
  h[JOB.PACK] = st.header + HEADER_BYTES;
  if (pooled && h[JOB.TILES] > 1 && h[JOB.TILES] <= MAX_UNITS) {
    const pack = packSpace(h, 0);
    runOnPool(st.pool, h[JOB.TILES], (t) => runTile(st.ex, h, t, pack));
  } else runAllTiles(st.ex, h);
  if (hc >= 0) return; // written in place
  if (n === np && p.ldc === n) {
    p.c.set(f.subarray(c0, c0 + m * n), p.cOffset); // one copy for dense C
    return;
  }
  for (let i = 0; i < m; i++) {
    const s = c0 + i * np;
    p.c.set(f.subarray(s, s + n), p.cOffset + i * p.ldc);
  }
}
