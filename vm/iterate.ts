// What `for` walks: ranges, lists (live, by position, like Python), strs (by
// character), tensors along their first dim (scalars for rank 1) and lazy
// iterables from builtins such as `batches`.

import type { Span } from "../compiler/core/span.ts";
import * as K from "../kernels/mod.ts";
import { runtimeError } from "./runtime_error.ts";
import { fromIndexResult, guardKernel } from "./tensor_bridge.ts";
import { DlIterable, DlList, DlRange, typeName, type Value } from "./values.ts";

const DONE: IteratorResult<Value> = { done: true, value: undefined };

/** An iterator over the items `for` visits in `v`; R0007 when `v` is not iterable. */
export function iterateValue(v: Value, span: Span): Iterator<Value> {
  if (v instanceof DlRange) return countFrom(v.start, v.end, (i) => i);
  if (v instanceof DlList) {
    let i = 0;
    return {
      next: () =>
        i < v.items.length ? { done: false, value: v.items[i++] } : DONE,
    };
  }
  if (typeof v === "string") return v[Symbol.iterator]();
  if (v instanceof K.Tensor) {
    if (v.shape.length === 0) {
      throw runtimeError("R0007", span, ["cannot iterate over a 0-d tensor"]);
    }
    return countFrom(
      0,
      v.shape[0],
      (i) => guardKernel(span, () => fromIndexResult(K.index(v, [i]))),
    );
  }
  if (v instanceof DlIterable) return v.iterate();
  throw runtimeError("R0007", span, [`cannot iterate over ${typeName(v)}`]);
}

function countFrom(
  start: number,
  end: number,
  at: (i: number) => Value,
): Iterator<Value> {
  let i = start;
  return {
    next: () => (i < end ? { done: false, value: at(i++) } : DONE),
  };
}

/** The items of a finite iterable value as an array (for `tensor(list)`, `concat`…). */
export function collectValues(v: Value, span: Span): Value[] {
  if (v instanceof DlList) return v.items.slice();
  const out: Value[] = [];
  const it = iterateValue(v, span);
  for (let r = it.next(); r.done !== true; r = it.next()) out.push(r.value);
  return out;
}
