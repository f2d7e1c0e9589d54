// Adam/AdamW for f32 parameters as a Wasm SIMD loop in f32x4 (four elements
// per iteration) with the f32 formulas of nn/optim_f32.ts's JS loop, so the
// results are bit-identical (no fused multiply-adds; f32x4 sqrt and div are
// correctly rounded). The moments and the staging of the parameter and its
// gradient live in heap blocks (runtime/wasm_heap.ts; freed when their views
// are collected); one instance over the heap serves every parameter.

import { FuncBuilder, get, i32, op, opi } from "../codegen/wasm_dsl.ts";
import { heapAlloc, heapFree, wasmHeap } from "../runtime/wasm_heap.ts";
import { heapInstance } from "../runtime/wasm_heap_ops.ts";

/** Hyper-parameters of one Adam step (binary64; each loop rounds to f32). */
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

/** One parameter's Wasm state: heap blocks holding m, v and staging for p and g. */
export interface AdamWasm {
  /** First and second moments (views into the instance's memory). */
  readonly m: Float32Array;
  readonly v: Float32Array;
  readonly p: Float32Array;
  readonly g: Float32Array;
  readonly run: (...args: number[]) => void;
  readonly offsets: readonly [number, number, number, number];
}

const PARAMS = [
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

function build(): FuncBuilder {
  const f = new FuncBuilder("adam", PARAMS);
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
  return f;
}

let adamRun: ((...args: number[]) => void) | null | undefined;

/** The `adam` export of the one instance over the heap, or null. */
function adamFunction(): ((...args: number[]) => void) | null {
  if (adamRun !== undefined) return adamRun;
  const e = heapInstance("adam_f32x4_heap", () => [build().finish()]);
  // Without Wasm the JS loop runs.
  adamRun = e === null ? null : e.adam as (...args: number[]) => void;
  return adamRun;
}

/** Frees a block once the view over it is collected. */
const blocks = new FinalizationRegistry<number>(heapFree);

/** A zeroed f32 view of `n` elements over a fresh block of `bytes`, or null. */
function block(bytes: number, n: number): Float32Array | null {
  const at = heapAlloc(bytes);
  if (at < 0) return null;
  const v = new Float32Array((wasmHeap() as WebAssembly.Memory).buffer, at, n);
  new Float32Array(v.buffer, at, bytes >> 2).fill(0);
  blocks.register(v, at);
  return v;
}

/**
 * A Wasm state for a parameter of `n` elements whose gradient spans at most
 * `n` elements of its storage; null where Wasm SIMD is unavailable or the
 * heap is full.
 */
export function newAdamWasm(n: number): AdamWasm | null {
  const run = adamFunction();
  if (run === null) return null;
  const q = Math.ceil(n / 4);
  const m = block(q * 16, n), v = block(q * 16, n), p = block(q * 16, n);
  const g = block((q * 4 + 4) * 4, n + 4);
  if (m === null || v === null || p === null || g === null) return null;
  return {
    m,
    v,
    p,
    g,
    run,
    offsets: [p.byteOffset, g.byteOffset, m.byteOffset, v.byteOffset],
  };
}

/**
 * One Adam step over the staged parameter (`st.p`) and gradient (`st.g`,
 * element (r, c) at `r * grs + c * gcs`, rows of `cols`), or over the heap
 * blocks at byte offsets `pAt` / `gAt` in place of either when given.
 */
export function runAdamWasm(
  st: AdamWasm,
  n: number,
  cols: number,
  grs: number,
  gcs: number,
  s: AdamScalars,
  pAt = -1,
  gAt = -1,
): void {
  const [pOff, gOff, mOff, vOff] = st.offsets;
  st.run(
    Math.ceil(n / 4),
    pAt >= 0 ? pAt : pOff,
    gAt >= 0 ? gAt : gOff,
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
