// Shared pieces of the vectorized math emitters: the emitter type, e^v in
// f64x2 lanes, and the promotion of an f32x4 to two f64x2 halves and back.

import {
  type Expr,
  f64x2 as kd,
  type FuncBuilder,
  get,
  horner,
  i32,
  op,
  opi,
} from "./wasm_dsl.ts";

/** An emitter: appends f(x) for the v128 in local `x`; returns its local. */
export type VecEmitter = (f: FuncBuilder, x: number) => number;

const D = (name: string, ...a: Expr[]): Expr =>
  op(`f64x2.${name}` as Parameters<typeof op>[0], ...a);

/** e^v in f64x2 for v in [-708, 709] (Taylor on |r| <= ln2/2). */
export function expF64(f: FuncBuilder, v: Expr): Expr {
  const vc = f.let("v128", D("min", D("max", v, kd(-708)), kd(709)));
  const n = f.let("v128", D("nearest", D("mul", get(vc), kd(Math.LOG2E))));
  const r = f.let(
    "v128",
    D(
      "sub",
      D("sub", get(vc), D("mul", get(n), kd(6.93147180369123816490e-01))),
      D("mul", get(n), kd(1.90821492927058770002e-10)),
    ),
  );
  const taylor = [1];
  for (let i = 1; i <= 11; i++) taylor.push(taylor[i - 1] / i);
  const e = opi(
    "i64x2.shl",
    [],
    op(
      "i64x2.add",
      op(
        "i64x2.extend_low_i32x4_s",
        op("i32x4.trunc_sat_f64x2_s_zero", get(n)),
      ),
      [{ op: "v128.const", imm: [1023, 0, 1023, 0] }],
    ),
    i32(52),
  );
  return D("mul", horner("f64x2", taylor, get(r)), e);
}

/** Applies a f64x2 → f64x2 body to both halves of an f32x4. */
export function viaF64(
  body: (f: FuncBuilder, v: number) => number,
): VecEmitter {
  return (f, x) => {
    const lo = f.let("v128", D("promote_low_f32x4", get(x)));
    const hiLanes = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
    const hi = f.let(
      "v128",
      D("promote_low_f32x4", opi("i8x16.shuffle", hiLanes, get(x), get(x))),
    );
    const rl = body(f, lo), rh = body(f, hi);
    const join = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
    return f.let(
      "v128",
      opi(
        "i8x16.shuffle",
        join,
        op("f32x4.demote_f64x2_zero", get(rl)),
        op("f32x4.demote_f64x2_zero", get(rh)),
      ),
    );
  };
}
