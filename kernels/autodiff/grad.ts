// `grad` at the kernel level: runs a function of traced leaves and returns
// its scalar value and the gradients with respect to the leaves. Engines
// wrap it to map dl values (floats, tensors, models) to leaves and back.

import { isFloatDType } from "../../compiler/core/dtype.ts";
import * as T from "../graph/traced.ts";
import { KernelError } from "../errors.ts";
import {
  enterGrad,
  type GNode,
  gradDepth,
  leaveGrad,
  makeLeaf,
} from "../graph/node.ts";
import { forgetInterned } from "../graph/expr.ts";
import { Tensor } from "../tensor.ts";
import { backward } from "./backward.ts";

/** What the traced function returned and the gradient of each leaf. */
export interface GradResult<R> {
  /** The function's own result. */
  readonly result: R;
  /** One gradient per input tensor (zeros where the output does not depend on it). */
  readonly grads: Tensor[];
}

/**
 * Runs `fn` on traced views of `inputs`; `toScalar` extracts the scalar
 * output tensor from its result (null: a constant, all gradients zero).
 * Throws KernelError (R0012 when a rule is missing, R0010 when a saved value
 * was modified) and whatever `fn` throws.
 */
export function traceGrad<R>(
  inputs: readonly Tensor[],
  fn: (leaves: Tensor[]) => R,
  toScalar: (r: R) => Tensor | null,
): GradResult<R> {
  enterGrad();
  let out: Tensor | null = null;
  try {
    const leaves: Tensor[] = [], nodes: GNode[] = [];
    for (const x of inputs) {
      if (!isFloatDType(x.dtype)) {
        throw new KernelError("R0012", [
          "grad",
          `only float tensors have gradients, found ${x.dtype}`,
        ]);
      }
      const l = makeLeaf(x);
      leaves.push(l.tensor);
      nodes.push(l.node);
    }
    const result = fn(leaves);
    out = toScalar(result);
    if (out !== null && out.size !== 1) {
      throw new KernelError("R0012", [
        "grad",
        `the function must return a scalar, found a tensor of shape [${
          out.shape.join(", ")
        }]`,
      ]);
    }
    const gs = out === null ? inputs.map(() => null) : backward(out, nodes);
    const grads = gs.map((g, i) => fitGrad(g, inputs[i]));
    return { result, grads };
  } finally {
    leaveGrad();
    if (gradDepth() === 0) {
      // The session's graph is of no further use: the result the program
      // keeps (the loss) and the node table stop holding it alive.
      if (out !== null) out.traceNode = undefined;
      forgetInterned();
    }
  }
}

function fitGrad(g: Tensor | null, x: Tensor): Tensor {
  if (g === null) return Tensor.zeros(x.dtype, x.shape);
  return g.dtype === x.dtype ? g : T.astype(g, x.dtype);
}
