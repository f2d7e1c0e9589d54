// Type rules of the tensor-creation builtins (spec §8): the shape comes from
// a literal (or `x.shape`) shape argument, the dtype from `dtype:` (default
// f32; i32 for `arange`/`randint` with ints).

import type { DType } from "../core/dtype.ts";
import type { Dim } from "../core/shape.ts";
import {
  type BuiltinCall,
  type BuiltinRule,
  dtypeArg,
  expectArg,
  isShapeLike,
  shapeOf,
} from "./builtin_helpers.ts";
import { intLiteral } from "./indexing.ts";
import { isNumeric, isUnknown, tensorOf, type Type } from "./types.ts";

const SHAPE = "a shape (a list of ints)";

/** `zeros(shape, dtype:)` and friends. */
function filled(dflt: DType): BuiltinRule {
  return (c) => {
    const shape = c.arg("shape");
    expectArg(c, shape, isShapeLike, SHAPE);
    const d = dtypeArg(c);
    return tensorOf(d === undefined ? dflt : d, shapeOf(shape));
  };
}

function numberArg(c: BuiltinCall, name: string): Type | undefined {
  const a = c.arg(name);
  expectArg(c, a, isNumeric, "a number");
  return a?.type;
}

function literalNumber(c: BuiltinCall, name: string): number | undefined {
  const a = c.arg(name);
  if (a === undefined) return undefined;
  if (a.expr.kind === "FloatLit") return a.expr.value;
  return intLiteral(a.expr);
}

function lengthArg(c: BuiltinCall, name: string): Dim {
  const v = literalNumber(c, name);
  return v !== undefined && Number.isInteger(v) && v >= 0 ? v : null;
}

function arange(c: BuiltinCall): Type {
  const types = ["start", "stop", "step"].map((n) => numberArg(c, n));
  const d = dtypeArg(c);
  const given = types.filter((t): t is Type => t !== undefined);
  const dtype: DType | null = d !== undefined
    ? d
    : given.some((t) => t.kind === "float")
    ? "f32"
    : given.some((t) => isUnknown(t))
    ? null
    : "i32";
  let len: Dim = null;
  const [a, b, s] = ["start", "stop", "step"].map((n) => literalNumber(c, n));
  if (types[1] === undefined) len = lengthArg(c, "start");
  else if (a !== undefined && b !== undefined) {
    const step = types[2] === undefined ? 1 : s;
    if (step !== undefined && step !== 0) {
      len = Math.max(0, Math.ceil((b - a) / step));
    }
  }
  return tensorOf(dtype, [len]);
}

/** Rules of the creation builtins. */
export const CREATION_RULES: Readonly<Record<string, BuiltinRule>> = {
  zeros: filled("f32"),
  ones: filled("f32"),
  rand: filled("f32"),
  randn: filled("f32"),
  full: (c) => {
    numberArg(c, "value");
    return filled("f32")(c);
  },
  arange,
  linspace: (c) => {
    numberArg(c, "start");
    numberArg(c, "stop");
    const d = dtypeArg(c);
    return tensorOf(d === undefined ? "f32" : d, [lengthArg(c, "num")]);
  },
  eye: (c) => {
    const n = lengthArg(c, "n");
    const d = dtypeArg(c);
    return tensorOf(d === undefined ? "f32" : d, [n, n]);
  },
  randint: (c) => {
    numberArg(c, "low");
    numberArg(c, "high");
    const shape = c.arg("shape");
    expectArg(c, shape, isShapeLike, SHAPE);
    const d = dtypeArg(c);
    return tensorOf(d === undefined ? "i32" : d, shapeOf(shape));
  },
  tensor: (c) => {
    const data = c.arg("data");
    const d = dtypeArg(c);
    if (data?.type.kind === "tensor") {
      return tensorOf(d === undefined ? data.type.dtype : d, data.type.shape);
    }
    return tensorOf(d ?? null, null);
  },
};
