// The 8-op element-wise chain the fusion benchmarks share (issue 5's "chain
// of 8 element-wise ops").

import { floatScalar as F } from "../compiler/core/scalar.ts";
import { binary, unary } from "../kernels/elementwise.ts";
import type { Tensor } from "../kernels/tensor.ts";

/** sqrt(relu(((x * 1.5 + y) - 0.25) * y)) * 0.1 + 1, as the ops return it
 * (pending when the JIT is on). */
export function chain8(x: Tensor, y: Tensor): Tensor {
  let t = binary("mul", x, F(1.5));
  t = binary("add", t, y);
  t = binary("sub", t, F(0.25));
  t = binary("mul", t, y);
  t = unary("relu", t);
  t = unary("sqrt", t);
  t = binary("mul", t, F(0.1));
  return binary("add", t, F(1));
}
