/* dl's native GEMM library: dl_sgemm / dl_dgemm (packed, cache-blocked,
 * register-blocked micro-kernels) and the worker pool they split C over.
 *
 * Built by native/build.sh (clang -O3 -march=native -shared -fPIC), so the
 * vector width is chosen at compile time for the machine that builds it:
 * AVX-512 (16 f32 / 8 f64 lanes, 12 x 32 / 12 x 16 micro-tiles), else AVX2
 * (+FMA) (6 x 16 / 6 x 8), else portable C.
 * Small products whose operands are both contiguous along k (A row-major,
 * B a transposed weight) skip packing: dot-product tiles (8 x 3 on
 * AVX-512). The library is rebuilt per machine (the cache key holds the
 * CPU's features), never shipped across.
 *
 * Entry points (all lengths/strides/offsets in elements):
 *   void dl_sgemm(long m, long n, long k,
 *                 const float *a, long a_off, long a_row_stride, long a_col_stride,
 *                 const float *b, long b_off, long b_row_stride, long b_col_stride,
 *                 float *c, long c_off, long ldc, int accumulate, int threads);
 *   dl_dgemm: the same over double.
 *   int dl_native_abi(void): the ABI version (bumped when a signature changes).
 * C[i*ldc + j] = sum_p A[i,p] B[p,j] (+ C[i*ldc + j] when accumulate). */

#include <pthread.h>
#include <stdlib.h>

#if defined(__AVX512F__) || defined(__AVX2__)
#include <immintrin.h>
#endif

#if defined(__AVX2__) && !defined(__AVX512F__)
/* Horizontal sums of AVX2 vectors (lanes added pairwise, a fixed order). */
static inline float hsum256_ps(__m256 x) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(x), _mm256_extractf128_ps(x, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}
static inline double hsum256_pd(__m256d x) {
  __m128d s = _mm_add_pd(_mm256_castpd256_pd128(x), _mm256_extractf128_pd(x, 1));
  s = _mm_add_sd(s, _mm_unpackhi_pd(s, s));
  return _mm_cvtsd_f64(s);
}
#endif

#define EXPORT __attribute__((visibility("default")))
#define MAX_THREADS 64

EXPORT int dl_native_abi(void) { return 1; }

/* Whether part w of the current call could not run (see run_part). */
static int part_failed[MAX_THREADS];

/* ---- scratch buffers: two per worker, grown on demand, reused ---- */

static void *scratch[MAX_THREADS][2];
static size_t scratch_size[MAX_THREADS][2];

static void *scratch_get(int w, int which, size_t bytes) {
  if (scratch_size[w][which] < bytes) {
    free(scratch[w][which]);
    size_t rounded = (bytes + 63) / 64 * 64;
    scratch[w][which] = aligned_alloc(64, rounded);
    scratch_size[w][which] = scratch[w][which] ? rounded : 0;
  }
  return scratch[w][which];
}

/* ---- the worker pool: persistent threads woken per call ---- */

static pthread_mutex_t call_mu = PTHREAD_MUTEX_INITIALIZER; /* one GEMM at a time */
static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_start = PTHREAD_COND_INITIALIZER;
static pthread_cond_t pool_done = PTHREAD_COND_INITIALIZER;
static int pool_workers; /* started workers, indices 1..pool_workers */
static unsigned long pool_gen;
static int pool_pending;
static void (*pool_task)(void *, int);
static void *pool_arg;
static int pool_n;

/* The generation each worker starts from: set before it is created, so a
 * worker started while a call is being set up never runs an older call's
 * task (which would corrupt C and the pending count). */
static unsigned long pool_seen0[MAX_THREADS];

static void *pool_main(void *arg) {
  int w = (int)(long)arg;
  pthread_mutex_lock(&pool_mu);
  unsigned long seen = pool_seen0[w];
  pthread_mutex_unlock(&pool_mu);
  for (;;) {
    pthread_mutex_lock(&pool_mu);
    while (pool_gen == seen) pthread_cond_wait(&pool_start, &pool_mu);
    seen = pool_gen;
    void (*task)(void *, int) = pool_task;
    void *targ = pool_arg;
    int n = pool_n;
    pthread_mutex_unlock(&pool_mu);
    if (w < n) task(targ, w);
    pthread_mutex_lock(&pool_mu);
    if (--pool_pending == 0) pthread_cond_signal(&pool_done);
    pthread_mutex_unlock(&pool_mu);
  }
  return 0;
}

/* Runs fn(arg, w) for w in [0, n): w = 0 on the caller, the rest on the
 * pool (started lazily). When threads cannot be created, the caller also
 * runs the parts no worker took, so every part is computed. */
static void run_parallel(void (*fn)(void *, int), void *arg, int n) {
  const int parts = n;
  pthread_mutex_lock(&pool_mu);
  while (pool_workers < n - 1) {
    pthread_t t;
    pool_seen0[pool_workers + 1] = pool_gen;
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    int ok = pthread_create(&t, &at, pool_main, (void *)(long)(pool_workers + 1));
    pthread_attr_destroy(&at);
    if (ok != 0) break;
    pool_workers++;
  }
  if (n > pool_workers + 1) n = pool_workers + 1;
  if (n > 1) {
    pool_task = fn;
    pool_arg = arg;
    pool_n = n;
    pool_pending = pool_workers;
    pool_gen++;
    pthread_cond_broadcast(&pool_start);
  }
  pthread_mutex_unlock(&pool_mu);
  fn(arg, 0);
  for (int w = n; w < parts; w++) fn(arg, w);
  if (n > 1) {
    pthread_mutex_lock(&pool_mu);
    while (pool_pending > 0) pthread_cond_wait(&pool_done, &pool_mu);
    pthread_mutex_unlock(&pool_mu);
  }
}

