// Every VJP rule against central finite differences in f64.

import { floatScalar } from "../../compiler/core/scalar.ts";
import * as T from "../graph/traced.ts";
import { conv2d, maxPool2d } from "../nn/conv.ts";
import { tensor } from "../creation.ts";
import type { Tensor } from "../tensor.ts";
import { checkGrad, randomF64 } from "./test_helpers.ts";
import { VJP_RULES } from "./vjp_rules.ts";

const sum = (x: Tensor) => T.reduce("sum", x);
// Weighted sum: a generic scalar head so every output element matters.
const head = (x: Tensor) =>
  sum(T.binary("mul", x, randomF64(x.shape, 99, 0.5, 1.5)));
const r = (shape: number[], seed: number, lo = -1, hi = 1) =>
  randomF64(shape, seed, lo, hi);

const UNARY = [
  "neg",
  "abs",
  "relu",
  "exp",
  "sin",
  "cos",
  "tanh",
  "sigmoid",
  "gelu",
] as const;
for (const op of UNARY) {
  Deno.test(`vjp ${op}`, () => {
    checkGrad(op, ([x]) => head(T.unary(op, x)), [r([2, 3], 1)]);
  });
}
Deno.test("vjp log, sqrt (positive inputs)", () => {
  checkGrad("log", ([x]) => head(T.unary("log", x)), [r([4], 2, 0.5, 2)]);
  checkGrad("sqrt", ([x]) => head(T.unary("sqrt", x)), [r([4], 3, 0.5, 2)]);
});

const BINARY = [
  "add",
  "sub",
  "mul",
  "div",
  "maximum",
  "minimum",
  "mod",
] as const;
for (const op of BINARY) {
  Deno.test(`vjp ${op} with broadcasting`, () => {
    checkGrad(op, ([a, b]) => head(T.binary(op, a, b)), [
      r([2, 3], 4, 0.5, 2),
      r([3], 5, 0.6, 1.7),
    ]);
    checkGrad(
      `${op} scalar`,
      ([a]) => head(T.binary(op, a, floatScalar(0.7))),
      [
        r([2, 1], 6, 0.5, 2),
      ],
    );
  });
}
Deno.test("vjp pow (both operands)", () => {
  checkGrad("pow", ([a, b]) => head(T.binary("pow", a, b)), [
    r([3], 7, 0.5, 2),
    r([3], 8, -1, 2),
  ]);
});
Deno.test("vjp where, clip", () => {
  const c = tensor([[true, false, true], [false, true, false]]);
  checkGrad("where", ([a, b]) => head(T.ternary("where", c, a, b)), [
    r([2, 3], 9),
    r([3], 10),
  ]);
  checkGrad(
    "clip",
    ([x]) => head(T.ternary("clip", x, floatScalar(-0.5), floatScalar(0.5))),
    [
      r([2, 3], 11),
    ],
  );
});
const REDUCE = [
  "sum",
  "mean",
  "max",
  "min",
  "prod",
  "var",
  "std",
  "logsumexp",
] as const;
for (const op of REDUCE) {
  Deno.test(`vjp ${op} over all, an axis, keepdims`, () => {
    const x = r([2, 3, 2], 12, 0.5, 2);
    checkGrad(op, ([x]) => head(T.reduce(op, x)), [x]);
    checkGrad(`${op} axis 1`, ([x]) => head(T.reduce(op, x, { axis: 1 })), [x]);
    checkGrad(
      `${op} axis -1 keepdims`,
      ([x]) => head(T.reduce(op, x, { axis: -1, keepdims: true })),
      [x],
    );
  });
}
Deno.test("vjp matmul: 2-d, batched, rank-1", () => {
  const mm = ([a, b]: Tensor[]) => head(T.matmul(a, b));
  checkGrad("2d", mm, [r([2, 3], 13), r([3, 4], 14)]);
  checkGrad("batched", mm, [r([2, 2, 3], 15), r([3, 2], 16)]);
  checkGrad("vec@mat", mm, [r([3], 17), r([3, 2], 18)]);
  checkGrad("mat@vec", mm, [r([2, 3], 19), r([3], 20)]);
  checkGrad("vec@vec", mm, [r([3], 21), r([3], 22)]);
});
Deno.test("vjp shape ops", () => {
  const x = r([2, 3], 23);
  checkGrad("reshape", ([x]) => head(T.reshape(x, [3, 2])), [x]);
  checkGrad("transpose", ([x]) => head(T.transpose(x)), [x]);
  checkGrad("T", ([x]) => head(T.transposeLast2(x)), [x]);
  checkGrad("flatten", ([x]) => head(T.flatten(T.unsqueeze(x, 0))), [x]);
  checkGrad("squeeze", ([x]) => head(T.squeeze(T.unsqueeze(x, 1))), [x]);
  checkGrad("broadcast", ([x]) => head(T.broadcastTo(x, [4, 2, 3])), [x]);
  checkGrad("astype", ([x]) => head(T.astype(x, "f64")), [x]);
  checkGrad("concat", ([a, b]) => head(T.concat([a, b, a], 1)), [
    x,
    r([2, 2], 24),
  ]);
  checkGrad("stack", ([a, b]) => head(T.stack([a, b], 1)), [x, r([2, 3], 25)]);
  checkGrad(
    "index",
    ([x]) => head(T.index(x, [{ start: 1 }, { step: -2 }]) as Tensor),
    [x],
  );
  checkGrad("index int", ([x]) => head(T.index(x, [1]) as Tensor), [x]);
});
Deno.test("vjp softmax, log_softmax, cross_entropy, mse", () => {
  const x = r([3, 4], 26);
  checkGrad("softmax", ([x]) => head(T.softmax(x, -1)), [x]);
  checkGrad("softmax 0", ([x]) => head(T.softmax(x, 0)), [x]);
  checkGrad("log_softmax", ([x]) => head(T.logSoftmax(x, 1)), [x]);
  const y = tensor([0, 3, 1]);
  checkGrad("cross_entropy", ([x]) => T.crossEntropy(x, y), [x]);
  checkGrad("mse", ([p, t]) => T.mse(p, t), [x, r([3, 4], 27)]);
});
Deno.test("vjp conv2d (im2col/col2im) and max_pool2d", () => {
  const x = r([2, 2, 5, 5], 28), w = r([3, 2, 3, 3], 29), b = r([3], 30);
  checkGrad(
    "conv",
    ([x, w, b]) => head(conv2d(x, w, b, { stride: 2, padding: 1 })),
    [x, w, b],
  );
  checkGrad(
    "conv s1",
    ([x, w]) => head(conv2d(x, w, null, { stride: 1, padding: 0 })),
    [x, w],
  );
  checkGrad("pool", ([x]) => head(maxPool2d(x, 2)), [x]);
});
Deno.test("every rule table entry is a function", () => {
  for (const [name, rule] of Object.entries(VJP_RULES)) {
    if (typeof rule !== "function") throw new Error(name);
  }
});
