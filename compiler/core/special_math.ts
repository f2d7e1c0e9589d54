// Special functions the op table needs beyond Math: erf and erfc (a port of
// the fdlibm/SunPro s_erf.c rational approximations, < 1 ulp in binary64),
// the numerically stable logistic sigmoid, and exact (erf-form) GELU.

/** fdlibm's erf(1) split point constant (shared with the Wasm emitter). */
export const ERX = 8.45062911510467529297e-01;
const EFX = 1.28379167095512586316e-01;
// erf on [0, 0.84375]: x + x * P(x²)/Q(x²)
/** fdlibm erf/erfc coefficients (shared with the Wasm emitter). */
export const PP = [
  1.28379167095512558561e-01,
  -3.25042107247001499370e-01,
  -2.84817495755985104766e-02,
  -5.77027029648944159157e-03,
  -2.37630166566501626084e-05,
];
/** fdlibm erf/erfc coefficients (shared with the Wasm emitter). */
export const QQ = [
  1,
  3.97917223959155352819e-01,
  6.50222499887672944485e-02,
  5.08130628187576562776e-03,
  1.32494738004321644526e-04,
  -3.96022827877536812320e-06,
];
// erf on [0.84375, 1.25]: erx + P(s)/Q(s), s = |x| - 1
/** fdlibm erf/erfc coefficients (shared with the Wasm emitter). */
export const PA = [
  -2.36211856075265944077e-03,
  4.14856118683748331666e-01,
  -3.72207876035701323847e-01,
  3.18346619901161753674e-01,
  -1.10894694282396677476e-01,
  3.54783043256182359371e-02,
  -2.16637559486879084300e-03,
];
/** fdlibm erf/erfc coefficients (shared with the Wasm emitter). */
export const QA = [
  1,
  1.06420880400844228286e-01,
  5.40397917702171048937e-01,
  7.18286544141962662868e-02,
  1.26171219808761642112e-01,
  1.36370839120290507362e-02,
  1.19844998467991074170e-02,
];
// erfc on [1.25, 1/0.35]
/** fdlibm erf/erfc coefficients (shared with the Wasm emitter). */
export const RA = [
  -9.86494403484714822705e-03,
  -6.93858572707181764372e-01,
  -1.05586262253232909814e+01,
  -6.23753324503260060396e+01,
  -1.62396669462573470355e+02,
  -1.84605092906711035994e+02,
  -8.12874355063065934246e+01,
  -9.81432934416914548592e+00,
];
/** fdlibm erf/erfc coefficients (shared with the Wasm emitter). */
export const SA = [
  1,
  1.96512716674392571292e+01,
  1.37657754143519042600e+02,
  4.34565877475229228821e+02,
  6.45387271733267880336e+02,
  4.29008140027567833386e+02,
  1.08635005541779435134e+02,
  6.57024977031928170135e+00,
  -6.04244152148580987438e-02,
];
// erfc on [1/0.35, 28]
/** fdlibm erf/erfc coefficients (shared with the Wasm emitter). */
export const RB = [
  -9.86494292470009928597e-03,
  -7.99283237680523006574e-01,
  -1.77579549177547519889e+01,
  -1.60636384855821916062e+02,
  -6.37566443368389627722e+02,
  -1.02509513161107724954e+03,
  -4.83519191608651397019e+02,
];
/** fdlibm erf/erfc coefficients (shared with the Wasm emitter). */
export const SB = [
  1,
  3.03380607434824582924e+01,
  3.25792512996573918826e+02,
  1.53672958608443695994e+03,
  3.19985821950859553908e+03,
  2.55305040643316442583e+03,
  4.74528541206955367215e+02,
  -2.24409524465858183362e+01,
];

/** Horner evaluation of c[0] + c[1] x + c[2] x² + … */
function poly(c: readonly number[], x: number): number {
  let r = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) r = r * x + c[i];
  return r;
}

/** erfc(ax) for ax in [1.25, 28): exp(-ax² - 0.5625 + R/S) / ax. */
function erfcTail(ax: number): number {
  const s = 1 / (ax * ax);
  const rs = ax < 1 / 0.35
    ? poly(RA, s) / poly(SA, s)
    : poly(RB, s) / poly(SB, s);
  // z has a 24-bit mantissa, so z*z is exact (fdlibm clears the low word).
  const z = Math.fround(ax);
  return Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + rs) / ax;
}

/** The error function erf(x), accurate to about 1 ulp. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 2 ** -28) return x + EFX * x;
    const z = x * x;
    return x + x * (poly(PP, z) / poly(QQ, z));
  }
  let r: number;
  if (ax < 1.25) r = ERX + poly(PA, ax - 1) / poly(QA, ax - 1);
  else if (ax >= 6) r = 1;
  else r = 1 - erfcTail(ax);
  return x < 0 ? -r : r;
}

/** The complementary error function 1 - erf(x), accurate for large x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 2 ** -56) return 1 - x;
    const z = x * x;
    const y = poly(PP, z) / poly(QQ, z);
    if (x < 0.25) return 1 - (x + x * y);
    return 0.5 - (x * y + (x - 0.5));
  }
  if (ax < 1.25) {
    const pq = poly(PA, ax - 1) / poly(QA, ax - 1);
    return x >= 0 ? 1 - ERX - pq : 1 + ERX + pq;
  }
  if (ax < 28) {
    if (x < -6) return 2;
    const r = erfcTail(ax);
    return x > 0 ? r : 2 - r;
  }
  return x > 0 ? 0 : 2;
}

/** Logistic sigmoid 1/(1+e^-x), without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** GELU in PyTorch's default exact form 0.5·x·(1+erf(x/√2)) = 0.5·x·erfc(-x/√2). */
export function gelu(x: number): number {
  return 0.5 * x * erfc(-x * Math.SQRT1_2);
}
