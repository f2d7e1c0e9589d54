// Pending tensors: element-wise ops and safe casts return tensors whose
// storage a PendingBox computes on the first read of `.data` (schedule →
// lower → generate → compile (cached) → run), exactly once. Operands that
// are pending with the result's shape fuse into the same kernel; others
// (computed tensors, broadcast pending ones) are loads; an in-place write
// moves the leaves over its storage to a snapshot first (graph/expr.ts
// prepareWrite), so pending values never change. Reductions over a
// pending tensor fold its expression straight into the reduction loop.

import type { DType } from "../../compiler/core/dtype.ts";
import { type Scalar, scalarNumber } from "../../compiler/core/scalar.ts";
import {
  castExpr,
  type Expr,
  leafExpr,
  opExpr,
  realizedValue,
  scalarExpr,
  setRealized,
} from "../graph/expr.ts";
import type { CombineOpName, ElementwiseOpName } from "../schedule/loop_ir.ts";
import {
  type Launch,
  lowerMap,
  lowerReduce,
  type ReduceLowering,
} from "../schedule/lower.ts";
import {
  allocOutput,
  type LazySource,
  scratchF64,
  shapeSize,
  Tensor,
  type TensorData,
} from "../tensor.ts";
import { nativeLaunches, runLaunch } from "./launch.ts";

/** Fused kernels stop growing past this many ops; bigger inputs are computed first. */
const MAX_COST = 48;

/**
 * The lazy source of pending tensors: one expression node, computed once.
 * Once computed it lets go of the node, so that aliases of the tensor which
 * have not read it yet do not keep the expression graph (and the storage of
 * its leaves) alive.
 */
class PendingBox implements LazySource {
  private data: TensorData | null = null;
  private expr: Expr | null;

  constructor(node: Expr) {
    this.expr = node;
  }

  /** The node while it is not computed (pending tensors read it only then). */
  get node(): Expr {
    return this.expr!;
  }

  peek(): TensorData | null {
    return this.data;
  }

  realize(): TensorData {
    if (this.data !== null) return this.data;
    const n = this.expr!;
    const cached = realizedValue(n);
    let data: TensorData;
    if (cached !== null) {
      data = cached.data.slice();
    } else {
      data = allocOutput(n.dtype, shapeSize(n.shape));
      runLaunch(lowerMap(n), data);
      setRealized(n, Tensor.fromData(n.dtype, n.shape, data));
    }
    this.data = data;
    this.expr = null;
    return data;
  }
}

function pendingTensor(node: Expr): Tensor {
  return Tensor.pending(node.dtype, node.shape, new PendingBox(node));
}

/** The pending node of `t` when it is pending, else null. */
export function pendingNode(t: Tensor): Expr | null {
  const src = t.lazySource;
  return src instanceof PendingBox ? src.node : null;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const SCALAR_DTYPE = { int: "i32", float: "f32", bool: "bool" } as const;

/** A lazy-op operand: a tensor or a scalar. */
export type LazyOperand = Tensor | Scalar;

function exprOf(x: LazyOperand, shape: readonly number[]): Expr {
  if (!(x instanceof Tensor)) {
    return scalarExpr(scalarNumber(x), SCALAR_DTYPE[x.kind]);
  }
  const n = pendingNode(x);
  if (n !== null && sameShape(x.shape, shape)) return n;
  return leafExpr(x);
}

/** Operand expressions, computing the costliest pending operand while too big. */
function operandExprs(
  operands: readonly LazyOperand[],
  shape: readonly number[],
): Expr[] {
  for (;;) {
    const args = new Array<Expr>(operands.length);
    let cost = 0, big = 0;
    for (let i = 0; i < operands.length; i++) {
      const a = args[i] = exprOf(operands[i], shape);
      cost += a.cost;
      if (a.cost > args[big].cost) big = i;
    }
    if (cost <= MAX_COST) return args;
    void (operands[big] as Tensor).data; // computes it: now a leaf
  }
}

/**
 * A pending tensor for `op` over `operands` (already checked: broadcast
 * `shape`, dtypes, and an op that cannot fail in `mode`).
 */
export function lazyElementwise(
  op: ElementwiseOpName,
  mode: "F" | "I",
  dtypes: { readonly compute: DType; readonly result: DType },
  shape: readonly number[],
  operands: readonly LazyOperand[],
): Tensor {
  const args = operandExprs(operands, shape);
  return pendingTensor(
    opExpr(op, mode, dtypes.compute, dtypes.result, shape, args),
  );
}

/** True when converting `from` to `to` never fails (so it may be lazy). */
export function isSafeCast(from: DType, to: DType): boolean {
  if (to === "f32" || to === "f64" || to === "bool") return true;
  return to === "i32" && (from === "i32" || from === "bool" || from === "i8");
}

/** A pending copy of `x` converted to `dtype` (isSafeCast must hold). */
export function lazyCast(x: Tensor, dtype: DType): Tensor {
  const [arg] = operandExprs([x], x.shape);
  return pendingTensor(castExpr(arg, dtype));
}

/** Computed tensors at least this big fold natively on the native backend. */
const EAGER_FOLD_MIN = 1024;

/**
 * True when computed `x` should fold through a native launch (one leaf
 * load) rather than the JS accumulation loop: a float tensor reduced along
 * one axis (the bias gradients' batch sums). The wasm kernels' staging
 * makes them slower than the JS loop at these sizes, so only native.
 */
function eagerFold(x: Tensor, axis: number | undefined): boolean {
  return axis !== undefined && x.size >= EAGER_FOLD_MIN &&
    (x.dtype === "f32" || x.dtype === "f64") && nativeLaunches();
}

/** Reduce kernels of one leaf, by view geometry (they never depend on data). */
const leafKernels = new Map<string, Launch["kernel"]>();

/** The launch folding computed `x` (one load): its kernel lowered once per geometry. */
function leafReduce(x: Tensor, spec: ReduceLowering): Launch {
  const key = `${x.dtype}:${x.shape}:${x.strides}:${spec.axis}:` +
    `${spec.combine}:${spec.identity}`;
  let kernel = leafKernels.get(key);
  if (kernel === undefined) {
    kernel = lowerReduce(leafExpr(x), spec).kernel;
    if (leafKernels.size >= 256) leafKernels.clear();
    leafKernels.set(key, kernel);
  }
  return { kernel, bufs: [x.data], offsets: [x.offset], params: [] };
}

/**
 * When `x` is pending (or, on the native backend, a large computed float
 * tensor reduced along one axis): folds its expression along `axis` (or all dims) with
 * `combine` from `identity` into binary64 accumulators (outer × inner,
 * row-major), in the same order as the eager reduction. Else null.
 */
export function fusedAccumulate(
  x: Tensor,
  axis: number | undefined,
  combine: CombineOpName,
  identity: number,
): Float64Array | null {
  const n = pendingNode(x);
  const leaf = n === null && eagerFold(x, axis);
  if ((n === null && !leaf) || x.size === 0) return null;
  const outSize = axis === undefined ? 1 : x.size / x.shape[axis];
  const acc = scratchF64(outSize);
  if (identity !== 0) acc.fill(identity);
  const spec = { axis, combine, identity };
  runLaunch(n !== null ? lowerReduce(n, spec) : leafReduce(x, spec), acc);
  return acc;
}
