// Tensor builtins that build or reshape: zeros … tensor (spec §8 creation)
// and reshape … item (shape). Thin: they convert arguments and call kernels/.

import * as K from "../../kernels/mod.ts";
import { fromScalar, toScalar } from "../tensor_bridge.ts";
import {
  type BuiltinImpl,
  DlList,
  DlTuple,
  typeName,
  type Value,
} from "../values.ts";
import {
  argError,
  optDType,
  optInt,
  req,
  toInt,
  toNumber,
  toShape,
  toTensor,
  toTensorList,
} from "./convert.ts";

function scalarArg(fn: string, v: Value | undefined, what: string): K.Scalar {
  const s = toScalar(req(fn, v, what));
  if (s === undefined) {
    throw argError(fn, `${what} must be a number, found ${typeName(v!)}`);
  }
  return s;
}

/** A nested list of scalars as kernels' Nested (ints stay ints, floats floats). */
function toNested(fn: string, v: Value): K.Nested {
  if (v instanceof DlList || v instanceof DlTuple) {
    return v.items.map((x) => toNested(fn, x));
  }
  const s = toScalar(v);
  if (s === undefined) {
    throw argError(fn, `cannot make a tensor from ${typeName(v)}`);
  }
  return s;
}

/** Implementations of the creation and shape builtins, by name. */
export const TENSOR_CREATE_BUILTINS: Record<string, BuiltinImpl> = {
  zeros: ([s, d]) => K.zeros(toShape("zeros", s), optDType("zeros", d)),
  ones: ([s, d]) => K.ones(toShape("ones", s), optDType("ones", d)),
  full: ([s, v, d]) =>
    K.full(
      toShape("full", s),
      scalarArg("full", v, "value"),
      optDType("full", d),
    ),
  arange: ([a, b, step, d]) =>
    K.arange(
      scalarArg("arange", a, "start"),
      b === undefined ? undefined : scalarArg("arange", b, "stop"),
      step === undefined ? undefined : scalarArg("arange", step, "step"),
      optDType("arange", d),
    ),
  linspace: ([a, b, n, d]) =>
    K.linspace(
      toNumber("linspace", a, "start"),
      toNumber("linspace", b, "stop"),
      toInt("linspace", n, "num"),
      optDType("linspace", d),
    ),
  eye: ([n, d]) => K.eye(toInt("eye", n, "n"), optDType("eye", d)),
  rand: ([s, d]) => K.rand(toShape("rand", s), optDType("rand", d)),
  randn: ([s, d]) => K.randn(toShape("randn", s), optDType("randn", d)),
  randint: ([lo, hi, s, d]) =>
    K.randint(
      toInt("randint", lo, "low"),
      toInt("randint", hi, "high"),
      toShape("randint", s),
      optDType("randint", d),
    ),
  tensor: ([data, d]) => {
    const v = req("tensor", data, "data");
    const dtype = optDType("tensor", d);
    const items = v instanceof DlList ? v.items : [];
    const t = v instanceof K.Tensor
      ? v.copy()
      : items.length > 0 && items.every((x) => x instanceof K.Tensor)
      ? K.stack(items as K.Tensor[])
      : undefined;
    if (t !== undefined) return dtype === undefined ? t : K.astype(t, dtype);
    return K.tensor(toNested("tensor", v), dtype);
  },
  reshape: ([x, s]) =>
    K.reshape(toTensor("reshape", x, "x"), toShape("reshape", s)),
  transpose: ([x, p]) =>
    K.transpose(
      toTensor("transpose", x, "x"),
      p === undefined ? undefined : toShape("transpose", p),
    ),
  flatten: ([x, s]) =>
    K.flatten(toTensor("flatten", x, "x"), optInt("flatten", s, "start")),
  squeeze: ([x, a]) =>
    K.squeeze(toTensor("squeeze", x, "x"), optInt("squeeze", a, "axis")),
  unsqueeze: ([x, a]) =>
    K.unsqueeze(
      toTensor("unsqueeze", x, "x"),
      toInt("unsqueeze", a, "axis"),
    ),
  concat: ([xs, a]) =>
    K.concat(toTensorList("concat", xs), optInt("concat", a, "axis")),
  stack: ([xs, a]) =>
    K.stack(toTensorList("stack", xs), optInt("stack", a, "axis")),
  astype: ([x, d]) => {
    const dtype = optDType("astype", req("astype", d, "dtype"));
    return K.astype(toTensor("astype", x, "x"), dtype!);
  },
  item: ([x]) => fromScalar(K.item(toTensor("item", x, "x"))),
};
