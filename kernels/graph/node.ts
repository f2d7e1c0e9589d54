// The traced graph: while `grad` runs a function, every differentiable op on
// a tracked tensor records a GNode (op, inputs, attributes, eager value).
// Tensors map to their nodes through a WeakMap; a node belongs to one grad
// session, so tensors that outlive a session are constants in the next one.
// Recording never computes a pending value (its storage is fresh: version 0).

import type { Scalar } from "../../compiler/core/scalar.ts";
import { Tensor } from "../tensor.ts";
import { versionOf } from "./version.ts";

/** An op argument as recorded: a tensor, a scalar, or a list of tensors. */
export type Arg = Tensor | Scalar;

/** One recorded op application. */
export interface GNode {
  /** The op's name (an op-table name or a graph op such as `reshape`). */
  readonly op: string;
  /** The arguments, in order (scalars and constant tensors included). */
  readonly args: readonly Arg[];
  /** The node of each argument, or null for constants and scalars. */
  readonly inputs: readonly (GNode | null)[];
  /** Op attributes (axis, shape, perm, index items…). */
  readonly attrs: Readonly<Record<string, unknown>>;
  /** The eager result. */
  readonly value: Tensor;
  /** Storage versions of the tensor arguments and the value when recorded. */
  readonly versions: readonly number[];
  readonly session: number;
}

let depth = 0;
let session = 0;
let paused = 0;

/** True while some grad is tracing (and recording is not paused). */
export function isTracing(): boolean {
  return depth > 0 && paused === 0;
}

/** The current grad nesting depth (0 outside any grad). */
export function gradDepth(): number {
  return depth;
}

/** The node that made `t` in the current session, if any. */
export function nodeOf(t: Arg): GNode | undefined {
  if (depth === 0 || paused > 0 || !(t instanceof Tensor)) return undefined;
  const n = t.traceNode as GNode | undefined;
  return n !== undefined && n.session === session ? n : undefined;
}

/** Starts a grad level (a new session when none is active). */
export function enterGrad(): void {
  if (depth === 0) session++;
  depth++;
}

/** Ends the innermost grad level. */
export function leaveGrad(): void {
  depth--;
}

/** Runs `fn` without recording (the outermost backward pass needs no graph). */
export function untraced<T>(fn: () => T): T {
  paused++;
  try {
    return fn();
  } finally {
    paused--;
  }
}

function freshView(t: Tensor): Tensor {
  return t.alias();
}

/** The storage version of `a` without computing a pending tensor (fresh: 0). */
function versionOfArg(a: Arg): number {
  if (!(a instanceof Tensor)) return 0;
  return a.isPending ? 0 : versionOf(a.data);
}

/**
 * Records `op` producing `value` from `args` when tracing and some argument is
 * tracked; returns the tensor to hand to the program (a fresh view when
 * `value` is an argument itself or already has a node).
 */
export function record(
  op: string,
  args: readonly Arg[],
  value: Tensor,
  attrs: Readonly<Record<string, unknown>> = {},
): Tensor {
  if (!isTracing()) return value;
  let tracked = false;
  const inputs = new Array<GNode | null>(args.length);
  for (let i = 0; i < args.length; i++) {
    const n = nodeOf(args[i]);
    if (n !== undefined) tracked = true;
    inputs[i] = n ?? null;
  }
  if (!tracked) return value;
  return attach(op, args, inputs, value, attrs);
}

/** A leaf (or, when `t` is tracked by an outer grad, an identity node over it). */
export function makeLeaf(t: Tensor): { tensor: Tensor; node: GNode } {
  const outer = nodeOf(t);
  const v = outer === undefined
    ? attach("leaf", [], [], freshView(t), {})
    : attach("identity", [t], [outer], freshView(t), {});
  return { tensor: v, node: v.traceNode as GNode };
}

function attach(
  op: string,
  args: readonly Arg[],
  inputs: readonly (GNode | null)[],
  value: Tensor,
  attrs: Readonly<Record<string, unknown>>,
): Tensor {
  const v = args.includes(value) || value.traceNode !== undefined
    ? freshView(value)
    : value;
  const versions = new Array<number>(args.length + 1);
  for (let i = 0; i < args.length; i++) versions[i] = versionOfArg(args[i]);
  versions[args.length] = versionOfArg(v);
  v.traceNode = { op, args, inputs, attrs, value: v, versions, session };
  return v;
}
