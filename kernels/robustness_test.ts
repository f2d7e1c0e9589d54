// A seeded random sweep over the kernel API with odd shapes, axes, dtypes
// and indices: every call must either succeed or throw a KernelError —
// never any other exception (spec §10: no JS errors reach the user).

import assert from "node:assert/strict";
import type { DType } from "../compiler/core/dtype.ts";
import { OP_NAMES, type OpDef, OPS } from "../compiler/core/ops.ts";
import { floatScalar, intScalar } from "../compiler/core/scalar.ts";
import * as K from "./mod.ts";

/** A small deterministic LCG so the sweep is reproducible. */
function lcg(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const DTYPES: DType[] = ["f32", "f64", "i32", "bool", "i8"];
const ODD = [0, 1, -1, 2, -3, 3, 7, 2147483647, -2147483648];

Deno.test("random API calls throw only KernelErrors", () => {
  const pick = lcg(12345);
  const choose = <T>(xs: readonly T[]): T => xs[pick(xs.length)];
  const randTensor = (): K.Tensor => {
    const rank = pick(4);
    const shape = Array.from({ length: rank }, () => pick(4));
    const n = shape.reduce((p, d) => p * d, 1);
    const vals = Array.from({ length: n }, () => choose(ODD) / choose([1, 2]));
    const t = K.fromFlat(vals, shape, "f64");
    try {
      return K.astype(t, choose(DTYPES));
    } catch {
      return t;
    }
  };
  const calls: ((a: K.Tensor, b: K.Tensor) => unknown)[] = [
    (a, b) =>
      K.binary(
        choose(
          OP_NAMES.filter((o) => (OPS[o] as OpDef).kind === "binary"),
        ) as K.BinaryOpName,
        a,
        b,
      ),
    (a) =>
      K.unary(
        choose(
          OP_NAMES.filter((o) => (OPS[o] as OpDef).kind === "unary"),
        ) as K.UnaryOpName,
        a,
      ),
    (a) =>
      K.reduce(
        choose(
          OP_NAMES.filter((o) => (OPS[o] as OpDef).kind === "reduce"),
        ) as K.ReduceOpName,
        a,
        {
          axis: pick(2) ? undefined : choose(ODD),
          keepdims: pick(2) === 0,
          ddof: pick(3),
        },
      ),
    (a, b) => K.matmul(a, b),
    (a) => K.index(a, [choose(ODD), { start: choose(ODD), step: choose(ODD) }]),
    (a, b) => K.setIndex(a, [{ stop: choose(ODD) }], b),
    (a) => K.reshape(a, [choose(ODD), choose(ODD)]),
    (a) => K.transpose(a, [choose(ODD), choose(ODD)]),
    (a) => K.squeeze(a, choose(ODD)),
    (a) => K.unsqueeze(a, choose(ODD)),
    (a) => K.flatten(a, choose(ODD)),
    (a, b) => K.concat([a, b], choose(ODD)),
    (a, b) => K.stack([a, b], choose(ODD)),
    (a) => K.softmax(a, choose(ODD)),
    (a, b) => K.crossEntropy(a, b),
    (a, b) => K.accuracy(a, b),
    (a) => K.oneHot(a, choose(ODD)),
    (a, b) => K.mse(a, b),
    (a) => K.item(a),
    (a) => K.len(a),
    (a, b) => K.ternary("where", a, b, floatScalar(choose(ODD))),
    (a) => K.ternary("clip", a, intScalar(choose(ODD)), b0(a)),
    (a) => K.formatTensor(a),
    () =>
      K.arange(
        intScalar(choose(ODD)),
        intScalar(choose(ODD)),
        intScalar(choose(ODD)),
      ),
    () => K.randint(choose(ODD), choose(ODD), [pick(3)]),
    () => K.full([pick(3)], floatScalar(choose(ODD) / 2), choose(DTYPES)),
  ];
  function b0(a: K.Tensor): K.Tensor {
    return a;
  }
  let thrown = 0;
  for (let i = 0; i < 4000; i++) {
    const a = randTensor(), b = randTensor();
    const call = choose(calls);
    try {
      call(a, b);
    } catch (e) {
      thrown++;
      assert.ok(
        e instanceof K.KernelError,
        `call ${calls.indexOf(call)} threw ${e}`,
      );
    }
  }
  assert.ok(thrown > 100, "the sweep exercises error paths");
});
