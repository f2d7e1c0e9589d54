// The op names the graph records besides the op table's: shape ops, network
// composites with dedicated rules, and autodiff's own helpers. Together with
// the op table's differentiable ops they are the keys of the VJP table.

import type { OpName } from "../../compiler/core/ops.ts";

/** Op-table ops whose result is piecewise constant: never recorded (zero gradient). */
export const NON_DIFFERENTIABLE = [
  "eq",
  "ne",
  "lt",
  "le",
  "gt",
  "ge",
  "and",
  "or",
  "not",
  "sign",
  "floor",
  "ceil",
  "argmax",
  "argmin",
] as const satisfies readonly OpName[];

/** Op-table ops the graph differentiates. */
export type DiffOpName = Exclude<
  OpName,
  (typeof NON_DIFFERENTIABLE)[number]
>;

/** Graph ops that are not in the op table. */
export const GRAPH_OPS = [
  "leaf",
  "identity",
  "reshape",
  "transpose",
  "broadcast_to",
  "astype",
  "concat",
  "stack",
  "index",
  "scatter",
  "softmax",
  "log_softmax",
  "cross_entropy",
  "mse",
  "im2col",
  "col2im",
  "gather",
  "scatter_add",
  "gelu_grad",
] as const;

/** A graph-only op name. */
export type GraphOpName = (typeof GRAPH_OPS)[number];

const NON_DIFF: ReadonlySet<string> = new Set(NON_DIFFERENTIABLE);

/** True when results of `op` carry gradients. */
export function isDifferentiable(op: string): boolean {
  return !NON_DIFF.has(op);
}
