// Optimizer updates with PyTorch's exact formulas (SGD with momentum and
// weight decay, Adam, AdamW, RMSprop), applied in place to a parameter's
// storage. State (moment buffers, step count) lives in one object per
// parameter, kept by the caller across steps. Arithmetic is binary64 (state
// in f64), the parameter rounded to its dtype once per step.

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
import { nativeAdam, runAdamNative } from "./adam_native.ts";

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

/** Per-parameter state. */
export interface ParamState {
  step: number;
  m: Float64Array | null;
  v: Float64Array | null;
  /** Adam's Wasm loop for an f32 parameter (m and v live in its memory). */
  wasm?: AdamWasm | null;
}

/** A fresh state. */
export function newState(): ParamState {
  return { step: 0, m: null, v: null };
}

/**
 * Float storage seen as the parameter's elements in row-major order, as rows
 * of `cols`: element (r, c) at `o + r * rs + c * cs`.
 */
interface Lanes {
  readonly d: TensorData;
  readonly o: number;
  readonly rs: number;
  readonly cs: number;
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
  if (gl.d.buffer === p.data.buffer) gl = copied(g, cols);
  const direct = p.isContiguous && isFloatData(p.data);
  const pl = direct ? lanes(p, shape, cols) : copied(p, cols);
  if (direct) prepareWrite(p.data);
  update(cfg, pl, gl, n / cols, cols, s);
  if (direct) bumpVersion(p.data);
  else writeBack(p, pl.d as Float64Array);
}

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
    const m = s.m;
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
    const v = s.v ??= new Float64Array(n);
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

/** Adam (L2 weight decay) and AdamW (decoupled), PyTorch's formulas. */
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
  const { lr, weightDecay: wd, beta1: b1, beta2: b2, eps } = cfg;
  const bc1 = 1 - b1 ** s.step, bc2 = 1 - b2 ** s.step;
  const sb2 = Math.sqrt(bc2), step = lr / bc1, c1 = 1 - b1, c2 = 1 - b2;
  const decoupled = cfg.kind === "adamw", shrink = 1 - lr * wd;
  const scalars = { b1, c1, b2, c2, sb2, step, eps, wd, shrink, decoupled };
  ADAM_LOOPS.last = "js";
  if (adamFast(pl, gl, rows, cols, s, scalars)) return;
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
    const m = s.m ??= new Float64Array(n), v = s.v ??= new Float64Array(n);
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
  st.p.set(pl.d.subarray(pl.o, pl.o + n));
  st.g.set(gd.subarray(gl.o, gl.o + n));
  runAdamWasm(st, n, cols, gl.rs, gl.cs, scalars);
  pl.d.set(st.p, pl.o);
  ADAM_LOOPS.last = "wasm";
  return true;
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
