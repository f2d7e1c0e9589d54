// Convolution and pooling (NCHW) as graph composites: im2col unfolds image
// patches into a column matrix (and col2im folds it back, its adjoint), so
// conv2d is one GEMM over the columns of the whole batch and max_pool2d a max
// over k×k windows — their gradients come from the primitives' rules.

import { argError, shapeError } from "../errors.ts";
import * as T from "../graph/traced.ts";
import { Tensor, type TensorData } from "../tensor.ts";

/** Kernel size, stride and padding of a square window. */
export interface Window {
  readonly k: number;
  readonly stride: number;
  readonly padding: number;
}

function outSize(n: number, w: Window): number {
  return Math.floor((n + 2 * w.padding - w.k) / w.stride) + 1;
}

function checkWindow(fn: string, x: Tensor, w: Window): [number, number] {
  if (x.ndim !== 4) {
    throw shapeError(fn, `expected an NCHW tensor, found rank ${x.ndim}`);
  }
  if (w.k < 1 || w.stride < 1 || w.padding < 0) {
    throw argError(fn, "kernel and stride must be positive, padding >= 0");
  }
  const ho = outSize(x.shape[2], w), wo = outSize(x.shape[3], w);
  if (ho < 1 || wo < 1) {
    throw shapeError(fn, `a ${w.k}×${w.k} window does not fit [${x.shape}]`);
  }
  return [ho, wo];
}

/**
 * The output columns `[lo, hi)` whose input column `o * stride + j - padding`
 * lies inside `[0, size)` (the rest read padding).
 */
function validRange(size: number, out: number, j: number, w: Window): number[] {
  const shift = j - w.padding;
  const lo = shift >= 0 ? 0 : Math.ceil(-shift / w.stride);
  const hi = Math.min(out, Math.floor((size - 1 - shift) / w.stride) + 1);
  return [Math.min(lo, out), Math.max(hi, 0)];
}

/**
 * Moves every patch element between an image `img` (contiguous NCHW of
 * `shape`) and its column matrix `cols` ([C·k·k, N·Ho·Wo]): `toCols` copies
 * image → columns, otherwise columns are summed into the image (the adjoint).
 */
function unfold(
  img: TensorData,
  cols: TensorData,
  shape: readonly number[],
  w: Window,
  toCols: boolean,
): void {
  const [N, C, H, W] = shape;
  const ho = outSize(H, w), wo = outSize(W, w), k = w.k, s = w.stride;
  const L = ho * wo, width = N * L;
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < k; i++) {
      const [ohLo, ohHi] = validRange(H, ho, i, w);
      for (let j = 0; j < k; j++) {
        const [owLo, owHi] = validRange(W, wo, j, w);
        const rowBase = ((c * k + i) * k + j) * width;
        for (let n = 0; n < N; n++) {
          const plane = (n * C + c) * H * W;
          for (let oh = ohLo; oh < ohHi; oh++) {
            const src = plane + (oh * s + i - w.padding) * W + j - w.padding;
            const dst = rowBase + n * L + oh * wo;
            if (toCols) {
              for (let ow = owLo; ow < owHi; ow++) {
                cols[dst + ow] = img[src + ow * s];
              }
            } else {
              for (let ow = owLo; ow < owHi; ow++) {
                img[src + ow * s] += cols[dst + ow];
              }
            }
          }
        }
      }
    }
  }
}

/** Patches of x [N, C, H, W] as columns [C·k·k, N·Ho·Wo] (zeros where padded). */
export function im2col(x: Tensor, w: Window): Tensor {
  const [ho, wo] = checkWindow("im2col", x, w);
  const [N, C] = x.shape;
  const src = x.contiguous().data;
  const out = Tensor.zeros(x.dtype, [C * w.k * w.k, N * ho * wo]);
  unfold(src, out.data, x.shape, w, true);
  return T.traced("im2col", [x], out, { window: w });
}

/** Sums columns [C·k·k, N·Ho·Wo] back into an image of `shape` (im2col's adjoint). */
export function col2im(
  cols: Tensor,
  shape: readonly number[],
  w: Window,
): Tensor {
  const src = cols.contiguous().data;
  const out = Tensor.zeros(cols.dtype, shape);
  unfold(out.data, src, shape, w, false);
  return T.traced("col2im", [cols], out, { window: w, shape });
}

/**
 * conv2d: x [N, C, H, W], weight [O, C, k, k], bias [O] or null → [N, O,
 * Ho, Wo]. One GEMM, weight [O, C·k·k] · columns [C·k·k, N·Ho·Wo], so the
 * backward pass is two GEMMs too (the weight gradient sums over the batch
 * inside its GEMM); the result is a transposed view of [O, N, Ho, Wo].
 */
export function conv2d(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  opts: { stride: number; padding: number },
): Tensor {
  const [O, C, k] = weight.shape;
  if (
    weight.ndim !== 4 || x.ndim !== 4 || x.shape[1] !== C ||
    weight.shape[3] !== k
  ) {
    throw shapeError(
      "conv2d",
      `input [${x.shape}] and weight [${weight.shape}]`,
    );
  }
  const w: Window = { k, stride: opts.stride, padding: opts.padding };
  const [ho, wo] = checkWindow("conv2d", x, w);
  const cols = im2col(x, w);
  const w2 = T.reshape(weight, [O, C * k * k]);
  const y2 = T.reshape(T.matmul(w2, cols), [O, x.shape[0], ho, wo]);
  let y = T.transpose(y2, [1, 0, 2, 3]);
  if (bias !== null) y = T.binary("add", y, T.reshape(bias, [1, O, 1, 1]));
  return y;
}

/** Max over k×k windows with stride k (PyTorch's MaxPool2d(k)); x is NCHW. */
export function maxPool2d(x: Tensor, k: number): Tensor {
  const [ho, wo] = checkWindow("max_pool2d", x, { k, stride: k, padding: 0 });
  const [N, C] = x.shape;
  const cut = T.index(x, [{}, {}, { stop: ho * k }, {
    stop: wo * k,
  }]) as Tensor;
  const six = T.reshape(cut, [N, C, ho, k, wo, k]);
  const win = T.transpose(six, [0, 1, 2, 4, 3, 5]);
  return T.reduce("max", T.reshape(win, [N, C, ho, wo, k * k]), { axis: -1 });
}
