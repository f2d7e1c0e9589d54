// The lazy expression graph behind pending tensors: hash-consed nodes (the
// same op over the same inputs is the same node) for element-wise ops,
// casts, scalars and leaves (views of computed storage, keyed by storage,
// geometry and storage version, so a write makes new leaves). Nodes are
// immutable except for `realized`, a cache of the node's computed value
// that later kernels load instead of recomputing while its storage is
// unchanged. Writes go through prepareWrite, which moves the leaves over the
// written storage to a snapshot.

import type { DType } from "../../compiler/core/dtype.ts";
import type { ElementwiseOpName } from "../schedule/loop_ir.ts";
import { Tensor, type TensorData } from "../tensor.ts";
import { versionOf } from "./version.ts";
import { beforeYoungGc } from "../runtime/young_gc.ts";

interface ExprBase {
  readonly id: number;
  /** The hash-consing key. */
  readonly key: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** An upper bound on the op nodes a kernel computing this node contains. */
  readonly cost: number;
  /** The node's value once some tensor computed it, with that storage's version. */
  realized: { readonly tensor: Tensor; readonly version: number } | null;
}

/** A view of computed storage. */
export interface LeafExpr extends ExprBase {
  readonly kind: "leaf";
  /** The view (read it through leafTensor, which applies a write's snapshot). */
  tensor: Tensor;
  /** Where a write in place leaves the values this leaf must keep reading. */
  readonly cell: WriteCell;
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

// Op, cast and scalar nodes are hash-consed through a small FIFO table with
// strong references. (WeakRefs would not help: their targets stay alive until
// the current job ends, and a dl program runs as one synchronous job.) Being
// small, the table bounds the memory it keeps alive; an evicted entry only
// loses sharing, never correctness.
const TABLE_SIZE = 128;
let table = new Map<string, Expr>();
/** Leaf keys to node ids (FIFO like `table`): equal leaves get equal ids. */
let leafIds = new Map<string, number>();

function intern<T extends Expr>(
  key: string,
  make: (id: number, key: string) => T,
): T {
  const hit = table.get(key);
  if (hit !== undefined) return hit as T;
  return remember(make(nextId++, key));
}

/**
 * Empties the hash-consing table (a grad session's end and each paced minor
 * GC call it). Nodes it held stay valid; only sharing with nodes built later
 * is lost. Without this, the table keeps the last steps' graphs (their
 * leaves' storage) alive through young collections, so V8 moves them to the
 * old generation, where only a full collection frees them.
 *
 * The tables are replaced, not cleared. V8 gives a Map whose entry store
 * has reached the old generation every later store there too (growing,
 * shrinking or clearing it), and an old store that is dropped still holds
 * its entries through young collections (they are roots until a full
 * collection): one leaf's storage per training step stayed alive that way,
 * and the pool took fresh heap pages for it (docs/performance.md, "Page
 * faults in the epoch").
 */
export function forgetInterned(): void {
  table = new Map();
  leafIds = new Map();
}

beforeYoungGc(forgetInterned);

/** Enters new node `n` in the table (evicting the oldest past TABLE_SIZE). */
function remember<T extends Expr>(n: T): T {
  table.set(n.key, n);
  if (table.size > TABLE_SIZE) table.delete(table.keys().next().value!);
  return n;
}

// Writes in place and the leaves over the written storage. A leaf records
// the storage version it saw and shares one WriteCell with every leaf made
// over that storage since the last write; prepareWrite copies the storage
// into the cell, so those leaves go on reading the values from before the
// write. The registry maps storage to its current cell, and a cell never
// refers to its storage: a WeakMap value that leads back to its key keeps the
// key alive through V8's young-generation collections, which would hold every
// step's activations until a full collection. Keyed by the typed array, not
// its ArrayBuffer (Wasm heap views share one buffer; tensors share storage by
// sharing the typed array).

/** The snapshot of a storage taken by its next write in place, if any. */
interface WriteCell {
  snapshot: TensorData | null;
}

const cells = new WeakMap<TensorData, WriteCell>();
const storageIds = new WeakMap<TensorData, number>();
let nextStorageId = 1;

/**
 * Call before writing into `data`'s storage in place (then bump its
 * version): leaves made over it since the last write keep reading a copy of
 * the values from before this write (one copy; nothing is computed).
 */
export function prepareWrite(data: TensorData): void {
  const cell = cells.get(data);
  if (cell === undefined) return;
  cells.delete(data);
  // A copy of this storage only (a Wasm heap view shares its buffer with
  // every other heap tensor).
  cell.snapshot = data.slice();
}

/** The view a kernel loads for `leaf`: its storage, or the snapshot a write took. */
export function leafTensor(leaf: LeafExpr): Tensor {
  const snap = leaf.cell.snapshot;
  if (snap !== null && leaf.tensor.data !== snap) {
    const t = leaf.tensor;
    leaf.tensor = new Tensor(t.dtype, t.shape, t.strides, t.offset, snap);
  }
  return leaf.tensor;
}

/** `${dims}` (comma-joined) without Array.prototype.join's generic path. */
function dimsText(dims: readonly number[]): string {
  let s = "";
  for (let i = 0; i < dims.length; i++) {
    s += i === 0 ? "" + dims[i] : "," + dims[i];
  }
  return s;
}

/**
 * The leaf for computed tensor `t` (a view of its storage as it is now). A
 * leaf holds a bare view of the storage, not `t` (which may carry a traced-
 * graph node and with it a whole step's graph), and is not kept by any table:
 * equal leaves share their id through `leafIds` (strings to numbers, holding
 * no storage), so op nodes over them still hash-cons.
 */
export function leafExpr(t: Tensor): LeafExpr {
  const d = t.data;
  let sid = storageIds.get(d);
  if (sid === undefined) storageIds.set(d, sid = nextStorageId++);
  const key = "L" + sid + ":" + t.dtype + ":" + t.offset + ":" +
    dimsText(t.shape) + ":" + dimsText(t.strides) + ":" + versionOf(d);
  let id = leafIds.get(key);
  if (id === undefined) {
    id = nextId++;
    leafIds.set(key, id);
    if (leafIds.size > TABLE_SIZE) leafIds.delete(leafIds.keys().next().value!);
  }
  let cell = cells.get(d);
  if (cell === undefined) cells.set(d, cell = { snapshot: null });
  return {
    kind: "leaf",
    id,
    key,
    dtype: t.dtype,
    shape: t.shape,
    cost: 0,
    realized: null,
    tensor: new Tensor(t.dtype, t.shape, t.strides, t.offset, d),
    cell,
  };
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
    realized: null,
    value,
  }));
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
  let key = "O" + op + "." + mode + ":" + compute + ":" + dtype + ":" +
    dimsText(shape) + ":";
  for (let i = 0; i < args.length; i++) {
    key += (i === 0 ? "" : ",") + args[i].id;
  }
  const hit = table.get(key);
  if (hit !== undefined) return hit as OpExpr;
  let cost = 1;
  for (let i = 0; i < args.length; i++) cost += args[i].cost;
  return remember({
    kind: "op",
    id: nextId++,
    key,
    dtype,
    shape,
    cost,
    realized: null,
    op,
    mode,
    compute,
    args,
  });
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
  if (table.get(n.key) === n) table.delete(n.key);
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
