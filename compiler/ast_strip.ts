// AST comparison helper: a deep copy of a node without spans, source files
// or absent optional fields, so tests can compare trees from different text.

const DROP = new Set(["span", "nameSpan", "pathSpan", "file"]);

/** A deep copy of `node` with spans, files and `undefined` fields removed. */
export function stripSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripSpans);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROP.has(k) || v === undefined) continue;
    out[k] = stripSpans(v);
  }
  return out;
}
