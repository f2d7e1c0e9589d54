// Adam/AdamW for f32 parameters in C (clang -O3 -march=native through the
// native cache), with the binary64 formulas of nn/optim.ts's JS loop and
// no contraction into fused multiply-adds, so results are bit-identical
// (sqrt and div are correctly rounded, vectorised or not). Used only where
// dl may load native code (the native backend's permissions); else null.

import { cacheDir, libraryFor } from "../runtime/native_cache.ts";
import { findToolchain } from "../runtime/native_toolchain.ts";
import type { AdamScalars } from "./adam_wasm.ts";

const SOURCE = `// dl's Adam step (kernels/nn/adam_native.ts)
#pragma clang fp contract(off)
typedef long i64;
static inline void step_at(float *p, double *m, double *v, double d, i64 k,
    const double *h, int dec) {
  double w = p[k];
  if (dec) w *= h[8]; else d += h[7] * w;
  double mi = h[0] * m[k] + h[1] * d;
  double vi = h[2] * v[k] + h[3] * d * d;
  m[k] = mi;
  v[k] = vi;
  double denom = __builtin_sqrt(vi) / h[4] + h[6];
  p[k] = (float)(w - h[5] * mi / denom);
}
void dl_adam_f32(float *p, const float *g, double *m, double *v, i64 rows,
    i64 cols, i64 grs, i64 gcs, const double *h) {
  int dec = h[9] != 0;
  for (i64 r = 0; r < rows; r++) {
    const float *gr = g + r * grs;
    float *pr = p + r * cols;
    double *mr = m + r * cols, *vr = v + r * cols;
    if (gcs == 1) {
      if (dec) for (i64 c = 0; c < cols; c++) step_at(pr, mr, vr, gr[c], c, h, 1);
      else for (i64 c = 0; c < cols; c++) step_at(pr, mr, vr, gr[c], c, h, 0);
    } else {
      for (i64 c = 0; c < cols; c++) step_at(pr, mr, vr, gr[c * gcs], c, h, dec);
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
  m: Float64Array,
  v: Float64Array,
  rows: number,
  cols: number,
  grs: number,
  gcs: number,
  h: Float64Array,
) => void;

let fn: AdamFn | null | undefined;

function load(): AdamFn | null {
  const tc = findToolchain();
  if (typeof tc === "string") return null;
  const dir = cacheDir();
  if (
    dir === null ||
    Deno.permissions.querySync({ name: "ffi", path: dir }).state !== "granted"
  ) {
    return null;
  }
  const built = libraryFor({
    name: "adam",
    sources: [{ name: "adam.c", text: SOURCE }],
    flags: FLAGS,
  }, { dir, toolchain: tc });
  if (!built.ok) return null;
  const lib = Deno.dlopen(
    built.path,
    {
      dl_adam_f32: {
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
        result: "void",
        nonblocking: false,
      },
    } as const,
  );
  return lib.symbols.dl_adam_f32 as unknown as AdamFn;
}

/** The native step, loaded (and built once per machine) on first use; null when unavailable. */
export function nativeAdam(): AdamFn | null {
  if (fn !== undefined) return fn;
  try {
    fn = load();
  } catch {
    fn = null; // no permission or no loader: Wasm or JS runs instead
  }
  return fn;
}

const H = new Float64Array(10);

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
  m: Float64Array,
  v: Float64Array,
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
