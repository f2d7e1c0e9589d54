// The public surface of kernels/: eager tensor kernels driven by the op table
// (compiler/core/ops.ts). Engines import only this file. Kernels throw
// KernelError (code + args, no span); the engine attaches the span.
// (First version: signatures only; implementations follow.)

import type { DType } from "../compiler/core/dtype.ts";
import type {
  BinaryOpName,
  ReduceOpName,
  TernaryOpName,
  UnaryOpName,
} from "../compiler/core/ops.ts";
import type { Scalar } from "../compiler/core/scalar.ts";
import { KernelError } from "./errors.ts";
import { Tensor } from "./tensor.ts";

export { KernelError } from "./errors.ts";
export { copyInto, Tensor, type TensorData, toArray } from "./tensor.ts";
export {
  boolScalar,
  floatScalar,
  intScalar,
  type Scalar,
} from "../compiler/core/scalar.ts";
export { formatF32, formatFloat, formatInt } from "../compiler/core/numfmt.ts";
export type {
  BinaryOpName,
  ReduceOpName,
  TernaryOpName,
  UnaryOpName,
} from "../compiler/core/ops.ts";

/** A tensor or a scalar operand of an element-wise op. */
export type Operand = Tensor | Scalar;

/** A nested JS array of values for `tensor(...)`. */
export type Nested = number | boolean | Scalar | readonly Nested[];

/** One item of an index: an int (negative counts from the end) or a slice. */
export type IndexItem = number | SliceItem;

/** A slice `start:stop:step`; absent parts take numpy's defaults. */
export interface SliceItem {
  readonly start?: number;
  readonly stop?: number;
  readonly step?: number;
}

/** Options of a reduction. */
export interface ReduceOptions {
  /** The axis to reduce (negative from the end); absent: all axes. */
  readonly axis?: number;
  readonly keepdims?: boolean;
  /** var/std: delta degrees of freedom (default 0, like numpy). */
  readonly ddof?: number;
}

function todo(name: string): never {
  throw new KernelError("R0007", [`${name} is not implemented yet`]);
}

// ---------------------------------------------------------------- creation
/** A tensor of zeros (default f32). */
export function zeros(shape: readonly number[], dtype?: DType): Tensor {
  return Tensor.zeros(dtype ?? "f32", shape);
}
/** A tensor of ones (default f32). */
export function ones(_shape: readonly number[], _dtype?: DType): Tensor {
  return todo("ones");
}
/** A tensor filled with `value` (default f32). */
export function full(
  _shape: readonly number[],
  _value: Scalar,
  _dtype?: DType,
): Tensor {
  return todo("full");
}
/** `arange(n)` or `arange(a, b, step)`: i32 when all are ints, else f32. */
export function arange(
  _start: Scalar,
  _stop?: Scalar,
  _step?: Scalar,
  _dtype?: DType,
): Tensor {
  return todo("arange");
}
/** `num` evenly spaced values from `start` to `stop` inclusive (default f32). */
export function linspace(
  _start: number,
  _stop: number,
  _num: number,
  _dtype?: DType,
): Tensor {
  return todo("linspace");
}
/** The n×n identity (default f32). */
export function eye(_n: number, _dtype?: DType): Tensor {
  return todo("eye");
}
/** A tensor from nested arrays; dtype inferred (any float → f32, ints → i32, bools → bool) unless given. */
export function tensor(_data: Nested, _dtype?: DType): Tensor {
  return todo("tensor");
}
/** A contiguous tensor from flat row-major values. */
export function fromFlat(
  _values: ArrayLike<number>,
  _shape: readonly number[],
  _dtype: DType,
): Tensor {
  return todo("fromFlat");
}

// ---------------------------------------------------------------- random
/** Reseeds the one global generator. */
export function seed(_n: number): void {
  todo("seed");
}
/** Uniform [0, 1) (default f32). */
export function rand(_shape: readonly number[], _dtype?: DType): Tensor {
  return todo("rand");
}
/** Standard normal (default f32). */
export function randn(_shape: readonly number[], _dtype?: DType): Tensor {
  return todo("randn");
}
/** Uniform ints in [low, high) (default i32). */
export function randint(
  _low: number,
  _high: number,
  _shape: readonly number[],
  _dtype?: DType,
): Tensor {
  return todo("randint");
}

