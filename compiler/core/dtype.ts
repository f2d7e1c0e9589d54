// Tensor element types and their promotion rules (spec §2). Shared by the
// checker (static dtypes) and the kernels (storage).

/** Element types of tensors. `i8` appears only through quantization. */
export type DType = "f32" | "f64" | "i32" | "bool" | "i8";

/** All dtype names a user may write. */
export const DTYPES: readonly DType[] = ["f32", "f64", "i32", "bool", "i8"];

/** True for `f32` and `f64`. */
export function isFloatDType(d: DType): boolean {
  return d === "f32" || d === "f64";
}

/** True if `name` is a dtype name. */
export function isDType(name: string): name is DType {
  return (DTYPES as readonly string[]).includes(name);
}

const RANK: Record<DType, number> = { bool: 0, i8: 1, i32: 2, f32: 3, f64: 4 };

/** Result dtype of a binary arithmetic op on two tensors (numpy-like, with `i32 ∘ f32 = f32`). */
export function promoteDTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Result dtype of a tensor combined with a scalar: the tensor's dtype, except
 * that an integer or bool tensor with a float scalar becomes `f32`.
 */
export function promoteWithScalar(t: DType, scalarIsFloat: boolean): DType {
  if (scalarIsFloat && !isFloatDType(t)) return "f32";
  if (t === "bool") return "i32";
  return t;
}
