// Optimizer updates with PyTorch's exact formulas (SGD with momentum and
// weight decay, Adam, AdamW, RMSprop), applied in place to a parameter's
// storage. State (moment buffers, step count) lives in one object per
// parameter, kept by the caller across steps. Arithmetic is in the
// parameter's dtype: f64 here, f32 in nn/optim_f32.ts (and Adam's Wasm and
// native loops, bit-identical to it).

import { bumpVersion } from "../graph/version.ts";
import { prepareWrite } from "../graph/expr.ts";
import {
  copyInto,
  scratchF64,
  type Tensor,
  type TensorData,
} from "../tensor.ts";
import { setIndex } from "../indexing.ts";
import {
  type AdamScalars,
  type AdamWasm,
  newAdamWasm,
  runAdamWasm,
} from "./adam_wasm.ts";
import { heapOffsetOf } from "../runtime/wasm_heap.ts";
import { nativeAdam, runAdamNative } from "./adam_native.ts";
import { adamF32, type Lanes, rmspropF32, sgdF32 } from "./optim_f32.ts";

/** Hyper-parameters of every optimizer (unused ones are ignored). */
export interface OptimConfig {
  readonly kind: "sgd" | "adam" | "adamw" | "rmsprop";
  lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly alpha: number;
}

/** Per-parameter state (moments in the parameter's float dtype). */
export interface ParamState {
  step: number;
  m: Float32Array | Float64Array | null;
  v: Float32Array | Float64Array | null;
  /** Adam's Wasm loop for an f32 parameter (m and v live in its memory). */
  wasm?: AdamWasm | null;
}

/** A fresh state. */
export function newState(): ParamState {
  return { step: 0, m: null, v: null };
}

const isFloatData = (d: TensorData): boolean =>
  d instanceof Float32Array || d instanceof Float64Array;

/**
 * `t`'s elements as rows of `cols` (`shape` is the parameter's): its own
 * storage when contiguous or a strided matrix of that shape (a transposed
 * gradient), else a binary64 copy.
 */
function lanes(t: Tensor, shape: readonly number[], cols: number): Lanes {
  const d = t.data;
  if (isFloatData(d)) {
    if (t.isContiguous) return { d, o: t.offset, rs: cols, cs: 1 };
    if (
      t.ndim === 2 && shape.length === 2 && t.shape[0] === shape[0] &&
      t.shape[1] === shape[1]
    ) {
      return { d, o: t.offset, rs: t.strides[0], cs: t.strides[1] };
    }
  }
  return copied(t, cols);
}

/** A binary64 copy of `t`'s elements as rows of `cols`. */
function copied(t: Tensor, cols: number): Lanes {
  const b = scratchF64(t.size);
  copyInto(t, b, 0);
  return { d: b, o: 0, rs: cols, cs: 1 };
}

/**
 * True when two arrays share bytes (storage in the Wasm heap shares one
 * buffer, so the buffer alone does not tell).
 */
function overlaps(a: TensorData, b: TensorData): boolean {
  return a.buffer === b.buffer &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength;
}

/** Applies one update of `cfg` to parameter `p` with gradient `g` (same shape). */
export function applyUpdate(
  cfg: OptimConfig,
  p: Tensor,
  g: Tensor,
  s: ParamState,
): void {
  const n = p.size, shape = p.shape;
  const cols = shape.length === 0 ? 1 : shape[shape.length - 1];
  s.step++;
  if (n === 0) return;
  let gl = lanes(g, shape, cols);
  if (overlaps(gl.d, p.data)) gl = copied(g, cols);
  const direct = p.isContiguous && isFloatData(p.data);
  const pl = direct ? lanes(p, shape, cols) : copied(p, cols);
  if (direct) prepareWrite(p.data);
  if (p.dtype === "f32") updateF32(cfg, pl, gl, n / cols, cols, s);
  else update(cfg, pl, gl, n / cols, cols, s);
  if (direct) bumpVersion(p.data);
  else writeBack(p, pl.d as Float64Array);
}

