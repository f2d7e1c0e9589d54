// Argument conversions shared by the builtin implementations: dl values to
// shapes, ints, floats, dtypes and tensors, with R0012 errors naming the
// builtin when an argument has the wrong kind.

import type { DType } from "../../compiler/core/dtype.ts";
import * as K from "../../kernels/mod.ts";
import {
  DlDType,
  DlFloat,
  DlList,
  DlTuple,
  typeName,
  type Value,
} from "../values.ts";
import { toScalar } from "../tensor_bridge.ts";

/** R0012 `invalid argument to \`fn\`: detail`, thrown for the call to attach its span. */
export function argError(fn: string, detail: string): K.KernelError {
  return new K.KernelError("R0012", [fn, detail]);
}

/** A required argument (binding already checked it; this narrows the type). */
export function req(
  fn: string,
  v: Value | undefined,
  what: string,
): Value {
  if (v === undefined) throw argError(fn, `missing ${what}`);
  return v;
}

/** An int argument. */
export function toInt(fn: string, v: Value | undefined, what: string): number {
  const x = req(fn, v, what);
  if (typeof x !== "number") {
    throw argError(fn, `${what} must be an int, found ${typeName(x)}`);
  }
  return x;
}

/** An optional int argument. */
export function optInt(
  fn: string,
  v: Value | undefined,
  what: string,
): number | undefined {
  return v === undefined ? undefined : toInt(fn, v, what);
}

/** An int or float argument as a JS number. */
export function toNumber(
  fn: string,
  v: Value | undefined,
  what: string,
): number {
  const x = req(fn, v, what);
  if (typeof x === "number") return x;
  if (x instanceof DlFloat) return x.value;
  throw argError(fn, `${what} must be a number, found ${typeName(x)}`);
}

/** A bool argument (default when omitted). */
export function toBool(
  fn: string,
  v: Value | undefined,
  what: string,
  dflt: boolean,
): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== "boolean") {
    throw argError(fn, `${what} must be a bool, found ${typeName(v)}`);
  }
  return v;
}

/** An optional dtype argument. */
export function optDType(fn: string, v: Value | undefined): DType | undefined {
  if (v === undefined) return undefined;
  if (!(v instanceof DlDType)) {
    throw argError(fn, `dtype must be a dtype, found ${typeName(v)}`);
  }
  return v.name;
}

/** A shape: a list (or tuple) of ints, an i32 tensor, or a single int. */
export function toShape(fn: string, v: Value | undefined): number[] {
  const x = req(fn, v, "shape");
  if (typeof x === "number") return [x];
  if (x instanceof DlList || x instanceof DlTuple) {
    return x.items.map((d) => {
      if (typeof d !== "number") {
        throw argError(fn, `shape must hold ints, found ${typeName(d)}`);
      }
      return d;
    });
  }
  if (x instanceof K.Tensor && x.dtype === "i32" && x.shape.length <= 1) {
    return Array.from({ length: x.size }, (_, i) => x.at(i));
  }
  throw argError(fn, `shape must be a list of ints, found ${typeName(x)}`);
}

/** A tensor argument. */
export function toTensor(
  fn: string,
  v: Value | undefined,
  what: string,
): K.Tensor {
  const x = req(fn, v, what);
  if (!(x instanceof K.Tensor)) {
    throw argError(fn, `${what} must be a tensor, found ${typeName(x)}`);
  }
  return x;
}

/** A tensor or scalar operand of an element-wise op. */
export function toOperandArg(
  fn: string,
  v: Value | undefined,
  what: string,
): K.Operand {
  const x = req(fn, v, what);
  if (x instanceof K.Tensor) return x;
  const s = toScalar(x);
  if (s === undefined) {
    throw argError(
      fn,
      `${what} must be a tensor or a number, found ${typeName(x)}`,
    );
  }
  return s;
}

/** A list of tensors (`concat`, `stack`). */
export function toTensorList(fn: string, v: Value | undefined): K.Tensor[] {
  const x = req(fn, v, "tensors");
  if (!(x instanceof DlList || x instanceof DlTuple)) {
    throw argError(fn, `expected a list of tensors, found ${typeName(x)}`);
  }
  return x.items.map((t) => toTensor(fn, t, "each element"));
}
