// Vectorized transcendental functions as Wasm code: each emitter appends the
// computation of f(x) for the f32x4 in local `x` to a FuncBuilder and
// returns the local holding the result. exp, log, tanh and sigmoid work in
// f32 (Cephes-style range reduction and polynomials); the two GELUs work in
// f64x2 lanes, because their f32 forms cancel or amplify rounding errors.
// All are within 2 ulp of the binary64 functions rounded to f32.

import {
  type Expr,
  f32x4 as k,
  f64x2 as kd,
  FuncBuilder,
  get,
  horner,
  i32,
  i32x4,
  op,
  opi,
} from "./wasm_dsl.ts";
import type { WasmFunc, WasmModuleDesc } from "./wasm_encoder.ts";
import { expF64, type VecEmitter, viaF64 } from "./wasm_math_f64.ts";

const F = (name: string, ...a: Expr[]): Expr =>
  op(`f32x4.${name}` as Parameters<typeof op>[0], ...a);
const D = (name: string, ...a: Expr[]): Expr =>
  op(`f64x2.${name}` as Parameters<typeof op>[0], ...a);
const V = (name: string, ...a: Expr[]): Expr =>
  op(`v128.${name}` as Parameters<typeof op>[0], ...a);
const I = (name: string, ...a: Expr[]): Expr =>
  op(`i32x4.${name}` as Parameters<typeof op>[0], ...a);
const sel = (a: Expr, b: Expr, mask: Expr): Expr => V("bitselect", a, b, mask);

export type { VecEmitter } from "./wasm_math_f64.ts";

/** e^x in f32x4 (overflow to inf, gradual underflow to 0, nan kept). */
export const emitExpF32: VecEmitter = (f, x) => {
  const xc = f.let("v128", F("min", F("max", get(x), k(-104)), k(89)));
  const n = f.let("v128", F("nearest", F("mul", get(xc), k(Math.LOG2E))));
  const r = f.let(
    "v128",
    F(
      "sub",
      F("sub", get(xc), F("mul", get(n), k(0.693359375))),
      F("mul", get(n), k(-2.12194440e-4)),
    ),
  );
  const p = horner("f32x4", [
    5.0000001201e-1,
    1.6666665459e-1,
    4.1665795894e-2,
    8.3334519073e-3,
    1.3981999507e-3,
    1.9875691500e-4,
  ], get(r));
  const y = f.let(
    "v128",
    F("add", F("add", F("mul", p, F("mul", get(r), get(r))), get(r)), k(1)),
  );
  // 2^n as two factors 2^(n>>1) · 2^(n - n>>1), each a normal float.
  const ni = f.let("v128", I("trunc_sat_f32x4_s", get(n)));
  const n1 = f.let("v128", opi("i32x4.shr_s", [], get(ni), i32(1)));
  const pow2 = (e: Expr) =>
    opi("i32x4.shl", [], I("add", e, i32x4(127)), i32(23));
  return f.let(
    "v128",
    F(
      "mul",
      F("mul", get(y), pow2(get(n1))),
      pow2(I("sub", get(ni), get(n1))),
    ),
  );
};

/** Natural log in f32x4 (denormals scaled; 0 → -inf, x < 0 → nan). */
export const emitLogF32: VecEmitter = (f, x) => {
  const small = f.let("v128", F("lt", get(x), k(2 ** -126)));
  const xs = f.let(
    "v128",
    sel(F("mul", get(x), k(2 ** 23)), get(x), get(small)),
  );
  const e0 = I(
    "sub",
    I("sub", opi("i32x4.shr_u", [], get(xs), i32(23)), i32x4(126)),
    V("and", get(small), i32x4(23)),
  );
  const m = f.let(
    "v128",
    V("or", V("and", get(xs), i32x4(0x7fffff)), i32x4(0x3f000000)),
  );
  const lt = f.let("v128", F("lt", get(m), k(0.707106781186547524)));
  const ef = f.let("v128", F("convert_i32x4_s", I("add", e0, get(lt))));
  const t = f.let(
    "v128",
    F("sub", F("add", get(m), V("and", get(lt), get(m))), k(1)),
  );
  const z = f.let("v128", F("mul", get(t), get(t)));
  const P = [
    3.3333331174e-1,
    -2.4999993993e-1,
    2.0000714765e-1,
    -1.6668057665e-1,
    1.4249322787e-1,
    -1.2420140846e-1,
    1.1676998740e-1,
    -1.1514610310e-1,
    7.0376836292e-2,
  ];
  let y = F("mul", F("mul", horner("f32x4", P, get(t)), get(t)), get(z));
  y = F("add", y, F("mul", get(ef), k(-2.12194440e-4)));
  y = F("add", y, F("mul", get(z), k(-0.5)));
  const r = f.let(
    "v128",
    F("add", F("add", get(t), y), F("mul", get(ef), k(0.693359375))),
  );
  f.set(r, sel(k(-Infinity), get(r), F("eq", get(x), k(0))));
  f.set(r, sel(k(NaN), get(r), F("lt", get(x), k(0))));
  const passThrough = V(
    "or",
    F("ne", get(x), get(x)),
    F("eq", get(x), k(Infinity)),
  );
  f.set(r, sel(get(x), get(r), passThrough));
  return r;
};