/** The f64 loops (state in Float64Array). */
function update(
  cfg: OptimConfig,
  pl: Lanes,
  gl: Lanes,
  rows: number,
  cols: number,
  s: ParamState,
): void {
  const n = rows * cols;
  const w = pl.d, po = pl.o, gr = gl.d, gcs = gl.cs;
  const { lr, weightDecay: wd } = cfg;
  if (cfg.kind === "sgd") {
    const first = s.m === null, mom = cfg.momentum;
    if (mom !== 0) s.m ??= new Float64Array(n);
    const m = s.m as Float64Array | null;
    for (let r = 0, k = 0; r < rows; r++) {
      for (let c = 0, gi = gl.o + r * gl.rs; c < cols; c++, k++, gi += gcs) {
        const wi = w[po + k];
        let d = gr[gi] + wd * wi;
        if (m !== null) {
          m[k] = first ? d : mom * m[k] + d;
          d = m[k];
        }
        w[po + k] = wi - lr * d;
      }
    }
  } else if (cfg.kind === "rmsprop") {
    const v = (s.v ??= new Float64Array(n)) as Float64Array;
    const alpha = cfg.alpha, eps = cfg.eps;
    for (let r = 0, k = 0; r < rows; r++) {
      for (let c = 0, gi = gl.o + r * gl.rs; c < cols; c++, k++, gi += gcs) {
        const wi = w[po + k];
        const d = gr[gi] + wd * wi;
        const vi = alpha * v[k] + (1 - alpha) * d * d;
        v[k] = vi;
        w[po + k] = wi - lr * d / (Math.sqrt(vi) + eps);
      }
    }
  } else {
    adam(cfg, pl, gl, rows, cols, s);
  }
}

/** Adam's per-step scalars (bias corrections in f64). */
function adamScalars(cfg: OptimConfig, t: number): AdamScalars {
  const { lr, weightDecay: wd, beta1: b1, beta2: b2, eps } = cfg;
  const bc1 = 1 - b1 ** t, bc2 = 1 - b2 ** t;
  const sb2 = Math.sqrt(bc2), step = lr / bc1, c1 = 1 - b1, c2 = 1 - b2;
  const decoupled = cfg.kind === "adamw", shrink = 1 - lr * wd;
  return { b1, c1, b2, c2, sb2, step, eps, wd, shrink, decoupled };
}

/** Adam (L2 weight decay) and AdamW (decoupled), PyTorch's formulas, in f64. */
function adam(
  cfg: OptimConfig,
  pl: Lanes,
  gl: Lanes,
  rows: number,
  cols: number,
  s: ParamState,
): void {
  const n = rows * cols;
  const w = pl.d, po = pl.o, gr = gl.d, gcs = gl.cs;
  const { b1, c1, b2, c2, sb2, step, eps, wd, shrink, decoupled } = adamScalars(
    cfg,
    s.step,
  );
  ADAM_LOOPS.last = "js";
  const m = s.m ??= new Float64Array(n);
  const v = s.v ??= new Float64Array(n);
  for (let r = 0, k = 0; r < rows; r++) {
    for (let c = 0, gi = gl.o + r * gl.rs; c < cols; c++, k++, gi += gcs) {
      let wi = w[po + k], d = gr[gi];
      if (decoupled) wi *= shrink;
      else d += wd * wi;
      const mi = b1 * m[k] + c1 * d;
      const vi = b2 * v[k] + c2 * d * d;
      m[k] = mi;
      v[k] = vi;
      const denom = Math.sqrt(vi) / sb2 + eps;
      w[po + k] = wi - step * mi / denom;
    }
  }
}

