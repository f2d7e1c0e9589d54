// The `js` CPU backend: a cache-blocked, register-blocked GEMM in plain
// JavaScript for f32 and f64 over strided operands (GotoBLAS loop order:
// B panels of KC×NC, A blocks of MC×KC, 3×4 micro-tiles). Always available;
// the registry's fallback. Single-threaded (`threads` is ignored).

import type {
  BackendOptions,
  CpuBackend,
  FloatArray,
  GemmParams,
} from "./gemm_contract.ts";
import { microKernel, MR, NR, packA, packB } from "./js_backend_pack.ts";

/** Block sizes: rows of A per packed block, depth per block, columns of B. */
export const BLOCKING = { mc: 96, kc: 1024, nc: 512 };

/** Below this many multiply-adds the direct loop beats packing. */
const SMALL = 32 * 32 * 32;

let packedA: Float64Array = new Float64Array(0);
let packedB: Float64Array = new Float64Array(0);
let row: Float64Array = new Float64Array(0);
const tile = new Float64Array(MR * NR);

function ensure(buf: Float64Array, n: number): Float64Array {
  return buf.length >= n ? buf : new Float64Array(Math.max(n, buf.length * 2));
}

/**
 * `C (+)= A·B` for any strides, f32 or f64 (all three arrays of one type).
 * Each element's sum starts from C (when accumulating) or 0 and runs over
 * the depth in order, in binary64; f32 results are rounded when stored,
 * which happens once per KC-deep block.
 */
export function jsGemm(p: GemmParams): void {
  const { m, n, k } = p;
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!p.accumulate) zeroC(p);
    return;
  }
  if (m === 1 || n === 1 || m * n * k <= SMALL) direct(p);
  else blocked(p);
}

function zeroC(p: GemmParams): void {
  for (let i = 0; i < p.m; i++) {
    const o = p.cOffset + i * p.ldc;
    p.c.fill(0, o, o + p.n);
  }
}

/** Unpacked loops: i-p-j with a row accumulator when B's rows are dense. */
function direct(p: GemmParams): void {
  const { m, n, k, a, b, c, ldc, accumulate } = p;
  const ars = p.aRowStride, acs = p.aColStride;
  const brs = p.bRowStride, bcs = p.bColStride;
  if (Math.abs(bcs) <= Math.abs(brs) || k === 1) {
    row = ensure(row, n);
    const acc = row;
    for (let i = 0; i < m; i++) {
      const ci = p.cOffset + i * ldc;
      if (accumulate) { for (let j = 0; j < n; j++) acc[j] = c[ci + j]; }
      else acc.fill(0, 0, n);
      const ai = p.aOffset + i * ars;
      for (let q = 0; q < k; q++) {
        const av = a[ai + q * acs];
        const bq = p.bOffset + q * brs;
        for (let j = 0, bj = bq; j < n; j++, bj += bcs) acc[j] += av * b[bj];
      }
      for (let j = 0; j < n; j++) c[ci + j] = acc[j];
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const ci = p.cOffset + i * ldc, ai = p.aOffset + i * ars;
    for (let j = 0; j < n; j++) {
      let s = accumulate ? c[ci + j] : 0;
      for (let q = 0, x = ai, y = p.bOffset + j * bcs; q < k; q++) {
        s += a[x] * b[y];
        x += acs;
        y += brs;
      }
      c[ci + j] = s;
    }
  }
}

/** The blocked GEMM: pack B panel, pack A block, sweep micro-tiles. */
function blocked(p: GemmParams): void {
  const { m, n, k, a, b, ldc } = p;
  const { mc: MC, kc: KC, nc: NC } = BLOCKING;
  const ars = p.aRowStride, acs = p.aColStride;
  const brs = p.bRowStride, bcs = p.bColStride;
  packedA = ensure(packedA, roundUp(Math.min(MC, m), MR) * Math.min(KC, k));
  packedB = ensure(packedB, roundUp(Math.min(NC, n), NR) * Math.min(KC, k));
  const pa = packedA, pb = packedB;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      const load = p.accumulate || pc > 0;
      packB(b, p.bOffset + pc * brs + jc * bcs, brs, bcs, kc, nc, pb);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(a, p.aOffset + ic * ars + pc * acs, ars, acs, mc, kc, pa);
        sweep(p.c, p.cOffset + ic * ldc + jc, ldc, mc, nc, kc, load);
      }
    }
  }
}

function sweep(
  c: FloatArray,
  base: number,
  ldc: number,
  mc: number,
  nc: number,
  kc: number,
  load: boolean,
): void {
  const pa = packedA, pb = packedB;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = nc - jr < NR ? nc - jr : NR;
    const ib = jr * kc;
    for (let ir = 0; ir < mc; ir += MR) {
      const mr = mc - ir < MR ? mc - ir : MR;
      microKernel(
        kc,
        pa,
        ir * kc,
        pb,
        ib,
        c,
        base + ir * ldc + jr,
        ldc,
        mr,
        nr,
        load,
        tile,
      );
    }
  }
}

function roundUp(x: number, step: number): number {
  return Math.ceil(x / step) * step;
}

/** The `js` backend record (always available). */
export const jsBackend: CpuBackend = {
  name: "js",
  init: (_opts: BackendOptions): string | null => null,
  sgemm: jsGemm,
  dgemm: jsGemm,
};
