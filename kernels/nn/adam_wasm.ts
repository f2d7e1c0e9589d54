// Adam/AdamW for f32 parameters as a Wasm SIMD loop (f64x2, two elements per
// iteration) with the same binary64 formulas as nn/optim.ts's JS loop, so the
// results are bit-identical (no fused multiply-adds; sqrt and div are
// correctly rounded in both). The moments live in the Wasm memory of one
// instance per parameter; the parameter and its gradient are copied in and
// the parameter copied back each step.

import { FuncBuilder, get, i32, op, opi } from "../codegen/wasm_dsl.ts";
import { compileWasm, hasSimd } from "../runtime/wasm_modules.ts";

/** Hyper-parameters of one Adam step, as the JS loop derives them. */
export interface AdamScalars {
  readonly b1: number;
  readonly c1: number;
  readonly b2: number;
  readonly c2: number;
  readonly sb2: number;
  readonly step: number;
  readonly eps: number;
  readonly wd: number;
  readonly shrink: number;
  readonly decoupled: boolean;
}

/** One parameter's Wasm state: memory holding m, v and staging for p and g. */
export interface AdamWasm {
  /** First and second moments (views into the instance's memory). */
  readonly m: Float64Array;
  readonly v: Float64Array;
  readonly p: Float32Array;
  readonly g: Float32Array;
  readonly run: (...args: number[]) => void;
  readonly offsets: readonly [number, number, number, number];
}

const PARAMS = [
  "i32", // pairs
  "i32", // pBase (bytes)
  "i32", // gBase (bytes)
  "i32", // mBase
  "i32", // vBase
  "i32", // cols
  "i32", // grs (elements)
  "i32", // gcs (elements)
  "i32", // decoupled
  "f64", // b1
  "f64", // c1
  "f64", // b2
  "f64", // c2
  "f64", // sb2
  "f64", // step
  "f64", // eps
  "f64", // wd
  "f64", // shrink
] as const;

const splat = (l: number) => op("f64x2.splat", get(l));

function build(): FuncBuilder {
  const f = new FuncBuilder("adam", PARAMS);
  const [pairs, pB, gB, mB, vB, cols, grs, gcs, dec] = [
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
  const g0 = f.local("f32"), d = f.local("v128"), w = f.local("v128");
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
  const at = (base: number, shift: number) =>
    op("i32.add", get(base), op("i32.shl", get(k), i32(shift)));
  const body = (decoupled: boolean) => {
    f.set(g0, opi("f32.load", [2, 0], gAddr()));
    advance();
    f.set(
      d,
      op(
        "f64x2.promote_low_f32x4",
        opi(
          "f32x4.replace_lane",
          [1],
          op("f32x4.splat", get(g0)),
          opi("f32.load", [2, 0], gAddr()),
        ),
      ),
    );
    advance();
    f.set(
      w,
      op(
        "f64x2.promote_low_f32x4",
        opi("v128.load64_splat", [3, 0], at(pB, 3)),
      ),
    );
    if (decoupled) f.set(w, op("f64x2.mul", get(w), splat(shrink)));
    else f.set(d, op("f64x2.add", get(d), op("f64x2.mul", splat(wd), get(w))));
    f.set(
      m,
      op(
        "f64x2.add",
        op("f64x2.mul", splat(b1), opi("v128.load", [4, 0], at(mB, 4))),
        op("f64x2.mul", splat(c1), get(d)),
      ),
    );
    f.set(
      v,
      op(
        "f64x2.add",
        op("f64x2.mul", splat(b2), opi("v128.load", [4, 0], at(vB, 4))),
        op("f64x2.mul", op("f64x2.mul", splat(c2), get(d)), get(d)),
      ),
    );
    f.store("v128.store", at(mB, 4), get(m));
    f.store("v128.store", at(vB, 4), get(v));
    const denom = op(
      "f64x2.add",
      op("f64x2.div", op("f64x2.sqrt", get(v)), splat(sb2)),
      splat(eps),
    );
    const upd = op(
      "f64x2.sub",
      get(w),
      op("f64x2.div", op("f64x2.mul", splat(step), get(m)), denom),
    );
    f.store(
      "f64.store",
      at(pB, 3),
      opi("f64x2.extract_lane", [0], op("f32x4.demote_f64x2_zero", upd)),
    );
  };
  f.set(gi, i32(0));
  f.set(c, i32(0));
  f.ifElse(
    get(dec),
    () => f.forRange(k, i32(0), get(pairs), i32(1), () => body(true)),
    () => f.forRange(k, i32(0), get(pairs), i32(1), () => body(false)),
  );
  return f;
}

let module: WebAssembly.Module | null | undefined;

function adamModule(): WebAssembly.Module | null {
  if (module !== undefined) return module;
  module = null;
  try {
    if (!hasSimd()) return null;
    const r = compileWasm("adam_f64x2", () => ({
      memory: { imported: true, shared: false, min: 1, max: 65536 },
      funcs: [build().finish()],
    }));
    if (r.ok) module = r.module;
  } catch {
    module = null; // no Wasm here: the JS loop runs
  }
  return module;
}

/**
 * A Wasm state for a parameter of `n` elements whose gradient spans at most
 * `n` elements of its storage; null where Wasm SIMD is unavailable.
 */
export function newAdamWasm(n: number): AdamWasm | null {
  const mod = adamModule();
  if (mod === null) return null;
  const pairs = Math.ceil(n / 2);
  const mOff = 0, vOff = mOff + pairs * 16, pOff = vOff + pairs * 16;
  const gOff = pOff + pairs * 8, end = gOff + (n + 4) * 4;
  try {
    const memory = new WebAssembly.Memory({
      initial: Math.ceil(end / 65536),
      maximum: Math.ceil(end / 65536),
    });
    const inst = new WebAssembly.Instance(mod, { env: { memory } });
    const buf = memory.buffer;
    return {
      m: new Float64Array(buf, mOff, n),
      v: new Float64Array(buf, vOff, n),
      p: new Float32Array(buf, pOff, n),
      g: new Float32Array(buf, gOff, n + 4),
      run: inst.exports.adam as (...args: number[]) => void,
      offsets: [pOff, gOff, mOff, vOff],
    };
  } catch {
    return null;
  }
}

/**
 * One Adam step over the staged parameter (`st.p`) and gradient (`st.g`,
 * element (r, c) at `r * grs + c * gcs`, rows of `cols`).
 */
export function runAdamWasm(
  st: AdamWasm,
  n: number,
  cols: number,
  grs: number,
  gcs: number,
  s: AdamScalars,
): void {
  const [pOff, gOff, mOff, vOff] = st.offsets;
  st.run(
    Math.ceil(n / 2),
    pOff,
    gOff,
    mOff,
    vOff,
    cols,
    grs,
    gcs,
    s.decoupled ? 1 : 0,
    s.b1,
    s.c1,
    s.b2,
    s.c2,
    s.sb2,
    s.step,
    s.eps,
    s.wd,
    s.shrink,
  );
}
