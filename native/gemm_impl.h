/* One GEMM (packing, cache blocking, micro-kernel, thread split) written
 * once over an element type; gemm.c includes it for f32 and for f64 after
 * defining T, FN(name), VEC and the V* vector operations, MR, NV, KC, MC, NC.
 *
 * C[m,n] (+)= A[m,k] B[k,n]. A and B have arbitrary element strides; C is
 * row-major with leading dimension ldc. Loop order (BLIS): jc (NC columns of
 * B, packed into KC x NC panels of NR columns) -> pc (KC of k) -> ic (MC rows
 * of A, packed into micro-panels of MR rows) -> jr -> ir -> micro-kernel.
 * Every element of C gets the same sequence of operations whatever the
 * thread split or block position (edge tiles run the full kernel on
 * zero-padded panels into a scratch tile), so results are bit-identical
 * across thread counts. */

#define NR (NV * VL)

/* One call's operands (pointers already offset) and its thread split. */
struct FN(job) {
  long m, n, k;
  const T *a;
  long ars, acs;
  const T *b;
  long brs, bcs;
  T *c;
  long ldc;
  int accumulate, nthreads, split_m, dot;
};

/* The micro-kernel: acc[MR][NR] = sum over p of a[p][i] * b[p][j] (packed
 * panels), then c = acc (first) or c += acc. */
static void FN(ukernel)(long kc, const T *restrict a, const T *restrict b,
                        T *restrict c, long ldc, int first) {
  VEC acc[MR][NV];
#pragma clang loop unroll(full)
  for (int i = 0; i < MR; i++)
#pragma clang loop unroll(full)
    for (int v = 0; v < NV; v++) acc[i][v] = VZERO();
  for (long p = 0; p < kc; p++) {
    VEC bv[NV];
#pragma clang loop unroll(full)
    for (int v = 0; v < NV; v++) bv[v] = VLOAD(b + v * VL);
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++) {
      VEC ai = VBCAST(a[i]);
#pragma clang loop unroll(full)
      for (int v = 0; v < NV; v++) acc[i][v] = VFMA(ai, bv[v], acc[i][v]);
    }
    a += MR;
    b += NR;
  }
  if (first) {
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++)
#pragma clang loop unroll(full)
      for (int v = 0; v < NV; v++) VSTOREU(c + i * ldc + v * VL, acc[i][v]);
  } else {
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++)
#pragma clang loop unroll(full)
      for (int v = 0; v < NV; v++) {
        T *cp = c + i * ldc + v * VL;
        VSTOREU(cp, VADD(VLOADU(cp), acc[i][v]));
      }
  }
}

/* Packs rows [0, mc) x cols [0, kc) of A (at a, strides rs/cs) into
 * micro-panels of MR rows: panel r holds a[p][i] at out[r*MR*kc + p*MR + i],
 * rows past mc zero. */
static void FN(pack_a)(long mc, long kc, const T *a, long rs, long cs,
                       T *restrict out) {
  for (long r = 0; r < mc; r += MR) {
    long rows = mc - r < MR ? mc - r : MR;
    const T *src = a + r * rs;
    if (rows == MR && cs == 1) {
      for (long p = 0; p < kc; p++)
#pragma clang loop unroll(full)
        for (int i = 0; i < MR; i++) out[p * MR + i] = src[i * rs + p];
    } else if (rows == MR && rs == 1) {
      for (long p = 0; p < kc; p++)
#pragma clang loop unroll(full)
        for (int i = 0; i < MR; i++) out[p * MR + i] = src[p * cs + i];
    } else {
      for (long p = 0; p < kc; p++) {
        long i = 0;
        for (; i < rows; i++) out[p * MR + i] = src[i * rs + p * cs];
        for (; i < MR; i++) out[p * MR + i] = 0;
      }
    }
    out += MR * kc;
  }
}

/* Packs rows [0, kc) x cols [0, nc) of B into micro-panels of NR columns:
 * panel s holds b[p][j] at out[s*NR*kc + p*NR + j], columns past nc zero. */
static void FN(pack_b)(long kc, long nc, const T *b, long rs, long cs,
                       T *restrict out) {
  for (long s = 0; s < nc; s += NR) {
    long cols = nc - s < NR ? nc - s : NR;
    const T *src = b + s * cs;
    if (cols == NR && cs == 1) {
      for (long p = 0; p < kc; p++)
#pragma clang loop unroll(full)
        for (int j = 0; j < NR; j++) out[p * NR + j] = src[p * rs + j];
    } else {
      for (long p = 0; p < kc; p++) {
        long j = 0;
        for (; j < cols; j++) out[p * NR + j] = src[p * rs + j * cs];
        for (; j < NR; j++) out[p * NR + j] = 0;
      }
    }
    out += NR * kc;
  }
}

