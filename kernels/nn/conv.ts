// Convolution and pooling (NCHW) as graph composites: im2col unfolds image
// patches into columns (and col2im folds them back, its adjoint), so conv2d
// is a matmul over columns and max_pool2d a max over k×k windows — their
// gradients come from the primitives' rules.

import { argError, shapeError } from "../errors.ts";
import * as T from "../graph/traced.ts";
import { Tensor } from "../tensor.ts";

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

/** Walks every (column row, output position, input offset) of the unfolding. */
function eachPatch(
  shape: readonly number[],
  w: Window,
  visit: (n: number, row: number, col: number, src: number) => void,
): void {
  const [N, C, H, W] = shape;
  const ho = outSize(H, w), wo = outSize(W, w), k = w.k;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          const row = (c * k + i) * k + j;
          for (let oh = 0; oh < ho; oh++) {
            const y = oh * w.stride + i - w.padding;
            if (y < 0 || y >= H) continue;
            for (let ow = 0; ow < wo; ow++) {
              const x = ow * w.stride + j - w.padding;
              if (x < 0 || x >= W) continue;
              visit(n, row, oh * wo + ow, ((n * C + c) * H + y) * W + x);
            }
          }
        }
      }
    }
  }
}

/** Patches of x [N, C, H, W] as columns [N, C·k·k, Ho·Wo] (zeros where padded). */
export function im2col(x: Tensor, w: Window): Tensor {
  const [ho, wo] = checkWindow("im2col", x, w);
  const [N, C] = x.shape;
  const src = x.contiguous().data;
  const rows = C * w.k * w.k, cols = ho * wo;
  const out = Tensor.zeros(x.dtype, [N, rows, cols]);
  const d = out.data;
  eachPatch(x.shape, w, (n, row, col, s) => {
    d[(n * rows + row) * cols + col] = src[s];
  });
  return T.traced("im2col", [x], out, { window: w });
}

/** Sums columns [N, C·k·k, Ho·Wo] back into an image of `shape` (im2col's adjoint). */
export function col2im(
  cols: Tensor,
  shape: readonly number[],
  w: Window,
): Tensor {
  const C = shape[1];
  const rows = C * w.k * w.k, L = cols.shape[2];
  const src = cols.contiguous().data;
  const out = Tensor.zeros(cols.dtype, shape);
  const d = out.data;
  eachPatch(shape, w, (n, row, col, s) => {
    d[s] += src[(n * rows + row) * L + col];
  });
  return T.traced("col2im", [cols], out, { window: w, shape });
}

/** conv2d: x [N, C, H, W], weight [O, C, k, k], bias [O] or null → [N, O, Ho, Wo]. */
export function conv2d(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  opts: { stride: number; padding: number },
): Tensor {
  const [O, C, k] = weight.shape;
  if (weight.ndim !== 4 || x.ndim !== 4 || x.shape[1] !== C) {
    throw shapeError(
      "conv2d",
      `input [${x.shape}] and weight [${weight.shape}]`,
    );
  }
  const w: Window = { k, stride: opts.stride, padding: opts.padding };
  const [ho, wo] = checkWindow("conv2d", x, w);
  const cols = im2col(x, w);
  const w2 = T.reshape(weight, [O, C * k * k]);
  let y = T.reshape(T.matmul(w2, cols), [x.shape[0], O, ho, wo]);
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
