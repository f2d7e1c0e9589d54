// The lazy expression graph behind pending tensors: hash-consed nodes (the
// same op over the same inputs is the same node) for element-wise ops,
// casts, scalars and leaves (views of computed storage, keyed by storage,
// geometry and storage version, so a write makes new leaves). Nodes are
// immutable except for `realized`, a cache of the node's computed value
// that later kernels load instead of recomputing while its storage is
// unchanged.

import type { DType } from "../../compiler/core/dtype.ts";
import type { ElementwiseOpName } from "../schedule/loop_ir.ts";
import type { Tensor } from "../tensor.ts";
import { versionOf } from "./version.ts";

interface ExprBase {
  readonly id: number;
  /** The hash-consing key. */
  readonly key: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** An upper bound on the op nodes a kernel computing this node contains. */
  readonly cost: number;
  /** The storage buffers the node's leaves read. */
  readonly buffers: readonly ArrayBufferLike[];
  /** The node's value once some tensor computed it, with that storage's version. */
  realized: { readonly tensor: Tensor; readonly version: number } | null;
}

/** A view of computed storage. */
export interface LeafExpr extends ExprBase {
  readonly kind: "leaf";
  readonly tensor: Tensor;
}

/** A scalar operand (a kernel parameter; its dtype counts for promotion only). */
export interface ScalarExpr extends ExprBase {
  readonly kind: "scalar";
  readonly value: number;
}

/** An element-wise op applied in `compute` with float or integer semantics. */
export interface OpExpr extends ExprBase {
  readonly kind: "op";
  readonly op: ElementwiseOpName;
  readonly mode: "F" | "I";
  readonly compute: DType;
  readonly args: readonly Expr[];
}

/** A dtype conversion that cannot fail (to a float, to bool, or exact). */
export interface CastExpr extends ExprBase {
  readonly kind: "cast";
  readonly arg: Expr;
}

/** A node of the lazy graph. */
export type Expr = LeafExpr | ScalarExpr | OpExpr | CastExpr;

let nextId = 1;
const table = new Map<string, WeakRef<Expr>>();
let pruneAt = 4096;
const bufferIds = new WeakMap<ArrayBufferLike, number>();

function intern<T extends Expr>(
  key: string,
  make: (id: number, key: string) => T,
): T {
  const hit = table.get(key)?.deref();
  if (hit !== undefined) return hit as T;
  const n = make(nextId++, key);
  table.set(key, new WeakRef(n));
  if (table.size > pruneAt) {
    for (const [k, w] of table) if (w.deref() === undefined) table.delete(k);
    pruneAt = Math.max(4096, table.size * 2);
  }
  return n;
}

function bufferId(b: ArrayBufferLike): number {
  let id = bufferIds.get(b);
  if (id === undefined) bufferIds.set(b, id = nextId++);
  return id;
}

/** The leaf for computed tensor `t` (a view of its storage as it is now). */
export function leafExpr(t: Tensor): LeafExpr {
  const d = t.data;
  const key = `L${bufferId(d.buffer)}:${d.byteOffset}:${t.dtype}:` +
    `${t.offset}:${t.shape}:${t.strides}:${versionOf(d)}`;
  return intern(key, (id, key) => ({
    kind: "leaf",
    id,
    key,
    dtype: t.dtype,
    shape: t.shape,
    cost: 0,
    buffers: [d.buffer],
    realized: null,
    tensor: t,
  }));
}

/** The scalar `value` with dtype `dtype` (i32, f32 or bool). */
export function scalarExpr(value: number, dtype: DType): ScalarExpr {
  const text = Object.is(value, -0) ? "-0" : String(value);
  return intern(`S${dtype}:${text}`, (id, key) => ({
    kind: "scalar",
    id,
    key,
    dtype,
    shape: [],
    cost: 0,
    buffers: [],
    realized: null,
    value,
  }));
}

function unionBuffers(args: readonly Expr[]): ArrayBufferLike[] {
  const out: ArrayBufferLike[] = [];
  for (const a of args) {
    for (const b of a.buffers) if (!out.includes(b)) out.push(b);
  }
  return out;
}

/** `op` over `args` (shapes already broadcast-compatible with `shape`). */
export function opExpr(
  op: ElementwiseOpName,
  mode: "F" | "I",
  compute: DType,
  dtype: DType,
  shape: readonly number[],
  args: readonly Expr[],
): OpExpr {
  const key = `O${op}.${mode}:${compute}:${dtype}:${shape}:` +
    args.map((a) => a.id).join(",");
  return intern(key, (id, key) => ({
    kind: "op",
    id,
    key,
    dtype,
    shape,
    cost: 1 + args.reduce((s, a) => s + a.cost, 0),
    buffers: unionBuffers(args),
    realized: null,
    op,
    mode,
    compute,
    args,
  }));
}

/** `arg` converted to `dtype`. */
export function castExpr(arg: Expr, dtype: DType): CastExpr {
  return intern(`C${dtype}:${arg.id}`, (id, key) => ({
    kind: "cast",
    id,
    key,
    dtype,
    shape: arg.shape,
    cost: 1 + arg.cost,
    buffers: arg.buffers,
    realized: null,
    arg,
  }));
}

/**
 * Records that `tensor` holds `n`'s value and takes `n` out of the
 * hash-consing table: later identical expressions get fresh nodes that
 * recompute from their leaves (which may have been written directly since),
 * while graphs built before keep loading the cached value.
 */
export function setRealized(n: Expr, tensor: Tensor): void {
  n.realized = { tensor, version: versionOf(tensor.data) };
  if (table.get(n.key)?.deref() === n) table.delete(n.key);
}

/** The computed value of `n` when it is cached and its storage is unchanged. */
export function realizedValue(n: Expr): Tensor | null {
  const r = n.realized;
  if (r === null) return null;
  if (versionOf(r.tensor.data) !== r.version) {
    n.realized = null;
    return null;
  }
  return r.tensor;
}
