// Test helpers for gradient checks: random f64 inputs and a comparison of
// traced gradients against central finite differences.

import { ok } from "node:assert";
import { Tensor } from "../tensor.ts";
import { traceGrad } from "./grad.ts";

/** A seeded pseudo-random f64 tensor with values in [lo, hi). */
export function randomF64(
  shape: readonly number[],
  seed: number,
  lo = -1,
  hi = 1,
): Tensor {
  const t = Tensor.zeros("f64", shape);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < t.size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    t.data[i] = lo + (hi - lo) * (s / 4294967296);
  }
  return t;
}

/** Asserts that traced gradients of scalar `fn` match central differences. */
export function checkGrad(
  name: string,
  fn: (xs: Tensor[]) => Tensor,
  inputs: Tensor[],
  tol = 1e-6,
): void {
  const { grads } = traceGrad(inputs, fn, (r) => r);
  const h = 1e-6;
  inputs.forEach((x, k) => {
    for (let i = 0; i < x.size; i++) {
      const old = x.data[i];
      x.data[i] = old + h;
      const up = fn(inputs).data[0];
      x.data[i] = old - h;
      const down = fn(inputs).data[0];
      x.data[i] = old;
      const num = (up - down) / (2 * h);
      const got = grads[k].at(i);
      const err = Math.abs(num - got) / Math.max(1, Math.abs(num));
      ok(
        err < tol,
        `${name}: d/dx${k}[${i}] traced ${got}, numeric ${num}`,
      );
    }
  });
}