/* The single-threaded blocked GEMM of C rows [m0, m1) x columns [n0, n1);
 * ap and bp are scratch of MC*KC and KC*NC elements (64-byte aligned). */
static void FN(gemm_region)(const struct FN(job) * j, long m0, long m1,
                            long n0, long n1, T *ap, T *bp) {
  T tile[MR * NR] __attribute__((aligned(64)));
  for (long jc = n0; jc < n1; jc += NC) {
    long nc = n1 - jc < NC ? n1 - jc : NC;
    for (long pc = 0; pc < j->k; pc += KC) {
      long kc = j->k - pc < KC ? j->k - pc : KC;
      int first = pc == 0 && !j->accumulate;
      FN(pack_b)(kc, nc, j->b + pc * j->brs + jc * j->bcs, j->brs, j->bcs, bp);
      for (long ic = m0; ic < m1; ic += MC) {
        long mc = m1 - ic < MC ? m1 - ic : MC;
        FN(pack_a)(mc, kc, j->a + ic * j->ars + pc * j->acs, j->ars, j->acs,
                   ap);
        for (long jr = 0; jr < nc; jr += NR) {
          long nr = nc - jr < NR ? nc - jr : NR;
          const T *bpan = bp + jr * kc;
          for (long ir = 0; ir < mc; ir += MR) {
            long mr = mc - ir < MR ? mc - ir : MR;
            T *cp = j->c + (ic + ir) * j->ldc + jc + jr;
            const T *apan = ap + ir * kc;
            if (mr == MR && nr == NR) {
              FN(ukernel)(kc, apan, bpan, cp, j->ldc, first);
            } else {
              FN(ukernel)(kc, apan, bpan, tile, NR, 1);
              for (long i = 0; i < mr; i++)
                for (long jj = 0; jj < nr; jj++)
                  cp[i * j->ldc + jj] = first ? tile[i * NR + jj]
                                              : cp[i * j->ldc + jj] +
                                                    tile[i * NR + jj];
            }
          }
        }
      }
    }
  }
}

/* One RM x RN tile of C by dot products, for A with unit column stride and
 * B with unit row stride (both contiguous along k: a weight's .T on the
 * right), reading both in place: no packing, which dominates small GEMMs.
 * Each C element is VL partial sums over k, added lane by lane in a fixed
 * order, plus the scalar tail: the same for any thread count. */
static inline __attribute__((always_inline)) void FN(dot_tile)(
    int RM, int RN, long k, const T *restrict a, long lda, const T *restrict b,
    long ldb, T *restrict c, long ldc, int first) {
  VEC acc[DOT_RM][DOT_RN];
  for (int i = 0; i < RM; i++)
    for (int jj = 0; jj < RN; jj++) acc[i][jj] = VZERO();
  long p = 0;
  for (; p + VL <= k; p += VL) {
    VEC av[DOT_RM], bv[DOT_RN];
    for (int i = 0; i < RM; i++) av[i] = VLOADU(a + i * lda + p);
    for (int jj = 0; jj < RN; jj++) bv[jj] = VLOADU(b + jj * ldb + p);
    for (int i = 0; i < RM; i++)
      for (int jj = 0; jj < RN; jj++)
        acc[i][jj] = VFMA(av[i], bv[jj], acc[i][jj]);
  }
  for (int i = 0; i < RM; i++)
    for (int jj = 0; jj < RN; jj++) {
      T s = VHSUM(acc[i][jj]);
      /* The k tail (under VL elements): plain scalar code, kept small. */
#pragma clang loop vectorize(disable) unroll(disable)
      for (long q = p; q < k; q++) s += a[i * lda + q] * b[jj * ldb + q];
      T *cp = c + i * ldc + jj;
      *cp = first ? s : *cp + s;
    }
}

/* A row of RM x DOT_RN tiles across C's columns, then one narrower tile
 * for the columns left (DOT_RN is 2 or 3). */
static inline __attribute__((always_inline)) void FN(dot_strip)(
    int RM, const struct FN(job) * j, long i) {
  const long lda = j->ars, ldb = j->bcs, ldc = j->ldc, k = j->k;
  const int first = !j->accumulate;
  const T *a = j->a + i * lda;
  T *c = j->c + i * ldc;
  long jj = 0;
  for (; jj + DOT_RN <= j->n; jj += DOT_RN)
    FN(dot_tile)(RM, DOT_RN, k, a, lda, j->b + jj * ldb, ldb, c + jj, ldc,
                 first);
  const T *b = j->b + jj * ldb;
  if (j->n - jj == 2)
    FN(dot_tile)(RM, 2, k, a, lda, b, ldb, c + jj, ldc, first);
  else if (j->n - jj == 1)
    FN(dot_tile)(RM, 1, k, a, lda, b, ldb, c + jj, ldc, first);
}

