// GELU in its exact (erf) form as Wasm code, 0.5·v·erfc(-v/√2) with erfc
// from the fdlibm rational approximations (the same as compiler/core/
// special_math.ts), computed in f64x2 lanes: every lane evaluates each
// interval's approximation and a mask picks the right one.

import {
  type Expr,
  f64x2 as kd,
  type FuncBuilder,
  get,
  horner,
  op,
} from "./wasm_dsl.ts";
import { expF64, type VecEmitter, viaF64 } from "./wasm_math_f64.ts";

const D = (name: string, ...a: Expr[]): Expr =>
  op(`f64x2.${name}` as Parameters<typeof op>[0], ...a);
const sel = (a: Expr, b: Expr, mask: Expr): Expr =>
  op("v128.bitselect", a, b, mask);

const ERX = 8.45062911510467529297e-01;
const PP = [
  1.28379167095512558561e-01,
  -3.25042107247001499370e-01,
  -2.84817495755985104766e-02,
  -5.77027029648944159157e-03,
  -2.37630166566501626084e-05,
];
const QQ = [
  1,
  3.97917223959155352819e-01,
  6.50222499887672944485e-02,
  5.08130628187576562776e-03,
  1.32494738004321644526e-04,
  -3.96022827877536812320e-06,
];
const PA = [
  -2.36211856075265944077e-03,
  4.14856118683748331666e-01,
  -3.72207876035701323847e-01,
  3.18346619901161753674e-01,
  -1.10894694282396677476e-01,
  3.54783043256182359371e-02,
  -2.16637559486879084300e-03,
];
const QA = [
  1,
  1.06420880400844228286e-01,
  5.40397917702171048937e-01,
  7.18286544141962662868e-02,
  1.26171219808761642112e-01,
  1.36370839120290507362e-02,
  1.19844998467991074170e-02,
];
const RA = [
  -9.86494403484714822705e-03,
  -6.93858572707181764372e-01,
  -1.05586262253232909814e+01,
  -6.23753324503260060396e+01,
  -1.62396669462573470355e+02,
  -1.84605092906711035994e+02,
  -8.12874355063065934246e+01,
  -9.81432934416914548592e+00,
];
const SA = [
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
const RB = [
  -9.86494292470009928597e-03,
  -7.99283237680523006574e-01,
  -1.77579549177547519889e+01,
  -1.60636384855821916062e+02,
  -6.37566443368389627722e+02,
  -1.02509513161107724954e+03,
  -4.83519191608651397019e+02,
];
const SB = [
  1,
  3.03380607434824582924e+01,
  3.25792512996573918826e+02,
  1.53672958608443695994e+03,
  3.19985821950859553908e+03,
  2.55305040643316442583e+03,
  4.74528541206955367215e+02,
  -2.24409524465858183362e+01,
];

/** erfc(z) for the f64x2 in local z. */
function erfcF64(f: FuncBuilder, z: number): number {
  const az = f.let("v128", D("abs", get(z)));
  const pos = f.let("v128", D("ge", get(z), kd(0)));
  // |z| < 0.84375: 1 - (z + z·PP(z²)/QQ(z²))
  const z2 = f.let("v128", D("mul", get(z), get(z)));
  const r1 = D(
    "sub",
    kd(1),
    D(
      "add",
      get(z),
      D(
        "mul",
        get(z),
        D("div", horner("f64x2", PP, get(z2)), horner("f64x2", QQ, get(z2))),
      ),
    ),
  );
  // |z| < 1.25: 1 ∓ (erx + PA(s)/QA(s)), s = |z| - 1
  const s = f.let("v128", D("sub", get(az), kd(1)));
  const pq = f.let(
    "v128",
    D("div", horner("f64x2", PA, get(s)), horner("f64x2", QA, get(s))),
  );
  const r2 = sel(
    D("sub", kd(1 - ERX), get(pq)),
    D("add", kd(1 + ERX), get(pq)),
    get(pos),
  );
  // |z| >= 1.25: e^(-z² - 0.5625 + R(t)/S(t)) / |z|, t = 1/z² (|z| <= 26)
  const ac = f.let("v128", D("min", get(az), kd(26)));
  const t = f.let("v128", D("div", kd(1), D("mul", get(ac), get(ac))));
  const rsA = D(
    "div",
    horner("f64x2", RA, get(t)),
    horner("f64x2", SA, get(t)),
  );
  const rsB = D(
    "div",
    horner("f64x2", RB, get(t)),
    horner("f64x2", SB, get(t)),
  );
  const rs = sel(rsA, rsB, D("lt", get(ac), kd(1 / 0.35)));
  const arg = D("add", D("sub", kd(-0.5625), D("mul", get(ac), get(ac))), rs);
  const tail = f.let("v128", D("div", expF64(f, arg), get(ac)));
  const r3 = sel(get(tail), D("sub", kd(2), get(tail)), get(pos));
  const r = f.let("v128", r3);
  f.set(r, sel(r2, get(r), D("lt", get(az), kd(1.25))));
  f.set(r, sel(r1, get(r), D("lt", get(az), kd(0.84375))));
  return r;
}

/** GELU, exact form 0.5·v·erfc(-v/√2) (-inf → nan, as 0.5·(-inf)·0). */
export const emitGeluErfF32: VecEmitter = viaF64((f, v) => {
  const z = f.let("v128", D("mul", get(v), kd(-Math.SQRT1_2)));
  const e = erfcF64(f, z);
  const g = D("mul", D("mul", get(v), kd(0.5)), get(e));
  return f.let("v128", sel(kd(NaN), g, D("eq", get(v), kd(-Infinity))));
});
