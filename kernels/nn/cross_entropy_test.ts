// Tests of the fused cross_entropy gradient: identical to the eager ops it
// replaces (softmax, one_hot, sub, div, mul) for f32 and f64, and null (the
// generic path) outside its cases.

import assert from "node:assert/strict";
import { binary } from "../elementwise.ts";
import { logSoftmax, oneHot, softmax } from "../nn.ts";
import { Tensor } from "../tensor.ts";
import { transposeLast2 } from "../shape_ops.ts";
import {
  crossEntropyGrad,
  crossEntropyLoss,
  expsFor,
} from "./cross_entropy.ts";

function logits(dtype: "f32" | "f64", rows: number, cols: number): Tensor {
  const t = Tensor.zeros(dtype, [rows, cols]);
  for (let i = 0; i < t.size; i++) t.data[i] = Math.sin(i * 1.7) * 4;
  return t;
}

function labels(rows: number, cols: number): Tensor {
  const y = Tensor.zeros("i32", [rows]);
  for (let r = 0; r < rows; r++) y.data[r] = (r * 7) % cols;
  return y;
}

function eager(x: Tensor, y: Tensor, g: Tensor): Tensor {
  const p = softmax(x, 1);
  const hot = oneHot(y, x.shape[1]);
  const scale = binary("div", g, { kind: "float", value: x.shape[0] });
  return binary("mul", binary("sub", p, hot), scale);
}

Deno.test("cross_entropy grad: fused equals the eager ops bit for bit", () => {
  for (const dt of ["f32", "f64"] as const) {
    for (const [rows, cols] of [[64, 10], [3, 7], [1, 1]]) {
      const x = logits(dt, rows, cols), y = labels(rows, cols);
      for (const gv of [1, 0.37]) {
        const g = Tensor.fromData(
          dt,
          [],
          dt === "f32" ? new Float32Array([gv]) : new Float64Array([gv]),
        );
        const got = crossEntropyGrad(x, y, g)!;
        const want = eager(x, y, g);
        assert.deepEqual(got.shape, want.shape);
        assert.deepEqual(got.data, want.data, `${dt} ${rows}x${cols} g ${gv}`);
      }
    }
  }
  const xt = transposeLast2(logits("f32", 10, 6)), y = labels(6, 10);
  const g = Tensor.fromData("f32", [], new Float32Array([1]));
  assert.deepEqual(crossEntropyGrad(xt, y, g)!.data, eager(xt, y, g).data);
});

Deno.test("cross_entropy grad: outside its cases it returns null", () => {
  const g = Tensor.fromData("f32", [], new Float32Array([1]));
  const bad = Tensor.fromData("i32", [2], new Int32Array([0, 5]));
  assert.equal(crossEntropyGrad(logits("f32", 2, 3), bad, g), null);
  const g64 = Tensor.fromData("f64", [], new Float64Array([1]));
  assert.equal(crossEntropyGrad(logits("f32", 2, 3), labels(2, 3), g64), null);
});

Deno.test("cross_entropy loss: fused equals the log-softmax tensor path", () => {
  for (const dt of ["f32", "f64"] as const) {
    for (const [rows, cols] of [[64, 10], [3, 7], [1, 1]]) {
      const x = logits(dt, rows, cols), y = labels(rows, cols);
      const ls = logSoftmax(x, 1);
      let total = 0;
      for (let r = 0; r < rows; r++) total -= ls.data[r * cols + y.data[r]];
      assert.equal(
        crossEntropyLoss(x, y),
        total / rows,
        `${dt} ${rows}x${cols}`,
      );
    }
  }
  const bad = Tensor.fromData("i32", [2], new Int32Array([0, -1]));
  assert.equal(crossEntropyLoss(logits("f32", 2, 3), bad), null);
});

Deno.test("cross_entropy grad from the loss's saved exps equals a fresh one, bit for bit", () => {
  for (const dt of ["f32", "f64"] as const) {
    const x = logits(dt, 64, 10), y = labels(64, 10);
    const g = Tensor.fromData(
      dt,
      [],
      dt === "f32" ? new Float32Array([0.37]) : new Float64Array([0.37]),
    );
    const fresh = crossEntropyGrad(x, y, g)!.data;
    const saved = expsFor(x)!;
    assert.equal(saved.filled, false);
    crossEntropyLoss(x, y, saved);
    assert.equal(saved.filled, true);
    assert.deepEqual(crossEntropyGrad(x, y, g, saved)!.data, fresh, dt);
    assert.deepEqual(
      crossEntropyGrad(x, y, g, saved)!.data,
      eager(x, y, g).data,
    );
    // The grad reads the saved exps, not the logits: wrong exps, wrong grad.
    saved.e[3] += 1;
    assert.notDeepEqual(crossEntropyGrad(x, y, g, saved)!.data, fresh);
    // Buffers the loss did not fill (a label out of range) are ignored.
    const bad = Tensor.fromData("i32", [64], new Int32Array(64).fill(99));
    const unfilled = expsFor(x)!;
    assert.equal(crossEntropyLoss(x, bad, unfilled), null);
    assert.deepEqual(crossEntropyGrad(x, y, g, unfilled)!.data, fresh);
  }
});
