// Adam/AdamW for f32 parameters in C (clang -O3 -march=native through the
// native cache) in float arithmetic with the formulas of nn/optim_f32.ts's JS
// loop and no contraction into fused multiply-adds, so results are
// bit-identical (sqrt and div are correctly rounded, vectorised or not). A
// transposed gradient is gathered a row chunk at a time into a contiguous
// buffer so the update loop vectorises. Used only where dl may load native
// code (the native backend's permissions); else null.

import { openHelper } from "../runtime/native_helper_lib.ts";
import type { AdamScalars } from "./adam_wasm.ts";

const SOURCE = `// dl's Adam step (kernels/nn/adam_native.ts)
#pragma clang fp contract(off)
typedef long i64;
#define CHUNK 1024
static inline void row(float *restrict p, float *restrict m,
    float *restrict v, const float *restrict g, i64 n, const float *h,
    int dec) {
  const float b1 = h[0], c1 = h[1], b2 = h[2], c2 = h[3], sb2 = h[4];
  const float st = h[5], eps = h[6], wd = h[7], sh = h[8];
  for (i64 k = 0; k < n; k++) {
    float w = p[k], d = g[k];
    if (dec) w = w * sh; else d = d + wd * w;
    float mi = b1 * m[k] + c1 * d;
    float vi = b2 * v[k] + (c2 * d) * d;
    m[k] = mi;
    v[k] = vi;
    float denom = __builtin_sqrtf(vi) / sb2 + eps;
    p[k] = w - (st * mi) / denom;
  }
}
void dl_adam_f32(float *p, const float *g, float *m, float *v, i64 rows,
    i64 cols, i64 grs, i64 gcs, const float *h) {
  int dec = h[9] != 0;
  if (gcs == 1 && grs == cols) {
    if (dec) row(p, m, v, g, rows * cols, h, 1);
    else row(p, m, v, g, rows * cols, h, 0);
    return;
  }
  float buf[CHUNK];
  for (i64 r = 0; r < rows; r++) {
    for (i64 c0 = 0; c0 < cols; c0 += CHUNK) {
      i64 n = cols - c0 < CHUNK ? cols - c0 : CHUNK;
      const float *gr = g + r * grs + c0 * gcs;
      for (i64 c = 0; c < n; c++) buf[c] = gr[c * gcs];
      i64 k = r * cols + c0;
      if (dec) row(p + k, m + k, v + k, buf, n, h, 1);
      else row(p + k, m + k, v + k, buf, n, h, 0);
    }
  }
}
`;

const FLAGS = [
  "-O3",
  "-march=native",
  "-fno-math-errno",
  "-ffp-contract=off",
  "-shared",
  "-fPIC",
];

/** The C step: parameter, gradient, moments (views from their offsets). */
type AdamFn = (
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  rows: number,
  cols: number,
  grs: number,
  gcs: number,
  h: Float32Array,
) => void;

let fn: AdamFn | null | undefined;

/** The native step, loaded (and built once per machine) on first use; null when unavailable. */
export function nativeAdam(): AdamFn | null {
  if (fn === undefined) {
    fn = openHelper<AdamFn>({
      name: "adam_f32",
      file: "adam.c",
      source: SOURCE,
      flags: FLAGS,
      symbol: "dl_adam_f32",
      parameters: [
        "buffer",
        "buffer",
        "buffer",
        "buffer",
        "i64",
        "i64",
        "i64",
        "i64",
        "buffer",
      ],
    });
  }
  return fn;
}

const H = new Float32Array(10);

/**
 * One Adam step over rows of `cols` parameter elements from `p[po]`
 * (contiguous), gradient element (r, c) at `g[go + r * grs + c * gcs]`.
 */
export function runAdamNative(
  f: AdamFn,
  p: Float32Array,
  po: number,
  g: Float32Array,
  go: number,
  grs: number,
  gcs: number,
  m: Float32Array,
  v: Float32Array,
  rows: number,
  cols: number,
  s: AdamScalars,
): void {
  H[0] = s.b1;
  H[1] = s.c1;
  H[2] = s.b2;
  H[3] = s.c2;
  H[4] = s.sb2;
  H[5] = s.step;
  H[6] = s.eps;
  H[7] = s.wd;
  H[8] = s.shrink;
  H[9] = s.decoupled ? 1 : 0;
  f(
    po === 0 ? p : p.subarray(po),
    go === 0 ? g : g.subarray(go),
    m,
    v,
    rows,
    cols,
    grs,
    gcs,
    H,
  );
}
