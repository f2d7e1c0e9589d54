// Tests for conv2d against a direct convolution (strides, padding, non-square
// images, f32 and f64), im2col/col2im adjointness, and the gradient check
// of conv2d's weight and input through its GEMMs.

import assert from "node:assert/strict";
import { checkGrad, randomF64 } from "../autodiff/test_helpers.ts";
import * as T from "../graph/traced.ts";
import { type Tensor, toArray } from "../tensor.ts";
import { col2im, conv2d, im2col } from "./conv.ts";

/** conv2d by definition (NCHW, zero padding). */
function direct(
  x: Tensor,
  w: Tensor,
  b: Tensor | null,
  s: number,
  p: number,
): number[] {
  const [N, C, H, W] = x.shape, [O, , k] = w.shape;
  const ho = Math.floor((H + 2 * p - k) / s) + 1;
  const wo = Math.floor((W + 2 * p - k) / s) + 1;
  const xs = toArray(x), ws = toArray(w), bs = b ? toArray(b) : null;
  const out: number[] = [];
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      for (let i = 0; i < ho; i++) {
        for (let j = 0; j < wo; j++) {
          let acc = 0;
          for (let c = 0; c < C; c++) {
            for (let u = 0; u < k; u++) {
              for (let v = 0; v < k; v++) {
                const y = i * s + u - p, z = j * s + v - p;
                if (y < 0 || y >= H || z < 0 || z >= W) continue;
                acc += xs[((n * C + c) * H + y) * W + z] *
                  ws[((o * C + c) * k + u) * k + v];
              }
            }
          }
          out.push(acc + (bs ? bs[o] : 0));
        }
      }
    }
  }
  return out;
}

function close(a: number[], b: number[], tol: number, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) {
    assert.ok(
      Math.abs(a[i] - b[i]) <= tol,
      `${what}[${i}]: ${a[i]} vs ${b[i]}`,
    );
  }
}

Deno.test("conv2d matches a direct convolution", () => {
  const cases: [number[], number[], number, number][] = [
    [[2, 3, 7, 5], [4, 3, 3, 3], 1, 0],
    [[2, 3, 7, 5], [4, 3, 3, 3], 2, 1],
    [[1, 2, 6, 6], [3, 2, 2, 2], 2, 0],
    [[3, 1, 4, 9], [2, 1, 5, 5], 3, 3],
    [[1, 1, 1, 1], [1, 1, 1, 1], 1, 0],
  ];
  let seed = 1;
  for (const [xs, ws, s, p] of cases) {
    const x = randomF64(xs, seed++), w = randomF64(ws, seed++);
    const b = randomF64([ws[0]], seed++);
    const y = conv2d(x, w, b, { stride: s, padding: p });
    const what = `x ${xs} w ${ws} s ${s} p ${p}`;
    close(toArray(y), direct(x, w, b, s, p), 1e-12, what);
    const x32 = T.astype(x, "f32"), w32 = T.astype(w, "f32");
    const y32 = conv2d(x32, w32, null, { stride: s, padding: p });
    assert.equal(y32.dtype, "f32");
    close(toArray(y32), direct(x32, w32, null, s, p), 1e-5, `f32 ${what}`);
  }
});

Deno.test("col2im is the adjoint of im2col", () => {
  const shape = [2, 3, 6, 5], win = { k: 3, stride: 2, padding: 1 };
  const x = randomF64(shape, 7);
  const cols = im2col(x, win);
  assert.deepEqual(cols.shape, [27, 2 * 3 * 3]);
  const g = randomF64(cols.shape, 8);
  const back = col2im(g, shape, win);
  const dot = (a: number[], b: number[]) =>
    a.reduce((s, v, i) => s + v * b[i], 0);
  const lhs = dot(toArray(cols), toArray(g));
  const rhs = dot(toArray(x), toArray(back));
  assert.ok(Math.abs(lhs - rhs) < 1e-10, `${lhs} vs ${rhs}`);
});

Deno.test("conv2d gradients through im2col and the GEMMs", () => {
  const x = randomF64([2, 2, 6, 5], 11), w = randomF64([3, 2, 3, 3], 12);
  const b = randomF64([3], 13);
  checkGrad(
    "conv2d",
    ([x, w, b]) =>
      T.reduce(
        "sum",
        T.binary(
          "mul",
          conv2d(x, w, b, {
            stride: 2,
            padding: 1,
          }),
          randomF64([2, 3, 3, 3], 14),
        ),
        {},
      ),
    [x, w, b],
  );
});
