// Optimizer updates with PyTorch's exact formulas (SGD with momentum and
// weight decay, Adam, AdamW, RMSprop), applied in place to a parameter's
// storage. State (moment buffers, step count) lives in one object per
// parameter, kept by the caller across steps.

import { bumpVersion } from "../graph/version.ts";
import { prepareWrite } from "../graph/expr.ts";
import { copyInto, scratchF64, type Tensor } from "../tensor.ts";
import { setIndex } from "../indexing.ts";

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
}

/** A fresh state. */
export function newState(): ParamState {
  return { step: 0, m: null, v: null };
}

function values(t: Tensor): Float64Array {
  const b = scratchF64(t.size);
  copyInto(t, b, 0);
  return b;
}

/** Applies one update of `cfg` to parameter `p` with gradient `g` (same shape). */
export function applyUpdate(
  cfg: OptimConfig,
  p: Tensor,
  g: Tensor,
  s: ParamState,
): void {
  const w = values(p), gr = values(g), n = w.length;
  const { lr, weightDecay: wd } = cfg;
  s.step++;
  if (cfg.kind === "sgd") {
    const first = s.m === null;
    if (cfg.momentum !== 0) s.m ??= new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let d = gr[i] + wd * w[i];
      if (s.m !== null) {
        s.m[i] = first ? d : cfg.momentum * s.m[i] + d;
        d = s.m[i];
      }
      w[i] -= lr * d;
    }
  } else if (cfg.kind === "rmsprop") {
    s.v ??= new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const d = gr[i] + wd * w[i];
      s.v[i] = cfg.alpha * s.v[i] + (1 - cfg.alpha) * d * d;
      w[i] -= lr * d / (Math.sqrt(s.v[i]) + cfg.eps);
    }
  } else {
    s.m ??= new Float64Array(n);
    s.v ??= new Float64Array(n);
    const bc1 = 1 - cfg.beta1 ** s.step, bc2 = 1 - cfg.beta2 ** s.step;
    for (let i = 0; i < n; i++) {
      let d = gr[i];
      if (cfg.kind === "adamw") w[i] *= 1 - lr * wd;
      else d += wd * w[i];
      s.m[i] = cfg.beta1 * s.m[i] + (1 - cfg.beta1) * d;
      s.v[i] = cfg.beta2 * s.v[i] + (1 - cfg.beta2) * d * d;
      const denom = Math.sqrt(s.v[i]) / Math.sqrt(bc2) + cfg.eps;
      w[i] -= (lr / bc1) * s.m[i] / denom;
    }
  }
  writeBack(p, w);
}

function writeBack(p: Tensor, w: Float64Array): void {
  prepareWrite(p.data);
  if (p.isContiguous) {
    const d = p.data;
    for (let i = 0; i < w.length; i++) d[p.offset + i] = w[i];
  } else {
    const src = p.copy();
    for (let i = 0; i < w.length; i++) src.data[i] = w[i];
    setIndex(p, [], src);
  }
  bumpVersion(p.data);
}
