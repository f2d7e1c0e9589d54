// The program generator's vocabulary: the dl types it generates values of
// (with their annotation text) and the statement tree it emits, which the
// shrinker can cut and `renderNodes` turns into source text.

/** A tensor dtype the generator uses. */
export type GenDType = "f32" | "i32";

/** A dl type the generator knows how to build values of. */
export type GType =
  | { readonly k: "int" | "float" | "bool" | "str" }
  | { readonly k: "list"; readonly elem: GType }
  | { readonly k: "tuple"; readonly items: readonly GType[] }
  | {
    readonly k: "fn";
    readonly params: readonly GType[];
    readonly ret: GType;
  }
  | {
    readonly k: "tensor";
    readonly dtype: GenDType;
    readonly shape: readonly number[];
  };

/** The int type. */
export const INT: GType = { k: "int" };
/** The float type. */
export const FLOAT: GType = { k: "float" };
/** The bool type. */
export const BOOL: GType = { k: "bool" };
/** The str type. */
export const STR: GType = { k: "str" };

/** A tensor type. */
export function tensorOf(dtype: GenDType, shape: readonly number[]): GType {
  return { k: "tensor", dtype, shape };
}

/** The annotation text of a type (`List<int>`, `(int, float)`, …). */
export function typeText(t: GType): string {
  if (t.k === "list") return `List<${typeText(t.elem)}>`;
  if (t.k === "tuple") return `(${t.items.map(typeText).join(", ")})`;
  if (t.k === "fn") {
    return `fn(${t.params.map(typeText).join(", ")}) -> ${typeText(t.ret)}`;
  }
  if (t.k === "tensor") return `Tensor<${t.dtype}, [${t.shape.join(", ")}]>`;
  return t.k;
}

/** True when two types are the same. */
export function sameType(a: GType, b: GType): boolean {
  return typeText(a) === typeText(b);
}

/** One statement, or a compound statement with bodies the shrinker may cut. */
export type GenNode = string | GenBlock;

/** A compound statement: `head {` body `}` parts (if / else if / else) and a closing line. */
export interface GenBlock {
  readonly parts: readonly { readonly head: string; body: GenNode[] }[];
  readonly close: string;
}

/** Makes a block of one part: `head` (ending in `{`), body, `}`. */
export function block(head: string, body: GenNode[]): GenBlock {
  return { parts: [{ head, body }], close: "}" };
}

/** Renders statements as dl source, four spaces per nesting level. */
export function renderNodes(nodes: readonly GenNode[], indent = ""): string {
  let out = "";
  for (const n of nodes) {
    if (typeof n === "string") {
      out += n.split("\n").map((l) => indent + l).join("\n") + "\n";
      continue;
    }
    n.parts.forEach((p, i) => {
      out += (i === 0 ? indent : "") + p.head + "\n";
      out += renderNodes(p.body, indent + "    ");
      out += indent + (i + 1 < n.parts.length ? "} " : n.close + "\n");
    });
  }
  return out;
}
