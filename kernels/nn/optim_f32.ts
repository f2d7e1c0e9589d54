// The JS loops of the optimizers for f32 parameters: every operation of
// PyTorch's formulas rounded to binary32 with Math.fround (an f64 + - * /
// or sqrt of f32 operands rounded once to f32 is the correctly rounded f32
// result), state in Float32Array. The Wasm and native Adam loops match these
// bit for bit.

import type { TensorData } from "../tensor.ts";
import type { AdamScalars } from "./adam_wasm.ts";

/**
 * Float storage seen as the parameter's elements in row-major order, as rows
 * of `cols`: element (r, c) at `o + r * rs + c * cs`.
 */
export interface Lanes {
  readonly d: TensorData;
  readonly o: number;
  readonly rs: number;
  readonly cs: number;
}

const f = Math.fround;

/**
 * SGD (weight decay, momentum without dampening) in f32: d = g + wd·w;
 * m = mom·m + d (m = d on the first step); w = w - lr·d.
 */
export function sgdF32(
  pl: Lanes,
  gl: Lanes,
  rows: number,
  cols: number,
  m: Float32Array | null,
  first: boolean,
  lr: number,
  wd: number,
  mom: number,
): void {
  const w = pl.d, po = pl.o, gr = gl.d, gcs = gl.cs;
  const LR = f(lr), WD = f(wd), MOM = f(mom);
  for (let r = 0, k = 0; r < rows; r++) {
    for (let c = 0, gi = gl.o + r * gl.rs; c < cols; c++, k++, gi += gcs) {
      const wi = w[po + k];
      let d = f(f(gr[gi]) + f(WD * wi));
      if (m !== null) {
        d = m[k] = first ? d : f(f(MOM * m[k]) + d);
      }
      w[po + k] = f(wi - f(LR * d));
    }
  }
}

/**
 * RMSprop in f32: d = g + wd·w; v = α·v + ((1-α)·d)·d;
 * w = w - (lr·d) / (sqrt(v) + eps).
 */
export function rmspropF32(
  pl: Lanes,
  gl: Lanes,
  rows: number,
  cols: number,
  v: Float32Array,
  lr: number,
  wd: number,
  alpha: number,
  eps: number,
): void {
  const w = pl.d, po = pl.o, gr = gl.d, gcs = gl.cs;
  const LR = f(lr), WD = f(wd), A = f(alpha), CA = f(1 - alpha), EPS = f(eps);
  for (let r = 0, k = 0; r < rows; r++) {
    for (let c = 0, gi = gl.o + r * gl.rs; c < cols; c++, k++, gi += gcs) {
      const wi = w[po + k];
      const d = f(f(gr[gi]) + f(WD * wi));
      const vi = v[k] = f(f(A * v[k]) + f(f(CA * d) * d));
      w[po + k] = f(wi - f(f(LR * d) / f(f(Math.sqrt(vi)) + EPS)));
    }
  }
}

/**
 * Adam / AdamW in f32, the formula order of docs/language.md "Optimizers":
 * w = w·shrink (AdamW) or d = g + wd·w (Adam); m = b1·m + c1·d;
 * v = b2·v + (c2·d)·d; w = w - (step·m) / (sqrt(v) / sb2 + eps).
 */
export function adamF32(
  pl: Lanes,
  gl: Lanes,
  rows: number,
  cols: number,
  m: Float32Array,
  v: Float32Array,
  s: AdamScalars,
): void {
  const w = pl.d, po = pl.o, gr = gl.d, gcs = gl.cs;
  const B1 = f(s.b1), C1 = f(s.c1), B2 = f(s.b2), C2 = f(s.c2);
  const SB2 = f(s.sb2), ST = f(s.step), EPS = f(s.eps), WD = f(s.wd);
  const SH = f(s.shrink), dec = s.decoupled;
  for (let r = 0, k = 0; r < rows; r++) {
    for (let c = 0, gi = gl.o + r * gl.rs; c < cols; c++, k++, gi += gcs) {
      let wi = w[po + k], d = f(gr[gi]);
      if (dec) wi = f(wi * SH);
      else d = f(d + f(WD * wi));
      const mi = m[k] = f(f(B1 * m[k]) + f(C1 * d));
      const vi = v[k] = f(f(B2 * v[k]) + f(f(C2 * d) * d));
      const denom = f(f(f(Math.sqrt(vi)) / SB2) + EPS);
      w[po + k] = f(wi - f(f(ST * mi) / denom));
    }
  }
}