/** tanh in f32x4: a polynomial below 0.625, 1 - 2/(e^2|x| + 1) above. */
export const emitTanhF32: VecEmitter = (f, x) => {
  const ax = f.let("v128", F("abs", get(x)));
  const z = F("mul", get(ax), get(ax));
  const small = F(
    "add",
    F(
      "mul",
      F(
        "mul",
        horner("f32x4", [
          -3.33332819422e-1,
          1.33314422036e-1,
          -5.37397155531e-2,
          2.06390887954e-2,
          -5.70498872745e-3,
        ], z),
        z,
      ),
      get(ax),
    ),
    get(ax),
  );
  const x2 = f.let("v128", F("add", get(ax), get(ax)));
  const e = emitExpF32(f, x2);
  const large = F("sub", k(1), F("div", k(2), F("add", get(e), k(1))));
  const y = sel(small, large, F("lt", get(ax), k(0.625)));
  return f.let("v128", V("or", y, V("and", get(x), i32x4(0x80000000 | 0))));
};

/** The logistic sigmoid in f32x4: 1/(1+e^-|x|), or e^-|x|/(1+e^-|x|) below 0. */
export const emitSigmoidF32: VecEmitter = (f, x) => {
  const na = f.let("v128", F("neg", F("abs", get(x))));
  const e = emitExpF32(f, na);
  const d = f.let("v128", F("add", get(e), k(1)));
  return f.let(
    "v128",
    sel(
      F("div", k(1), get(d)),
      F("div", get(e), get(d)),
      F("ge", get(x), k(0)),
    ),
  );
};

/** -inf → nan (the definitions give -inf · 0). */
function nanAtMinusInf(v: number, r: Expr): Expr {
  return sel(kd(NaN), r, D("eq", get(v), kd(-Infinity)));
}

/** GELU, tanh form: 0.5v(1 + tanh(u)) = v / (1 + e^-2u). */
export const emitGeluTanhF32: VecEmitter = viaF64((f, v) => {
  const u = D(
    "mul",
    kd(-2 * Math.sqrt(2 / Math.PI)),
    D(
      "add",
      get(v),
      D("mul", kd(0.044715), D("mul", get(v), D("mul", get(v), get(v)))),
    ),
  );
  const e = expF64(f, u);
  return f.let(
    "v128",
    nanAtMinusInf(v, D("div", get(v), D("add", kd(1), e))),
  );
});

export { emitGeluErfF32 } from "./wasm_math_erf.ts";

/** A module of array functions `name(src, dst, n)` over f32 buffers. */
export function mathModule(
  fns: Readonly<Record<string, VecEmitter>>,
  pages: { min: number; max: number },
): WasmModuleDesc {
  const funcs: WasmFunc[] = [];
  for (const [name, emit] of Object.entries(fns)) {
    const f = new FuncBuilder(name, ["i32", "i32", "i32"]);
    const i = f.local("i32"), x = f.local("v128");
    // n elements in ceil(n/4) vectors: buffers are padded to 16 bytes.
    f.forRange(i, i32(0), op("i32.shl", get(2), i32(2)), i32(16), () => {
      f.set(x, opi("v128.load", [4], op("i32.add", get(0), get(i))));
      const r = emit(f, x);
      f.store("v128.store", op("i32.add", get(1), get(i)), get(r));
    });
    funcs.push(f.finish());
  }
  return {
    memory: { imported: false, shared: false, min: pages.min, max: pages.max },
    funcs,
  };
}
