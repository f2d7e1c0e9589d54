// The public surface of kernels/: eager tensor kernels driven by the op table
// (compiler/core/ops.ts). Engines import only this file. Kernels throw
// KernelError (code + args, no span); the engine attaches the span.
//
// Conventions: shapes are number[]; scalars cross the boundary as tagged
// `Scalar`s ({kind: "int" | "float" | "bool", value}); element-wise ops take
// `Operand = Tensor | Scalar`; results are fresh contiguous tensors except for
// views (index, reshape of contiguous data, transpose, squeeze, unsqueeze,
// broadcastTo), which share storage like numpy's.

/** Tensors, storage and errors. */
export {
  copyInto,
  shapeSize,
  Tensor,
  type TensorData,
  toArray,
} from "./tensor.ts";
export { KernelError } from "./errors.ts";
/** CPU backends (importing registers them): pick one before running. */
export {
  activeBackend,
  backendNames,
  deferSelection,
  selectBackend,
} from "./runtime/mod.ts";
/** Scalars. */
export {
  boolScalar,
  floatScalar,
  intScalar,
  type Scalar,
  scalarNumber,
} from "../compiler/core/scalar.ts";
export type {
  BinaryOpName,
  OpName,
  ReduceOpName,
  TernaryOpName,
  UnaryOpName,
} from "../compiler/core/ops.ts";
/** Creation. */
export {
  arange,
  eye,
  fromFlat,
  full,
  linspace,
  type Nested,
  ones,
  tensor,
  zeros,
} from "./creation.ts";
/** Random numbers (one seeded global stream; see random.ts for its definition). */
export { below, rand, randint, randn, seed, uniform24 } from "./random.ts";
/**
 * Tensor ops, traced: each computes eagerly and, while `grad` is tracing,
 * records a graph node (kernels/graph/traced.ts). `unary("exp", x)`,
 * `binary("add", x, floatScalar(1))`.
 */
export {
  astype,
  binary,
  broadcastTo,
  concat,
  crossEntropy,
  elementwise,
  flatten,
  index,
  logSoftmax,
  matmul,
  mse,
  reduce,
  reshape,
  setIndex,
  softmax,
  squeeze,
  stack,
  ternary,
  transpose,
  transposeLast2,
  unary,
  unsqueeze,
} from "./graph/traced.ts";
export type { Operand } from "./elementwise.ts";
export type { ReduceOptions } from "./reduce.ts";
/** Indexing. */
export { type IndexItem, resolveSlice, type SliceItem } from "./indexing.ts";
/** Shape ops and conversion (not differentiable). */
export { item, len, scalarAt } from "./shape_ops.ts";
/** Network helpers without gradients. */
export { accuracy, oneHot } from "./nn.ts";
/** Printing. */
export { formatElement, formatTensor } from "./format.ts";
export { formatF32, formatFloat, formatInt } from "../compiler/core/numfmt.ts";
