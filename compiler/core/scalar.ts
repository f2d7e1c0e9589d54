// Scalar values as the op table sees them: a tagged int, float or bool. The
// kernels take and return these where the language has plain numbers (tensor
// operands, indexing results, item()); engines convert to their own boxes.

/** A language scalar: `int` (i32 range), `float` (binary64) or `bool`. */
export type Scalar =
  | { readonly kind: "int"; readonly value: number }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "bool"; readonly value: boolean };

/** An `int` scalar. */
export function intScalar(value: number): Scalar {
  return { kind: "int", value };
}

/** A `float` scalar. */
export function floatScalar(value: number): Scalar {
  return { kind: "float", value };
}

/** A `bool` scalar. */
export function boolScalar(value: boolean): Scalar {
  return { kind: "bool", value };
}

/** The numeric value of a scalar (bools as 0/1). */
export function scalarNumber(s: Scalar): number {
  return s.kind === "bool" ? (s.value ? 1 : 0) : s.value;
}
