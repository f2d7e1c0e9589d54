// PyTorch's default initialisations, drawn from the seeded global stream:
// Linear and Conv2d use kaiming_uniform(a=√5), i.e. U(-1/√fan_in, 1/√fan_in)
// for weight and bias; Embedding uses N(0, 1).

import { binary } from "../graph/traced.ts";
import { rand } from "../random.ts";
import type { Tensor } from "../tensor.ts";

/** U(-bound, bound) of `shape` in f32. */
export function uniformInit(shape: readonly number[], bound: number): Tensor {
  const u = rand(shape);
  const out = binary(
    "mul",
    binary("sub", binary("mul", u, { kind: "float", value: 2 }), {
      kind: "float",
      value: 1,
    }),
    { kind: "float", value: bound },
  );
  return out;
}

/** PyTorch's bound for Linear/Conv2d weights and biases: 1/√fan_in. */
export function fanInBound(fanIn: number): number {
  return fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
}
