// Which names nested functions mention: a function's variables with such a
// name become cells (closures capture cells, so they see later writes).
// Over-approximates by name, which is always safe.

import type { Node } from "../ast.ts";

const NESTED = new Set(["Lambda", "FnDecl", "ModelDecl"]);
const SKIP = new Set(["span", "nameSpan", "pathSpan", "file"]);

/** Names mentioned inside functions nested in `root` (not in `root` itself). */
export function capturedNames(root: unknown): Set<string> {
  const out = new Set<string>();
  walk(root, false, out);
  return out;
}

function walk(node: unknown, inside: boolean, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, inside, out);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const n = node as Node & { kind?: string; name?: unknown };
  const nested = inside || (n.kind !== undefined && NESTED.has(n.kind));
  if (nested && typeof n.name === "string") {
    if (n.kind === "Name" || n.kind === "Member") {
      out.add(n.name);
    }
  }
  for (const [k, v] of Object.entries(node)) {
    if (SKIP.has(k)) continue;
    if (v !== null && typeof v === "object") walk(v, nested, out);
  }
}
