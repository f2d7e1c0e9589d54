// Printing (spec §9): how `print` and `str` write every value. Strs print as
// their text at the top level and double-quoted (with escapes) inside lists
// and tuples, so `["a", "b"]` stays readable (docs/language.md).

import { formatFloat, formatInt } from "../compiler/core/numfmt.ts";
import * as K from "../kernels/mod.ts";
import {
  DlBuiltin,
  DlClosure,
  DlDType,
  DlFloat,
  DlIterable,
  DlList,
  DlModel,
  DlModelCtor,
  DlRange,
  DlTuple,
  type Value,
} from "./values.ts";

/** The text `print` writes for a value. */
export function formatValue(v: Value): string {
  return typeof v === "string" ? v : formatInner(v);
}

/** A str as it appears inside a container: double-quoted, escaped. */
export function quoteStr(s: string): string {
  return '"' + s.replace(/[\\"\n\r\t]/g, (c) => ESCAPES[c]) + '"';
}

const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/** Lists being printed, so that a list holding itself prints `[...]`. */
const printing = new Set<DlList>();

function formatInner(v: Value): string {
  if (typeof v === "number") return formatInt(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return quoteStr(v);
  if (v instanceof DlFloat) return formatFloat(v.value);
  if (v instanceof DlList) {
    if (printing.has(v)) return "[...]";
    printing.add(v);
    try {
      return "[" + v.items.map(formatInner).join(", ") + "]";
    } finally {
      printing.delete(v);
    }
  }
  if (v instanceof DlTuple) {
    if (v.items.length === 1) return "(" + formatInner(v.items[0]) + ",)";
    return "(" + v.items.map(formatInner).join(", ") + ")";
  }
  if (v instanceof K.Tensor) return K.formatTensor(v);
  if (v instanceof DlDType) return v.name;
  if (v instanceof DlRange) return `${v.start}..${v.end}`;
  if (v instanceof DlClosure) {
    return v.name === "<lambda>" ? "<fn>" : `<fn ${v.name}>`;
  }
  if (v instanceof DlBuiltin) return `<fn ${v.name}>`;
  if (v instanceof DlModelCtor) return `<fn ${v.name}>`;
  if (v instanceof DlModel) return `<model ${v.name}>`;
  if (v instanceof DlIterable) return `<${v.label}>`;
  return "<value>";
}