// ---------------------------------------------------------------- element-wise
/** An element-wise unary op (`exp`, `neg`, `not`, …). */
export function unary(_op: UnaryOpName, _x: Tensor): Tensor {
  return todo("unary");
}
/** An element-wise binary op with broadcasting; scalars take the tensor's dtype. */
export function binary(_op: BinaryOpName, _a: Operand, _b: Operand): Tensor {
  return todo("binary");
}
/** An element-wise ternary op (`where`, `clip`) with broadcasting. */
export function ternary(
  _op: TernaryOpName,
  _a: Operand,
  _b: Operand,
  _c: Operand,
): Tensor {
  return todo("ternary");
}
/** numpy `matmul` (`@`). */
export function matmul(_a: Tensor, _b: Tensor): Tensor {
  return todo("matmul");
}
/** A reduction (`sum`, `mean`, `argmax`, …) over one axis or all. */
export function reduce(
  _op: ReduceOpName,
  _x: Tensor,
  _opts?: ReduceOptions,
): Tensor {
  return todo("reduce");
}

// ---------------------------------------------------------------- indexing
/** `x[items]`: a view, or a scalar when every dim is indexed by an int. */
export function index(
  _x: Tensor,
  _items: readonly IndexItem[],
): Tensor | Scalar {
  return todo("index");
}
/** `x[items] = value`, broadcasting `value`, writing through views. */
export function setIndex(
  _x: Tensor,
  _items: readonly IndexItem[],
  _value: Operand,
): void {
  todo("setIndex");
}

// ---------------------------------------------------------------- shape
/** Reshape (one -1 allowed); a view when possible. */
export function reshape(_x: Tensor, _shape: readonly number[]): Tensor {
  return todo("reshape");
}
/** Permute dims (default: reverse all); a view. */
export function transpose(_x: Tensor, _perm?: readonly number[]): Tensor {
  return todo("transpose");
}
/** `.T`: swaps the last two dims (rank < 2: unchanged); a view. */
export function transposeLast2(_x: Tensor): Tensor {
  return todo("transposeLast2");
}
/** Flattens dims from `start` (default 1) to the end. */
export function flatten(_x: Tensor, _start?: number): Tensor {
  return todo("flatten");
}
/** Removes size-1 dims (all, or the one at `axis`). */
export function squeeze(_x: Tensor, _axis?: number): Tensor {
  return todo("squeeze");
}
/** Inserts a size-1 dim at `axis`. */
export function unsqueeze(_x: Tensor, _axis: number): Tensor {
  return todo("unsqueeze");
}
/** Joins tensors along an existing axis (default 0). */
export function concat(_xs: readonly Tensor[], _axis?: number): Tensor {
  return todo("concat");
}
/** Joins tensors along a new axis (default 0). */
export function stack(_xs: readonly Tensor[], _axis?: number): Tensor {
  return todo("stack");
}
/** Converts to `dtype` (float → int truncates toward zero). */
export function astype(_x: Tensor, _dtype: DType): Tensor {
  return todo("astype");
}
/** The one element of a one-element tensor, as a scalar. */
export function item(_x: Tensor): Scalar {
  return todo("item");
}
/** Size of the first dim. */
export function len(_x: Tensor): number {
  return todo("len");
}
/** A broadcast view of `x` with `shape` (zero strides). */
export function broadcastTo(_x: Tensor, _shape: readonly number[]): Tensor {
  return todo("broadcastTo");
}

// ---------------------------------------------------------------- networks
/** Softmax along `axis` (default -1), numerically stable. */
export function softmax(_x: Tensor, _axis?: number): Tensor {
  return todo("softmax");
}
/** log(softmax(x)) along `axis` (default -1), stable. */
export function logSoftmax(_x: Tensor, _axis?: number): Tensor {
  return todo("logSoftmax");
}
/** Mean cross-entropy of logits [N, C] against i32 labels [N]; a 0-d tensor. */
export function crossEntropy(_logits: Tensor, _labels: Tensor): Tensor {
  return todo("crossEntropy");
}
/** Mean squared error over all elements; a 0-d tensor. */
export function mse(_pred: Tensor, _target: Tensor): Tensor {
  return todo("mse");
}
/** Fraction of rows whose argmax equals the label. */
export function accuracy(_logits: Tensor, _labels: Tensor): number {
  return todo("accuracy");
}
/** One-hot f32 encoding [..., n] of i32 labels. */
export function oneHot(_labels: Tensor, _n: number): Tensor {
  return todo("oneHot");
}

// ---------------------------------------------------------------- printing
/** numpy-like text of a tensor with dtype and shape (spec §9). */
export function formatTensor(_t: Tensor): string {
  return todo("formatTensor");
}
