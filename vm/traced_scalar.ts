// Conditions on traced floats: while `grad` differentiates with respect to a
// float, the float runs as a 0-d f64 tensor, so `x > 0.0` gives a 0-d bool
// tensor. Conditions (and `&&`, `||`) accept such a tensor as its bool; the
// checker still rejects a 0-d bool tensor it can see (E0305).

import { Tensor } from "../kernels/mod.ts";
import type { Value } from "./values.ts";

/** `v` as a condition: a bool, or the bool of a 0-d bool tensor; else undefined. */
export function conditionOf(v: Value): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (v instanceof Tensor && v.ndim === 0 && v.dtype === "bool") {
    return v.data[v.offset] !== 0;
  }
  return undefined;
}
