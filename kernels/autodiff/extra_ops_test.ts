// gather / scatter_add (Embedding) and gelu_grad (gelu's second derivative)
// against finite differences and hand-computed values.

import { deepStrictEqual, ok, throws } from "node:assert";
import * as T from "../graph/traced.ts";
import { Tensor } from "../tensor.ts";
import { gather, geluGrad, scatterAdd } from "./extra_ops.ts";
import { traceGrad } from "./grad.ts";
import { checkGrad, randomF64 } from "./test_helpers.ts";

const ids = (values: number[], shape: number[]) =>
  Tensor.fromData("i32", shape, Int32Array.from(values));
const sum = (x: Tensor) => T.reduce("sum", x);
const head = (x: Tensor) =>
  sum(T.binary("mul", x, randomF64(x.shape, 7, 0.5, 1.5)));

Deno.test("gather picks rows; scatter_add sums repeated ids", () => {
  const table = Tensor.fromData(
    "f64",
    [3, 2],
    Float64Array.of(1, 2, 3, 4, 5, 6),
  );
  const g = gather(table, ids([2, 0, 2], [3]));
  deepStrictEqual(g.shape, [3, 2]);
  deepStrictEqual(Array.from(g.data), [5, 6, 1, 2, 5, 6]);
  const back = scatterAdd(g, ids([2, 0, 2], [3]), 3);
  deepStrictEqual(Array.from(back.data), [1, 2, 0, 0, 10, 12]);
  throws(() => gather(table, ids([3], [1])), /out of range/);
  throws(() => gather(table, Tensor.zeros("f32", [1])), /i32/);
});

Deno.test("gather: gradient with repeated ids, 2-d ids, and twice", () => {
  const which = ids([1, 1, 0, 3, 1, 2], [2, 3]);
  checkGrad("gather", ([w]) => head(gather(w, which)), [
    randomF64([4, 3], 1),
  ]);
  // grad of (sum of squared gathered rows) is differentiable again.
  checkGrad("gather twice", ([w]) => {
    const inner = traceGrad([w], ([l]) => {
      const r = gather(l, which);
      return sum(T.binary("mul", r, r));
    }, (r) => r);
    return head(inner.grads[0]);
  }, [randomF64([4, 3], 2)]);
});

Deno.test("gelu: first and second derivatives", () => {
  const x = randomF64([5], 3, -3, 3);
  checkGrad("gelu'", ([v]) => head(geluGrad(v)), [x]);
  checkGrad("gelu''", ([v]) => {
    const inner = traceGrad([v], ([l]) => sum(T.unary("gelu", l)), (r) => r);
    return head(inner.grads[0]);
  }, [x]);
  // gelu''(0) = 2 φ(0) = 2 / sqrt(2π)
  const z = Tensor.zeros("f64", [1]);
  const second = traceGrad([z], ([l]) => {
    const g = traceGrad([l], ([m]) => sum(T.unary("gelu", m)), (r) => r);
    return sum(g.grads[0]);
  }, (r) => r);
  ok(Math.abs(second.grads[0].data[0] - 2 / Math.sqrt(2 * Math.PI)) < 1e-12);
});
