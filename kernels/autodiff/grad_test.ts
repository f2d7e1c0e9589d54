// traceGrad: second derivatives through nested tracing, R0010 on a saved
// value modified before the backward pass, non-scalar outputs rejected.

import { strictEqual, throws } from "node:assert";
import { floatScalar } from "../../compiler/core/scalar.ts";
import { KernelError } from "../errors.ts";
import * as T from "../graph/traced.ts";
import { Tensor } from "../tensor.ts";
import { traceGrad } from "./grad.ts";

const scalar = (v: number) => {
  const t = Tensor.zeros("f64", []);
  t.data[0] = v;
  return t;
};
const cube = (x: Tensor) => T.binary("mul", T.binary("mul", x, x), x);
const d = (f: (x: Tensor) => Tensor) => (x: Tensor) =>
  traceGrad([x], ([l]) => f(l), (r) => r).grads[0];

Deno.test("grad of grad: d²/dx² x³ at 2 is 12, d³ is 6", () => {
  strictEqual(d(cube)(scalar(2)).data[0], 12);
  strictEqual(d(d(cube))(scalar(2)).data[0], 12);
  strictEqual(d(d(d(cube)))(scalar(2)).data[0], 6);
});

Deno.test("grad of grad through exp and sin", () => {
  const f = (x: Tensor) => T.unary("sin", T.unary("exp", x));
  const x = 0.3, e = Math.exp(x);
  const want = e * Math.cos(e) - e * e * Math.sin(e);
  const got = d(d(f))(scalar(x)).data[0];
  strictEqual(Math.abs(got - want) < 1e-12, true);
});

Deno.test("modifying a saved value before backward is R0010", () => {
  const x = Tensor.zeros("f64", [3]);
  throws(
    () =>
      traceGrad([x], ([l]) => {
        const y = T.binary("mul", l, l);
        T.setIndex(l, [0], floatScalar(5));
        return T.reduce("sum", y);
      }, (r) => r),
    (e: unknown) => e instanceof KernelError && e.code === "R0010",
  );
});

Deno.test("a non-scalar output is R0012; a constant output gives zeros", () => {
  const x = Tensor.zeros("f64", [2]);
  throws(
    () => traceGrad([x], ([l]) => T.unary("exp", l), (r) => r),
    (e: unknown) => e instanceof KernelError && e.code === "R0012",
  );
  const g = traceGrad([x], () => scalar(1), (r) => r).grads[0];
  strictEqual(g.shape.join(), "2");
  strictEqual(g.data[0], 0);
});
