// Traced tensor ops: the same signatures as the eager kernels they wrap. Each
// computes its value eagerly, then records a graph node when a grad is
// tracing and an argument is tracked (kernels/mod.ts exports these, so every
// engine records without knowing). Only float results carry gradients.

import { isFloatDType } from "../../compiler/core/dtype.ts";
import type {
  BinaryOpName,
  OpName,
  ReduceOpName,
  TernaryOpName,
  UnaryOpName,
} from "../../compiler/core/ops.ts";
import type { DType } from "../../compiler/core/dtype.ts";
import type { Scalar } from "../../compiler/core/scalar.ts";
import * as B from "../broadcast.ts";
import * as C from "../cast.ts";
import * as E from "../elementwise.ts";
import * as I from "../indexing.ts";
import * as M from "../matmul.ts";
import * as N from "../nn.ts";
import { expsFor } from "../nn/cross_entropy.ts";
import * as R from "../reduce.ts";
import * as S from "../shape_ops.ts";
import { Tensor } from "../tensor.ts";
import { isDifferentiable } from "./graph_ops.ts";
import { type Arg, isTracing, record } from "./node.ts";
import { bumpVersion } from "./version.ts";
import { prepareWrite } from "./expr.ts";

/** Records `op` when its result can carry a gradient. */
export function traced(
  op: string,
  args: readonly Arg[],
  value: Tensor,
  attrs: Readonly<Record<string, unknown>> = {},
): Tensor {
  if (!isTracing() || !isFloatDType(value.dtype) || !isDifferentiable(op)) {
    return value;
  }
  return record(op, args, value, attrs);
}

/** Element-wise op over operands (see kernels/elementwise.ts). */
export function elementwise(
  op: OpName,
  operands: readonly E.Operand[],
): Tensor {
  return traced(op, operands, E.elementwise(op, operands));
}

/** Element-wise unary op. */
export function unary(op: UnaryOpName, x: Tensor): Tensor {
  return traced(op, [x], E.unary(op, x));
}

/** Element-wise binary op. */
export function binary(op: BinaryOpName, a: E.Operand, b: E.Operand): Tensor {
  return traced(op, [a, b], E.binary(op, a, b));
}

/** Element-wise ternary op (`where`, `clip`). */
export function ternary(
  op: TernaryOpName,
  a: E.Operand,
  b: E.Operand,
  c: E.Operand,
): Tensor {
  return traced(op, [a, b, c], E.ternary(op, a, b, c));
}

/** Matrix product with numpy rules. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  return traced("matmul", [a, b], M.matmul(a, b));
}

/** A reduction over one axis or all. */
export function reduce(
  op: ReduceOpName,
  x: Tensor,
  opts: R.ReduceOptions = {},
): Tensor {
  return traced(op, [x], R.reduce(op, x, opts), {
    axis: opts.axis,
    keepdims: opts.keepdims ?? false,
    ddof: opts.ddof ?? 0,
  });
}

/** `x[items]`: a view, or a scalar when every dim is indexed (no gradient). */
export function index(
  x: Tensor,
  items: readonly I.IndexItem[],
): Tensor | Scalar {
  const r = I.index(x, items);
  return r instanceof Tensor ? traced("index", [x], r, { items }) : r;
}

/**
 * `x[items] = value`, recorded as a new storage version (R0010 checks);
 * pending results that read `x`'s storage are computed first.
 */
export function setIndex(
  x: Tensor,
  items: readonly I.IndexItem[],
  value: Tensor | Scalar,
): void {
  prepareWrite(x.data);
  I.setIndex(x, items, value);
  bumpVersion(x.data);
}

function reshaped(x: Tensor, out: Tensor): Tensor {
  return traced("reshape", [x], out, { shape: out.shape });
}

/** Reshape (one -1 allowed). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return reshaped(x, S.reshape(x, shape));
}

/** Flatten dims from `start`. */
export function flatten(x: Tensor, start = 1): Tensor {
  return reshaped(x, S.flatten(x, start));
}

/** Drop size-1 dims (or one). */
export function squeeze(x: Tensor, axis?: number): Tensor {
  return reshaped(x, S.squeeze(x, axis));
}

/** Insert a size-1 dim. */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  return reshaped(x, S.unsqueeze(x, axis));
}

/** Permute dims (reversed when `perm` is absent). */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm ?? x.shape.map((_, i) => x.ndim - 1 - i);
  return traced("transpose", [x], S.transpose(x, perm), { perm: p });
}

/** Swap the last two dims. */
export function transposeLast2(x: Tensor): Tensor {
  const out = S.transposeLast2(x);
  if (!isTracing()) return out;
  if (x.ndim === 2) return traced("transpose", [x], out, { perm: SWAP2 });
  const p = x.shape.map((_, i) => i);
  if (p.length >= 2) {
    p[p.length - 1] = p.length - 2;
    p[p.length - 2] = p.length - 1;
  }
  return traced("transpose", [x], out, { perm: p });
}

/** The permutation of a 2-d `.T` (shared: recorded attributes are read-only). */
const SWAP2: readonly number[] = Object.freeze([1, 0]);

/** Join along an existing axis. */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  return traced("concat", xs, S.concat(xs, axis), { axis });
}

/** Join along a new axis. */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  return traced("stack", xs, S.stack(xs, axis), { axis });
}

/** A broadcast view. */
export function broadcastTo(
  t: Tensor,
  shape: readonly number[],
  op = "broadcast_to",
): Tensor {
  return traced("broadcast_to", [t], B.broadcastTo(t, shape, op));
}

/** Dtype conversion (gradients flow between float dtypes only). */
export function astype(x: Tensor, dtype: DType): Tensor {
  const out = C.astype(x, dtype);
  return isFloatDType(x.dtype) ? traced("astype", [x], out) : out;
}

/** Softmax along `axis`. */
export function softmax(x: Tensor, axis = -1): Tensor {
  return traced("softmax", [x], N.softmax(x, axis), { axis });
}

/** Log-softmax along `axis`. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return traced("log_softmax", [x], N.logSoftmax(x, axis), { axis });
}

/** Mean cross entropy of logits [N, C] against i32 labels [N]. */
export function crossEntropy(logits: Tensor, labels: Tensor): Tensor {
  // Recorded, the loss saves its exponentials for its gradient rule.
  const exps = isTracing() ? expsFor(logits) : undefined;
  return traced(
    "cross_entropy",
    [logits, labels],
    N.crossEntropy(logits, labels, exps),
    exps === undefined ? {} : { exps },
  );
}

/** Mean squared error. */
export function mse(pred: Tensor, target: Tensor): Tensor {
  return traced("mse", [pred, target], N.mse(pred, target));
}
