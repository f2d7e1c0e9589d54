// Shrinks a generated program that shows a bug: drops statements (and
// unwraps compound statements into their first body) for as long as the
// caller's predicate still holds, so a failure report shows a small program.

import {
  type GenBlock,
  type GenNode,
  renderNodes,
} from "./program_gen_types.ts";

/** Options for shrinking. */
export interface ShrinkOptions {
  /** Give up after this many predicate calls (default 400). */
  readonly maxTries?: number;
}

function clone(nodes: readonly GenNode[]): GenNode[] {
  return nodes.map((n) =>
    typeof n === "string" ? n : {
      parts: n.parts.map((p) => ({ head: p.head, body: clone(p.body) })),
      close: n.close,
    }
  );
}

/** Every statement list in the tree, outermost first. */
function bodies(nodes: GenNode[], out: GenNode[][] = []): GenNode[][] {
  out.push(nodes);
  for (const n of nodes) {
    if (typeof n !== "string") { for (const p of n.parts) bodies(p.body, out); }
  }
  return out;
}

/**
 * The smallest program found (as text) for which `fails(text)` still holds;
 * `fails` should also require that the text compiles cleanly.
 */
export function shrinkProgram(
  nodes: readonly GenNode[],
  fails: (text: string) => boolean,
  opts: ShrinkOptions = {},
): string {
  const root = clone(nodes);
  let tries = opts.maxTries ?? 400;
  const attempt = (): boolean => {
    tries--;
    return fails(renderNodes(root));
  };
  let progress = true;
  while (progress && tries > 0) {
    progress = false;
    for (const list of bodies(root)) {
      for (let i = list.length - 1; i >= 0 && tries > 0; i--) {
        const node = list[i];
        list.splice(i, 1);
        if (attempt()) {
          progress = true;
          continue;
        }
        if (typeof node !== "string") {
          const inner = (node as GenBlock).parts[0].body;
          list.splice(i, 0, ...inner);
          if (attempt()) {
            progress = true;
            continue;
          }
          list.splice(i, inner.length);
        }
        list.splice(i, 0, node);
      }
    }
  }
  return renderNodes(root);
}
