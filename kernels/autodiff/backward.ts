// The backward pass: walks the recorded graph from a scalar output to the
// target nodes in reverse topological order, applying each node's VJP rule
// and summing gradients. The outermost grad runs it untraced; nested grads
// record it, so gradients can be differentiated again.

import { KernelError } from "../errors.ts";
import { type GNode, gradDepth, nodeOf, untraced } from "../graph/node.ts";
import * as T from "../graph/traced.ts";
import { versionOf } from "../graph/version.ts";
import { Tensor } from "../tensor.ts";
import { VJP_RULES, type VjpRule } from "./vjp_rules.ts";

/** Nodes on a path from `root` down to a target, in topological order (inputs first). */
function relevantNodes(root: GNode, targets: ReadonlySet<GNode>): GNode[] {
  const needs = new Map<GNode, boolean>();
  const order: GNode[] = [];
  const stack: [GNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [n, i] = top;
    if (i === 0 && needs.has(n)) {
      stack.pop();
      continue;
    }
    if (i < n.inputs.length && !targets.has(n)) {
      top[1]++;
      const child = n.inputs[i];
      if (child !== null && !needs.has(child)) stack.push([child, 0]);
      continue;
    }
    stack.pop();
    if (needs.has(n)) continue;
    const need = targets.has(n) ||
      n.inputs.some((c) => c !== null && needs.get(c) === true);
    needs.set(n, need);
    if (need) order.push(n);
  }
  return order;
}

/** True when `t` was written in place since version `v` was recorded. */
function changed(t: Tensor, v: number): boolean {
  // A still-pending tensor has no storage to write (and is not computed here).
  return !t.isPending && versionOf(t.data) !== v;
}

function checkVersions(n: GNode): void {
  const vs = n.versions;
  for (let i = 0; i < n.args.length; i++) {
    const a = n.args[i];
    if (a instanceof Tensor && changed(a, vs[i])) {
      throw new KernelError("R0010");
    }
  }
  if (changed(n.value, vs[n.args.length])) throw new KernelError("R0010");
}

function ruleOf(op: string): VjpRule {
  const r = (VJP_RULES as Record<string, VjpRule | undefined>)[op];
  if (r === undefined) {
    throw new KernelError("R0012", ["grad", `no gradient for \`${op}\``]);
  }
  return r;
}

function run(
  root: GNode,
  out: Tensor,
  targets: readonly GNode[],
): (Tensor | null)[] {
  const targetSet = new Set(targets);
  const order = relevantNodes(root, targetSet);
  const relevant = new Set(order);
  const grads = new Map<GNode, Tensor>();
  grads.set(root, onesLike(out));
  for (let k = order.length - 1; k >= 0; k--) {
    const n = order[k];
    const g = grads.get(n);
    if (g === undefined || targetSet.has(n)) continue;
    checkVersions(n);
    const want = n.inputs.map((c) => c !== null && relevant.has(c));
    const gs = ruleOf(n.op)(g, n, want);
    for (let i = 0; i < n.inputs.length; i++) {
      const c = n.inputs[i], gi = gs[i];
      if (c === null || !want[i] || gi === null || gi === undefined) continue;
      const prev = grads.get(c);
      grads.set(c, prev === undefined ? gi : T.binary("add", prev, gi));
    }
  }
  return targets.map((t) => grads.get(t) ?? null);
}

function onesLike(t: Tensor): Tensor {
  const o = Tensor.zeros(t.dtype, t.shape);
  o.data.fill(1);
  return o;
}

/**
 * Gradients of the scalar tensor `out` with respect to each target node
 * (null where `out` does not depend on it). Outside nested grads the pass
 * records nothing.
 */
export function backward(
  out: Tensor,
  targets: readonly GNode[],
): (Tensor | null)[] {
  const root = nodeOf(out);
  if (root === undefined) return targets.map(() => null);
  if (gradDepth() > 1) return run(root, out, targets);
  return untraced(() => run(root, out, targets));
}