/* C rows [m0, m1) of a dot-product job: strips of DOT_RM rows, then the
 * rows left in strips of 4, 2 and 1 (DOT_RM is 8 or 4; fewer variants to
 * compile than one per remainder). */
static void FN(dot_rows)(const struct FN(job) * j, long m0, long m1) {
  long i = m0;
  for (; i + DOT_RM <= m1; i += DOT_RM) FN(dot_strip)(DOT_RM, j, i);
#if DOT_RM > 4
  if (i + 4 <= m1) {
    FN(dot_strip)(4, j, i);
    i += 4;
  }
#endif
  if (i + 2 <= m1) {
    FN(dot_strip)(2, j, i);
    i += 2;
  }
  if (i < m1) FN(dot_strip)(1, j, i);
}

/* Runs the part of the job that belongs to worker w of j->nthreads, with the
 * packing scratch of thread `slot`; 0, or 1 when that scratch could not be
 * allocated (the part is then left undone for the caller to redo). */
static int FN(run_part)(struct FN(job) * j, int w, int slot) {
  long m0 = 0, m1 = j->m, n0 = 0, n1 = j->n;
  if (j->dot) {
    long tiles = (j->m + DOT_RM - 1) / DOT_RM;
    m0 = tiles * w / j->nthreads * DOT_RM;
    m1 = tiles * (w + 1) / j->nthreads * DOT_RM;
    if (m1 > j->m) m1 = j->m;
    if (m0 < m1) FN(dot_rows)(j, m0, m1);
    return 0;
  }
  if (j->nthreads > 1) {
    if (j->split_m) {
      long tiles = (j->m + MR - 1) / MR;
      m0 = tiles * w / j->nthreads * MR;
      m1 = tiles * (w + 1) / j->nthreads * MR;
      if (m1 > j->m) m1 = j->m;
    } else {
      long tiles = (j->n + NR - 1) / NR;
      n0 = tiles * w / j->nthreads * NR;
      n1 = tiles * (w + 1) / j->nthreads * NR;
      if (n1 > j->n) n1 = j->n;
    }
  }
  if (m0 >= m1 || n0 >= n1) return 0;
  T *ap = (T *)scratch_get(slot, 0, sizeof(T) * MC * KC);
  T *bp = (T *)scratch_get(slot, 1, sizeof(T) * KC * NC);
  if (ap == 0 || bp == 0) return 1;
  FN(gemm_region)(j, m0, m1, n0, n1, ap, bp);
  return 0;
}

static void FN(run_part_void)(void *job, int w) {
  part_failed[w] = FN(run_part)((struct FN(job) *)job, w, w);
}

/* The exported entry point (see gemm.c for the parameter contract). */
EXPORT void EXPORT_NAME(long m, long n, long k, const T *a, long a_off, long ars,
                     long acs, const T *b, long b_off, long brs, long bcs,
                     T *c, long c_off, long ldc, int accumulate,
                     int threads) {
  if (m <= 0 || n <= 0) return;
  c += c_off;
  if (k <= 0) {
    if (!accumulate)
      for (long i = 0; i < m; i++)
        for (long jj = 0; jj < n; jj++) c[i * ldc + jj] = 0;
    return;
  }
  struct FN(job) j = {m,   n,   k,   a + a_off, ars,        acs, b + b_off,
                      brs, bcs, c,   ldc,       accumulate, 1,   1, 0};
  /* Small products with both operands contiguous along k: dot products. */
  j.dot = acs == 1 && brs == 1 && k >= VL && m * n <= DOT_MAX_MN;
  int nt = j.dot ? pick_threads(threads, m, n, k, DOT_RM, m)
                 : pick_threads(threads, m, n, k, MR, NR);
  j.nthreads = nt;
  j.split_m = (m + MR - 1) / MR >= nt;
  pthread_mutex_lock(&call_mu);
  run_parallel(FN(run_part_void), &j, nt);
  /* A worker whose packing scratch could not be allocated (memory, or the
   * process's map count, exhausted) left its part: the caller redoes it with
   * its own scratch. (Parts are disjoint, so nothing is computed twice.) */
  for (int w = 1; w < nt; w++)
    if (part_failed[w]) FN(run_part)(&j, w, 0);
  pthread_mutex_unlock(&call_mu);
}

#undef NR
