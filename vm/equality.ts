// Structural equality of non-tensor values: what `==` means on scalars,
// strs, tuples and lists, and how `match` compares a literal pattern.

import { DlFloat, DlList, DlTuple, type Value } from "./values.ts";

/** dl equality: numbers by value (int and float compare numerically), containers item by item, the rest by identity. */
export function valuesEqual(a: Value, b: Value): boolean {
  // No identity shortcut before the numeric test: a nan box is not equal to itself.
  const na = typeof a === "number" ? a : a instanceof DlFloat ? a.value : null;
  if (na !== null) {
    const nb = typeof b === "number"
      ? b
      : b instanceof DlFloat
      ? b.value
      : null;
    return nb !== null && na === nb;
  }
  if (a === b) return true;
  if (
    (a instanceof DlTuple && b instanceof DlTuple) ||
    (a instanceof DlList && b instanceof DlList)
  ) {
    const x = a.items, y = b.items;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      if (!valuesEqual(x[i], y[i])) return false;
    }
    return true;
  }
  return a === b;
}
