// Dtype conversion (astype) and the value conversion rules it shares with
// index assignment: to bool is `!= 0`; float to int truncates toward zero,
// and nan, inf or a value outside the int range is an R0009 error (numpy
// would give garbage); everything else converts exactly or rounds to f32.

import type { DType } from "../compiler/core/dtype.ts";
import { isFloatDType } from "../compiler/core/dtype.ts";
import { formatFloat } from "../compiler/core/numfmt.ts";
import { KernelError } from "./errors.ts";
import { JIT } from "./jit/config.ts";
import { isSafeCast, lazyCast } from "./jit/lazy.ts";
import {
  allocData,
  copyInto,
  scratchF64,
  Tensor,
  type TensorData,
} from "./tensor.ts";

const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  i32: [-2147483648, 2147483647],
  i8: [-128, 127],
};

/**
 * Writes `n` values from `src` (read as plain numbers) into `dst` as `dtype`,
 * applying the conversion rules above. `srcIsFloat` says whether `src` holds
 * floats (which need truncation and range checks for int targets).
 */
export function convertValues(
  src: ArrayLike<number>,
  dst: TensorData,
  dtype: DType,
  srcIsFloat: boolean,
): void {
  const n = src.length;
  if (dtype === "bool") {
    for (let i = 0; i < n; i++) dst[i] = src[i] !== 0 ? 1 : 0;
    return;
  }
  const range = INT_RANGE[dtype];
  if (range === undefined || (!srcIsFloat && dtype === "i32")) {
    for (let i = 0; i < n; i++) dst[i] = src[i];
    return;
  }
  const [lo, hi] = range;
  for (let i = 0; i < n; i++) {
    const v = Math.trunc(src[i]) + 0;
    if (!(v >= lo && v <= hi)) {
      throw new KernelError("R0009", [
        srcIsFloat ? formatFloat(src[i]) : String(src[i]),
        dtype,
      ]);
    }
    dst[i] = v;
  }
}

/**
 * A contiguous copy of `x` with elements converted to `dtype` (pending when
 * the JIT is on and the conversion cannot fail).
 */
export function astype(x: Tensor, dtype: DType): Tensor {
  const n = x.size;
  const worth = n >= JIT.minSize || (n > 0 && x.isPending);
  if (JIT.enabled && worth && isSafeCast(x.dtype, dtype)) {
    return lazyCast(x, dtype);
  }
  if (x.dtype === dtype) return x.copy();
  const vals = scratchF64(n);
  copyInto(x, vals, 0);
  const out = allocData(dtype, n);
  convertValues(vals, out, dtype, isFloatDType(x.dtype));
  return Tensor.fromData(dtype, x.shape, out);
}

/** `x` itself when it already has `dtype`, else a converted copy. */
export function asDType(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype ? x : astype(x, dtype);
}
