// Packing and the register-blocked micro-kernel of the js backend's GEMM:
// strided blocks of A and B are copied into contiguous f64 panels (zero
// padded to whole MR×NR tiles), which the 3×4 micro-kernel streams through
// (12 accumulators + 4 operands fit x64's 16 float registers; 3×4 measured
// ~15% faster than 4×4, 2×4 and 2×8 in V8).

import type { FloatArray } from "./gemm_contract.ts";

/** Rows of C one micro-kernel call computes. */
export const MR = 3;
/** Columns of C one micro-kernel call computes. */
export const NR = 4;

/**
 * Packs rows [i0, i0+mc) × depth [p0, p0+kc) of A into `dst` as panels of MR
 * rows: panel r, depth p, row q lands at `r*MR*kc + p*MR + q`; rows past `mc`
 * are zeros.
 */
export function packA(
  a: FloatArray,
  base: number,
  rs: number,
  cs: number,
  mc: number,
  kc: number,
  dst: Float64Array,
): void {
  let o = 0;
  for (let i = 0; i < mc; i += MR) {
    const rows = mc - i < MR ? mc - i : MR;
    const r0 = base + i * rs;
    if (rows === MR) {
      const r1 = r0 + rs, r2 = r1 + rs;
      for (let p = 0, q = 0; p < kc; p++, q += cs) {
        dst[o] = a[r0 + q];
        dst[o + 1] = a[r1 + q];
        dst[o + 2] = a[r2 + q];
        o += MR;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) {
          dst[o + r] = r < rows ? a[r0 + r * rs + p * cs] : 0;
        }
        o += MR;
      }
    }
  }
}

/**
 * Packs depth [p0, p0+kc) × columns [j0, j0+nc) of B into `dst` as panels of
 * NR columns: panel c, depth p, column q lands at `c*NR*kc + p*NR + q`;
 * columns past `nc` are zeros.
 */
export function packB(
  b: FloatArray,
  base: number,
  rs: number,
  cs: number,
  kc: number,
  nc: number,
  dst: Float64Array,
): void {
  let o = 0;
  for (let j = 0; j < nc; j += NR) {
    const cols = nc - j < NR ? nc - j : NR;
    const c0 = base + j * cs;
    if (cols === NR) {
      const c1 = c0 + cs, c2 = c1 + cs, c3 = c2 + cs;
      for (let p = 0, q = 0; p < kc; p++, q += rs) {
        dst[o] = b[c0 + q];
        dst[o + 1] = b[c1 + q];
        dst[o + 2] = b[c2 + q];
        dst[o + 3] = b[c3 + q];
        o += NR;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let c = 0; c < NR; c++) {
          dst[o + c] = c < cols ? b[c0 + c * cs + p * rs] : 0;
        }
        o += NR;
      }
    }
  }
}

/**
 * One MR×NR tile: C[ci..] (+)= Apanel · Bpanel over `kc` depths. The sum
 * starts from C's value when `load` (accumulating, or a later depth block),
 * else from 0, and runs over the depths in order. Only `mr`×`nr` of the tile
 * is written (edge tiles).
 */
export function microKernel(
  kc: number,
  pa: Float64Array,
  ia: number,
  pb: Float64Array,
  ib: number,
  c: FloatArray,
  ci: number,
  ldc: number,
  mr: number,
  nr: number,
  load: boolean,
  tile: Float64Array,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  const full = mr === MR && nr === NR;
  if (load) {
    if (full) {
      const r1 = ci + ldc, r2 = r1 + ldc;
      c00 = c[ci], c01 = c[ci + 1], c02 = c[ci + 2], c03 = c[ci + 3];
      c10 = c[r1], c11 = c[r1 + 1], c12 = c[r1 + 2], c13 = c[r1 + 3];
      c20 = c[r2], c21 = c[r2 + 1], c22 = c[r2 + 2], c23 = c[r2 + 3];
    } else {
      tile.fill(0);
      for (let i = 0; i < mr; i++) {
        for (let j = 0; j < nr; j++) tile[i * NR + j] = c[ci + i * ldc + j];
      }
      c00 = tile[0], c01 = tile[1], c02 = tile[2], c03 = tile[3];
      c10 = tile[4], c11 = tile[5], c12 = tile[6], c13 = tile[7];
      c20 = tile[8], c21 = tile[9], c22 = tile[10], c23 = tile[11];
    }
  }
  for (let p = 0; p < kc; p++, ia += MR, ib += NR) {
    const a0 = pa[ia], a1 = pa[ia + 1], a2 = pa[ia + 2];
    let b = pb[ib];
    c00 += a0 * b, c10 += a1 * b, c20 += a2 * b;
    b = pb[ib + 1];
    c01 += a0 * b, c11 += a1 * b, c21 += a2 * b;
    b = pb[ib + 2];
    c02 += a0 * b, c12 += a1 * b, c22 += a2 * b;
    b = pb[ib + 3];
    c03 += a0 * b, c13 += a1 * b, c23 += a2 * b;
  }
  if (full) {
    const r1 = ci + ldc, r2 = r1 + ldc;
    c[ci] = c00, c[ci + 1] = c01, c[ci + 2] = c02, c[ci + 3] = c03;
    c[r1] = c10, c[r1 + 1] = c11, c[r1 + 2] = c12, c[r1 + 3] = c13;
    c[r2] = c20, c[r2 + 1] = c21, c[r2 + 2] = c22, c[r2 + 3] = c23;
    return;
  }
  tile[0] = c00, tile[1] = c01, tile[2] = c02, tile[3] = c03;
  tile[4] = c10, tile[5] = c11, tile[6] = c12, tile[7] = c13;
  tile[8] = c20, tile[9] = c21, tile[10] = c22, tile[11] = c23;
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) c[ci + i * ldc + j] = tile[i * NR + j];
  }
}
