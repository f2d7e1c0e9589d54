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
import {
  ERX,
  PA,
  PP,
  QA,
  QQ,
  RA,
  RB,
  SA,
  SB,
} from "../../compiler/core/special_math.ts";
import { expF64, type VecEmitter, viaF64 } from "./wasm_math_f64.ts";

const D = (name: string, ...a: Expr[]): Expr =>
  op(`f64x2.${name}` as Parameters<typeof op>[0], ...a);
const sel = (a: Expr, b: Expr, mask: Expr): Expr =>
  op("v128.bitselect", a, b, mask);

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
