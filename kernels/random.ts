// THE random number generator: one global xoshiro128** stream, seeded by
// splitmix32, so every engine and backend can reproduce it (spec §8).
//
// Exact definition (other backends must match it bit for bit):
// - seed(n): x = n as u32; four times: x += 0x9e3779b9; z = x;
//   z = imul(z ^ z>>>16, 0x85ebca6b); z = imul(z ^ z>>>13, 0xc2b2ae35);
//   z ^= z>>>16 → s0, s1, s2, s3. The default seed is 0.
// - next(): xoshiro128** (Blackman & Vigna): r = rotl(s1 * 5, 7) * 9, then
//   t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
//   s3 = rotl(s3, 11). All arithmetic mod 2^32.
// - uniform f32: (next() >>> 8) · 2^-24. uniform f64: ((next() >>> 5) · 2^26
//   + (next() >>> 6)) · 2^-53. rand fills elements in row-major order.
// - randn: Box–Muller per pair of elements: u1 = 1 - uniform, u2 = uniform
//   (same precision as the dtype), r = sqrt(-2 ln u1), element 2i =
//   r cos(2π u2), element 2i+1 = r sin(2π u2); an odd count drops the last sin.
// - below(n) (randint, shuffles): limit = 2^32 - (2^32 mod n); draw next()
//   until it is < limit; the value is that draw mod n (unbiased).

import type { DType } from "../compiler/core/dtype.ts";
import { isFloatDType } from "../compiler/core/dtype.ts";
import { argError } from "./errors.ts";
import { Tensor } from "./tensor.ts";
import { checkShape } from "./shape_check.ts";

const state = new Uint32Array(4);

/** Reseeds the one global generator (spec `seed(n)`). */
export function seed(n: number): void {
  let x = n >>> 0;
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    state[i] = (z ^ (z >>> 16)) >>> 0;
  }
}
seed(0);

/** The next 32 random bits as an unsigned integer. */
export function nextU32(): number {
  const s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
  const m = Math.imul(s1, 5);
  const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
  const t = s1 << 9;
  const n2 = s2 ^ s0, n3 = s3 ^ s1;
  state[1] = s1 ^ n2;
  state[0] = s0 ^ n3;
  state[2] = n2 ^ t;
  state[3] = (n3 << 11) | (n3 >>> 21);
  return result;
}

/** A uniform float in [0, 1) with 24 random bits (the f32 stream). */
export function uniform24(): number {
  return (nextU32() >>> 8) * 2 ** -24;
}

/** A uniform float in [0, 1) with 53 random bits (the f64 stream). */
export function uniform53(): number {
  const hi = nextU32() >>> 5, lo = nextU32() >>> 6;
  return (hi * 2 ** 26 + lo) * 2 ** -53;
}

/** An unbiased uniform int in [0, n) for 1 <= n <= 2^32. */
export function below(n: number): number {
  const limit = 2 ** 32 - (2 ** 32 % n);
  for (;;) {
    const x = nextU32();
    if (x < limit) return x % n;
  }
}

function floatDType(fn: string, dtype: DType): DType {
  if (!isFloatDType(dtype)) {
    throw argError(fn, `dtype must be f32 or f64, found ${dtype}`);
  }
  return dtype;
}

/** Uniform [0, 1) samples (default f32). */
export function rand(shape: readonly number[], dtype: DType = "f32"): Tensor {
  checkShape("rand", shape);
  const out = Tensor.zeros(floatDType("rand", dtype), shape);
  const u = dtype === "f64" ? uniform53 : uniform24;
  const d = out.data;
  for (let i = 0; i < d.length; i++) d[i] = u();
  return out;
}

/** Standard normal samples by Box–Muller (default f32). */
export function randn(shape: readonly number[], dtype: DType = "f32"): Tensor {
  checkShape("randn", shape);
  const out = Tensor.zeros(floatDType("randn", dtype), shape);
  const u = dtype === "f64" ? uniform53 : uniform24;
  const d = out.data, n = d.length;
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - u(), u2 = u();
    const r = Math.sqrt(-2 * Math.log(u1)), th = 2 * Math.PI * u2;
    d[i] = r * Math.cos(th);
    if (i + 1 < n) d[i + 1] = r * Math.sin(th);
  }
  return out;
}

/** Uniform ints in [low, high) (default i32); R0012 when high <= low. */
export function randint(
  low: number,
  high: number,
  shape: readonly number[],
  dtype: DType = "i32",
): Tensor {
  checkShape("randint", shape);
  if (!(high > low)) {
    throw argError(
      "randint",
      `high (${high}) must be greater than low (${low})`,
    );
  }
  const out = Tensor.zeros(dtype, shape);
  const d = out.data, span = high - low;
  for (let i = 0; i < d.length; i++) d[i] = low + below(span);
  return out;
}
