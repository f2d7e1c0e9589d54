// Relations between types: assignability (with symbolic dims bound per
// signature, spec §2), joins (if/match branches, list elements, widening
// `var`s) and substitution of bound dims. Unknown is compatible with all.

import type { Dim } from "../core/shape.ts";
import {
  FLOAT,
  fnOf,
  isNumeric,
  isUnknown,
  listOf,
  tensorOf,
  tupleOf,
  type Type,
  UNKNOWN,
} from "./types.ts";

/** Symbolic dims of one signature, bound at one call. */
export type DimBindings = Map<string, Dim>;

function dimAssignable(a: Dim, e: Dim, binds: DimBindings | null): boolean {
  if (typeof e === "string" && binds !== null) {
    if (!binds.has(e)) {
      if (a !== null) binds.set(e, a);
      return true;
    }
    const bound = binds.get(e) ?? null;
    return !(typeof bound === "number" && typeof a === "number" &&
      bound !== a);
  }
  return !(typeof e === "number" && typeof a === "number" && e !== a);
}

/**
 * True if a value of type `actual` may be used where `expected` is written.
 * `int` widens to `float`. Symbolic dims of `expected` are bound in `binds`.
 */
export function assignable(
  actual: Type,
  expected: Type,
  binds: DimBindings | null = null,
): boolean {
  if (isUnknown(actual) || isUnknown(expected)) return true;
  if (expected.kind === "float" && actual.kind === "int") return true;
  switch (expected.kind) {
    case "tensor": {
      if (actual.kind !== "tensor") return false;
      if (expected.dtype !== null && actual.dtype !== null) {
        if (expected.dtype !== actual.dtype) return false;
      }
      if (expected.shape === null || actual.shape === null) return true;
      if (expected.shape.length !== actual.shape.length) return false;
      for (let i = 0; i < expected.shape.length; i++) {
        if (!dimAssignable(actual.shape[i], expected.shape[i], binds)) {
          return false;
        }
      }
      return true;
    }
    case "tuple": {
      if (actual.kind !== "tuple") return false;
      if (actual.elements.length !== expected.elements.length) return false;
      return expected.elements.every((e, i) =>
        assignable(actual.elements[i], e, binds)
      );
    }
    case "list":
      return actual.kind === "list" &&
        assignable(actual.element, expected.element, binds);
    case "fn":
      return actual.kind === "fn";
    case "model":
      return actual.kind === "model" && actual.model === expected.model;
    default:
      return actual.kind === expected.kind;
  }
}

function joinDims(
  a: readonly Dim[] | null,
  b: readonly Dim[] | null,
): readonly Dim[] | null {
  if (a === null || b === null || a.length !== b.length) return null;
  return a.map((d, i) => (d === b[i] ? d : null));
}

/**
 * The type of a value that is either `a` or `b` (branches, list elements),
 * or null when they cannot share a type. Tensors always join (the dtype or
 * dims that differ become unknown).
 */
export function joinTypes(a: Type, b: Type): Type | null {
  if (a.kind === "never") return b;
  if (b.kind === "never") return a;
  if (a.kind === "unknown" || b.kind === "unknown") return UNKNOWN;
  if (a === b) return a;
  switch (a.kind) {
    case "tensor":
      if (b.kind !== "tensor") return null;
      if (a.dtype === b.dtype && sameDims(a.shape, b.shape)) return a;
      return tensorOf(
        a.dtype === b.dtype ? a.dtype : null,
        joinDims(a.shape, b.shape),
      );
    case "tuple": {
      if (b.kind !== "tuple" || a.elements.length !== b.elements.length) {
        return null;
      }
      const out: Type[] = [];
      for (let i = 0; i < a.elements.length; i++) {
        const j = joinTypes(a.elements[i], b.elements[i]);
        if (j === null) return null;
        out.push(j);
      }
      return tupleOf(out);
    }
    case "list": {
      if (b.kind !== "list") return null;
      const j = joinTypes(a.element, b.element);
      if (j === null) return null;
      return j === a.element && a.dims === undefined ? a : listOf(j);
    }
    case "fn":
      if (b.kind !== "fn") return null;
      return sameCallee(a, b) ? a : fnOf({
        tag: "sig",
        params: null,
        result: UNKNOWN,
      });
    case "model":
      return b.kind === "model" && a.model === b.model ? a : null;
    default:
      if (a.kind === b.kind) return a;
      // An int where a float is expected widens (as for annotations).
      return isNumeric(a) && isNumeric(b) ? FLOAT : null;
  }
}

function sameCallee(
  a: Extract<Type, { kind: "fn" }>,
  b: Extract<Type, { kind: "fn" }>,
): boolean {
  const x = a.callee, y = b.callee;
  if (x.tag === "user" && y.tag === "user") return x.fn === y.fn;
  if (x.tag === "builtin" && y.tag === "builtin") return x.name === y.name;
  if (x.tag === "ctor" && y.tag === "ctor") return x.model === y.model;
  return false;
}

/** True if two shapes are the same (both unknown, or equal dims). */
export function sameDims(
  a: readonly Dim[] | null,
  b: readonly Dim[] | null,
): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Replaces bound symbolic dims by their bindings. Unbound symbols that are
 * in `sigSymbols` (the callee's own) become unknown; with null they stay.
 */
export function substituteDims(
  t: Type,
  binds: DimBindings,
  sigSymbols: ReadonlySet<string> | null,
): Type {
  switch (t.kind) {
    case "tensor":
      if (t.shape === null || !t.shape.some((d) => typeof d === "string")) {
        return t;
      }
      return tensorOf(
        t.dtype,
        t.shape.map((d) => {
          if (typeof d !== "string") return d;
          if (binds.has(d)) return binds.get(d) ?? null;
          return sigSymbols === null || !sigSymbols.has(d) ? d : null;
        }),
      );
    case "tuple":
      return tupleOf(
        t.elements.map((e) => substituteDims(e, binds, sigSymbols)),
      );
    case "list":
      return listOf(substituteDims(t.element, binds, sigSymbols));
    default:
      return t;
  }
}

/** Adds the symbolic dims that appear in `t` to `out`. */
export function collectSymbols(t: Type | null, out: Set<string>): void {
  if (t === null) return;
  if (t.kind === "tensor") {
    for (const d of t.shape ?? []) if (typeof d === "string") out.add(d);
  } else if (t.kind === "tuple") {
    for (const e of t.elements) collectSymbols(e, out);
  } else if (t.kind === "list") collectSymbols(t.element, out);
}

/**
 * The type a binding gets from an annotation and its value: the annotation,
 * with the parts it leaves unknown (`Tensor`, `_` dims) taken from the value.
 */
export function refineAnnotated(annotated: Type, actual: Type): Type {
  if (annotated.kind === "unknown") return actual;
  if (annotated.kind !== "tensor" || actual.kind !== "tensor") return annotated;
  const shape = annotated.shape === null
    ? actual.shape
    : actual.shape !== null && actual.shape.length === annotated.shape.length
    ? annotated.shape.map((d, i) => (d === null ? actual.shape![i] : d))
    : annotated.shape;
  return tensorOf(annotated.dtype ?? actual.dtype, shape);
}