/** The f32 loops (state in Float32Array; Adam on Wasm or native if it may). */
function updateF32(
  cfg: OptimConfig,
  pl: Lanes,
  gl: Lanes,
  rows: number,
  cols: number,
  s: ParamState,
): void {
  const n = rows * cols, { lr, weightDecay: wd } = cfg;
  if (cfg.kind === "sgd") {
    const first = s.m === null, mom = cfg.momentum;
    if (mom !== 0) s.m ??= new Float32Array(n);
    const m = s.m as Float32Array | null;
    sgdF32(pl, gl, rows, cols, m, first, lr, wd, mom);
  } else if (cfg.kind === "rmsprop") {
    const v = (s.v ??= new Float32Array(n)) as Float32Array;
    rmspropF32(pl, gl, rows, cols, v, lr, wd, cfg.alpha, cfg.eps);
  } else {
    const sc = adamScalars(cfg, s.step);
    ADAM_LOOPS.last = "js";
    if (adamFast(pl, gl, rows, cols, s, sc)) return;
    const m = (s.m ??= new Float32Array(n)) as Float32Array;
    const v = (s.v ??= new Float32Array(n)) as Float32Array;
    adamF32(pl, gl, rows, cols, m, v, sc);
  }
}

/**
 * Which fast Adam loops may run (tests and benchmarks switch them off), and
 * the loop the last Adam step ran on.
 */
export const ADAM_LOOPS: {
  native: boolean;
  wasm: boolean;
  last: "js" | "wasm" | "native";
} = { native: true, wasm: true, last: "js" };

/**
 * Runs the step natively or in Wasm when parameter and gradient are f32 and
 * the gradient is contiguous or an exact transpose; false when the JS loop
 * must run.
 */
function adamFast(
  pl: Lanes,
  gl: Lanes,
  rows: number,
  cols: number,
  s: ParamState,
  scalars: AdamScalars,
): boolean {
  const n = rows * cols, gd = gl.d;
  if (!(pl.d instanceof Float32Array) || !(gd instanceof Float32Array)) {
    return false;
  }
  const dense = gl.rs === cols && gl.cs === 1;
  if (!dense && !(gl.rs === 1 && gl.cs === rows)) return false;
  if (s.wasm === undefined) {
    const nat = ADAM_LOOPS.native ? nativeAdam() : null;
    const wasm = nat === null && ADAM_LOOPS.wasm && s.m === null &&
      n >= WASM_MIN;
    s.wasm = wasm ? newAdamWasm(n) : null;
    if (s.wasm !== null) {
      s.m = s.wasm.m;
      s.v = s.wasm.v;
    }
  }
  const st = s.wasm;
  if (st === null) {
    const nat = ADAM_LOOPS.native ? nativeAdam() : null;
    if (nat === null) return false;
    const m = (s.m ??= new Float32Array(n)) as Float32Array;
    const v = (s.v ??= new Float32Array(n)) as Float32Array;
    runAdamNative(
      nat,
      pl.d,
      pl.o,
      gd,
      gl.o,
      gl.rs,
      gl.cs,
      m,
      v,
      rows,
      cols,
      scalars,
    );
    ADAM_LOOPS.last = "native";
    return true;
  }
  // Storage in the Wasm heap (the storage pool's) is updated in place;
  // other storage is staged through the state's blocks.
  const pAt = inPlace(pl.d, pl.o, n), gAt = dense ? inPlace(gd, gl.o, n) : -1;
  if (pAt < 0) st.p.set(pl.d.subarray(pl.o, pl.o + n));
  if (gAt < 0) st.g.set(gd.subarray(gl.o, gl.o + n));
  runAdamWasm(st, n, cols, gl.rs, gl.cs, scalars, pAt, gAt);
  if (pAt < 0) pl.d.set(st.p, pl.o);
  ADAM_LOOPS.last = "wasm";
  return true;
}

/**
 * The heap byte offset of `d`'s `n` elements from `o` when the Wasm loop may
 * use them in place: the whole of a heap block (whose 16-byte padding takes
 * the last quad's extra lanes). Else -1.
 */
function inPlace(d: Float32Array, o: number, n: number): number {
  if (o !== 0 || d.length !== n) return -1;
  return heapOffsetOf(d);
}

/** Parameters below this many elements stay on the JS loop. */
const WASM_MIN = 64;

function writeBack(p: Tensor, w: Float64Array): void {
  prepareWrite(p.data);
  const src = p.copy();
  for (let i = 0; i < w.length; i++) src.data[i] = w[i];
  setIndex(p, [], src);
  bumpVersion(p.data);
}
