// The Adam/AdamW step for f32 parameters as one Wasm SIMD function, `adam`,
// in f32x4 (four elements per iteration) with the f32 formulas of
// nn/optim_f32.ts's JS loop, so the results are bit-identical (no fused
// multiply-adds; f32x4 sqrt and div are correctly rounded). Its parameters
// are ADAM_PARAMS; kernels/nn/adam_wasm.ts calls it on the main thread and
// the GEMM pool's workers (runtime/wasm_pool.ts) run slices of big steps.

import { FuncBuilder, get, i32, op, opi } from "./wasm_dsl.ts";
import type { WasmFunc } from "./wasm_encoder.ts";

/** The cache key of the module holding `adam` (runtime/wasm_modules.ts). */
export const ADAM_MODULE_KEY = "adam_f32x4_heap";

/** `adam`'s parameters: nine i32, then nine f32 (AdamScalars). */
export const ADAM_PARAMS = [
  "i32", // quads
  "i32", // pBase (bytes)
  "i32", // gBase (bytes)
  "i32", // mBase
  "i32", // vBase
  "i32", // cols
  "i32", // grs (elements)
  "i32", // gcs (elements)
  "i32", // decoupled
  "f32", // b1
  "f32", // c1
  "f32", // b2
  "f32", // c2
  "f32", // sb2
  "f32", // step
  "f32", // eps
  "f32", // wd
  "f32", // shrink
] as const;

const splat = (l: number) => op("f32x4.splat", get(l));

/** The `adam` function (see ADAM_PARAMS). */
export function adamFunc(): WasmFunc {
  const f = new FuncBuilder("adam", ADAM_PARAMS);
  const [quads, pB, gB, mB, vB, cols, grs, gcs, dec] = [
    0,
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
  ];
  const [b1, c1, b2, c2, sb2, step, eps, wd, shrink] = [
    9,
    10,
    11,
    12,
    13,
    14,
    15,
    16,
    17,
  ];
  const k = f.local("i32"), gi = f.local("i32"), c = f.local("i32");
  const jump = f.let(
    "i32",
    op("i32.sub", get(grs), op("i32.mul", get(cols), get(gcs))),
  );
  const d = f.local("v128"), w = f.local("v128");
  const m = f.local("v128"), v = f.local("v128");
  const advance = () => {
    f.inc(gi, get(gcs));
    f.inc(c, i32(1));
    f.ifElse(op("i32.eq", get(c), get(cols)), () => {
      f.set(c, i32(0));
      f.inc(gi, get(jump));
    });
  };
  const gAddr = () => op("i32.add", get(gB), op("i32.shl", get(gi), i32(2)));
  const at = (base: number) =>
    op("i32.add", get(base), op("i32.shl", get(k), i32(4)));
  const gather = () => {
    f.set(d, op("f32x4.splat", opi("f32.load", [2, 0], gAddr())));
    advance();
    for (let lane = 1; lane < 4; lane++) {
      f.set(
        d,
        opi(
          "f32x4.replace_lane",
          [lane],
          get(d),
          opi("f32.load", [2, 0], gAddr()),
        ),
      );
      advance();
    }
  };
  const body = (decoupled: boolean, dense: boolean) => {
    if (dense) f.set(d, opi("v128.load", [4, 0], at(gB)));
    else gather();
    f.set(w, opi("v128.load", [4, 0], at(pB)));
    if (decoupled) f.set(w, op("f32x4.mul", get(w), splat(shrink)));
    else f.set(d, op("f32x4.add", get(d), op("f32x4.mul", splat(wd), get(w))));
    f.set(
      m,
      op(
        "f32x4.add",
        op("f32x4.mul", splat(b1), opi("v128.load", [4, 0], at(mB))),
        op("f32x4.mul", splat(c1), get(d)),
      ),
    );
    f.set(
      v,
      op(
        "f32x4.add",
        op("f32x4.mul", splat(b2), opi("v128.load", [4, 0], at(vB))),
        op("f32x4.mul", op("f32x4.mul", splat(c2), get(d)), get(d)),
      ),
    );
    f.store("v128.store", at(mB), get(m));
    f.store("v128.store", at(vB), get(v));
    const denom = op(
      "f32x4.add",
      op("f32x4.div", op("f32x4.sqrt", get(v)), splat(sb2)),
      splat(eps),
    );
    const upd = op(
      "f32x4.sub",
      get(w),
      op("f32x4.div", op("f32x4.mul", splat(step), get(m)), denom),
    );
    f.store("v128.store", at(pB), upd);
  };
  const loop = (decoupled: boolean, dense: boolean) =>
    f.forRange(k, i32(0), get(quads), i32(1), () => body(decoupled, dense));
  const isDense = op(
    "i32.and",
    op("i32.eq", get(gcs), i32(1)),
    op("i32.eq", get(grs), get(cols)),
  );
  f.set(gi, i32(0));
  f.set(c, i32(0));
  f.ifElse(
    isDense,
    () => f.ifElse(get(dec), () => loop(true, true), () => loop(false, true)),
    () => f.ifElse(get(dec), () => loop(true, false), () => loop(false, false)),
  );
  return f.finish();
}
