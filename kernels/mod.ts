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
/** Element-wise ops: `unary("exp", x)`, `binary("add", x, floatScalar(1))`. */
export {
  binary,
  elementwise,
  type Operand,
  ternary,
  unary,
} from "./elementwise.ts";
export { matmul } from "./matmul.ts";
export { reduce, type ReduceOptions } from "./reduce.ts";
/** Indexing. */
export {
  index,
  type IndexItem,
  resolveSlice,
  setIndex,
  type SliceItem,
} from "./indexing.ts";
/** Shape ops and conversion. */
export {
  concat,
  flatten,
  item,
  len,
  reshape,
  scalarAt,
  squeeze,
  stack,
  transpose,
  transposeLast2,
  unsqueeze,
} from "./shape_ops.ts";
export { broadcastTo } from "./broadcast.ts";
export { astype } from "./cast.ts";
/** Network helpers (no gradients). */
export {
  accuracy,
  crossEntropy,
  logSoftmax,
  mse,
  oneHot,
  softmax,
} from "./nn.ts";
/** Printing. */
export { formatElement, formatTensor } from "./format.ts";
export { formatF32, formatFloat, formatInt } from "../compiler/core/numfmt.ts";