/* Threads worth using: at most `threads`, each with >= ~4 MFLOP of work and
 * at least one micro-tile row or column. */
static int pick_threads(int threads, long m, long n, long k, long mr, long nr) {
  if (threads > MAX_THREADS) threads = MAX_THREADS;
  double flops = 2.0 * (double)m * (double)n * (double)k;
  long by_work = (long)(flops / 4e6);
  long tiles_m = (m + mr - 1) / mr, tiles_n = (n + nr - 1) / nr;
  long by_tiles = tiles_m > tiles_n ? tiles_m : tiles_n;
  long t = threads;
  if (t > by_work) t = by_work;
  if (t > by_tiles) t = by_tiles;
  return t < 1 ? 1 : (int)t;
}

/* Dot-product tiles (both element types): 8 x 3 (24 accumulators) with 32
 * vector registers, 4 x 2 with AVX2's 16. */
#if defined(__AVX512F__)
#define DOT_RM 8
#define DOT_RN 3
#else
#define DOT_RM 4
#define DOT_RN 2
#endif
#define DOT_MAX_MN 16384

/* ---- f32 ---- */

#define T float
#define FN(x) s_##x
#define EXPORT_NAME dl_sgemm
#if defined(__AVX512F__)
#define VL 16
#define MR 12
#define NV 2
typedef __m512 vec_s;
#define VEC vec_s
#define VZERO() _mm512_setzero_ps()
#define VLOAD(p) _mm512_load_ps(p)
#define VLOADU(p) _mm512_loadu_ps(p)
#define VSTOREU(p, x) _mm512_storeu_ps(p, x)
#define VBCAST(x) _mm512_set1_ps(x)
#define VFMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define VADD(a, b) _mm512_add_ps(a, b)
#define VHSUM(x) _mm512_reduce_add_ps(x)
#elif defined(__AVX2__) && defined(__FMA__)
#define VL 8
#define MR 6
#define NV 2
typedef __m256 vec_s;
#define VEC vec_s
#define VZERO() _mm256_setzero_ps()
#define VLOAD(p) _mm256_load_ps(p)
#define VLOADU(p) _mm256_loadu_ps(p)
#define VSTOREU(p, x) _mm256_storeu_ps(p, x)
#define VBCAST(x) _mm256_set1_ps(x)
#define VFMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define VADD(a, b) _mm256_add_ps(a, b)
#define VHSUM(x) hsum256_ps(x)
#else
#define VL 1
#define MR 4
#define NV 4
#define VEC float
#define VZERO() 0.0f
#define VLOAD(p) (*(p))
#define VLOADU(p) (*(p))
#define VSTOREU(p, x) (*(p) = (x))
#define VBCAST(x) (x)
#define VFMA(a, b, c) __builtin_fmaf(a, b, c)
#define VADD(a, b) ((a) + (b))
#define VHSUM(x) (x)
#endif
#define KC 256
#define MC 144
#define NC 4096
#include "gemm_impl.h"
#undef T
#undef FN
#undef EXPORT_NAME
#undef VL
#undef MR
#undef NV
#undef VEC
#undef VZERO
#undef VLOAD
#undef VLOADU
#undef VSTOREU
#undef VBCAST
#undef VFMA
#undef VADD
#undef VHSUM
#undef KC
#undef MC
#undef NC

/* ---- f64 ---- */

#define T double
#define FN(x) d_##x
#define EXPORT_NAME dl_dgemm
#if defined(__AVX512F__)
#define VL 8
#define MR 12
#define NV 2
typedef __m512d vec_d;
#define VEC vec_d
#define VZERO() _mm512_setzero_pd()
#define VLOAD(p) _mm512_load_pd(p)
#define VLOADU(p) _mm512_loadu_pd(p)
#define VSTOREU(p, x) _mm512_storeu_pd(p, x)
#define VBCAST(x) _mm512_set1_pd(x)
#define VFMA(a, b, c) _mm512_fmadd_pd(a, b, c)
#define VADD(a, b) _mm512_add_pd(a, b)
#define VHSUM(x) _mm512_reduce_add_pd(x)
#elif defined(__AVX2__) && defined(__FMA__)
#define VL 4
#define MR 6
#define NV 2
typedef __m256d vec_d;
#define VEC vec_d
#define VZERO() _mm256_setzero_pd()
#define VLOAD(p) _mm256_load_pd(p)
#define VLOADU(p) _mm256_loadu_pd(p)
#define VSTOREU(p, x) _mm256_storeu_pd(p, x)
#define VBCAST(x) _mm256_set1_pd(x)
#define VFMA(a, b, c) _mm256_fmadd_pd(a, b, c)
#define VADD(a, b) _mm256_add_pd(a, b)
#define VHSUM(x) hsum256_pd(x)
#else
#define VL 1
#define MR 4
#define NV 4
#define VEC double
#define VZERO() 0.0
#define VLOAD(p) (*(p))
#define VLOADU(p) (*(p))
#define VSTOREU(p, x) (*(p) = (x))
#define VBCAST(x) (x)
#define VFMA(a, b, c) __builtin_fma(a, b, c)
#define VADD(a, b) ((a) + (b))
#define VHSUM(x) (x)
#endif
#define KC 256
#define MC 96
#define NC 2048
#include "gemm_impl.h"
