// Type rules of the element-wise, reduction and network builtins (spec §8).
// Element-wise builtins and reductions are derived from the op table, so
// every op named like a builtin gets a rule.

import { isBuiltin } from "../core/builtins.ts";
import type { ArgInfo } from "./args.ts";
import {
  OP_NAMES,
  opDef,
  opDTypes,
  type OpName,
  type ReduceOpName,
} from "../core/ops.ts";
import { type Dim, reduceShape } from "../core/shape.ts";
import {
  boolArg,
  type BuiltinCall,
  type BuiltinRule,
  elementwiseType,
  expectArg,
  IS_INT,
  tensorArg,
} from "./builtin_helpers.ts";
import { axisArg, xTensor } from "./builtin_shape.ts";
import { intLiteral } from "./indexing.ts";
import { joinTypes } from "./relations.ts";
import {
  FLOAT,
  isNumeric,
  tensorOf,
  type TensorType,
  type Type,
  UNKNOWN,
} from "./types.ts";

/** An element-wise op: its operands are the builtin's parameters, in order. */
function elementwise(op: OpName): BuiltinRule {
  const arity = opDef(op).arity;
  return (c) => {
    const args: ArgInfo[] = [];
    for (let i = 0; i < arity && i < c.slots.length; i++) {
      const a = c.slots[i];
      if (a !== undefined) args.push(a);
    }
    return elementwiseType(c, op, args);
  };
}

const TENSOR_OR_LIST = (t: Type): boolean =>
  t.kind === "tensor" || t.kind === "list";

/** The shape of reducing `x` by the call's `axis:`/`keepdims:`. */
function reducedShape(c: BuiltinCall, x: TensorType): Dim[] | null {
  if (x.shape === null) return null;
  const keep = boolArg(c.arg("keepdims"), false);
  const axisA = c.arg("axis");
  const ax = axisArg(c, axisA, x.shape.length);
  if (ax === null) {
    if (keep === null) return null;
    return keep ? x.shape.map(() => null) : x.shape.slice(1).map(() => null);
  }
  if (keep === null) return null;
  const r = reduceShape(x.shape, ax, keep);
  return r.ok ? r.shape : null;
}

function reduction(op: ReduceOpName): BuiltinRule {
  return (c) => {
    const a = c.arg("x");
    expectArg(c, a, TENSOR_OR_LIST, "a tensor");
    const x = tensorArg(a);
    if (x === null) return UNKNOWN;
    const dtype = x.dtype === null ? null : opDTypes(op, [x.dtype]).result;
    return tensorOf(dtype, reducedShape(c, x));
  };
}

/** `max(x)` reduces a tensor; `max(a, b)` is element-wise (spec §8). */
function maxMin(op: "max" | "min"): BuiltinRule {
  const pair = op === "max" ? "maximum" : "minimum";
  const reduce = reduction(op);
  return (c) => {
    const x = c.arg("x"), y = c.arg("y");
    if (y === undefined) return reduce(c);
    if (x !== undefined && isNumeric(x.type) && isNumeric(y.type)) {
      return joinTypes(x.type, y.type) ?? FLOAT;
    }
    return elementwiseType(c, pair, [x, y].filter((a) => a !== undefined));
  };
}

function softmaxLike(c: BuiltinCall): Type {
  const x = xTensor(c);
  if (x === null) return UNKNOWN;
  if (x.shape !== null) axisArg(c, c.arg("axis"), x.shape.length);
  return tensorOf(
    x.dtype === null ? null : opDTypes("exp", [x.dtype]).result,
    x.shape,
  );
}

function lossRule(first: string): BuiltinRule {
  return (c) => {
    const x = xTensor(c, first);
    const d = x?.dtype ?? null;
    return tensorOf(d === null ? null : opDTypes("mean", [d]).result, []);
  };
}

function buildTable(): Record<string, BuiltinRule> {
  const table: Record<string, BuiltinRule> = {};
  for (const name of OP_NAMES) {
    if (!isBuiltin(name)) continue;
    const kind = opDef(name).kind;
    if (kind === "reduce") table[name] = reduction(name as ReduceOpName);
    else if (kind !== "matmul") table[name] = elementwise(name);
  }
  table.max = maxMin("max");
  table.min = maxMin("min");
  return table;
}

/** Rules of element-wise, reduction and network builtins. */
export const MATH_RULES: Readonly<Record<string, BuiltinRule>> = {
  ...buildTable(),
  softmax: softmaxLike,
  log_softmax: softmaxLike,
  cross_entropy: lossRule("logits"),
  mse: lossRule("pred"),
  accuracy: (c) => {
    xTensor(c, "logits");
    return FLOAT;
  },
  one_hot: (c) => {
    const labels = xTensor(c, "labels");
    const n = c.arg("n");
    expectArg(c, n, IS_INT, "an int");
    const v = intLiteral(n?.expr);
    if (labels === null || labels.shape === null) return tensorOf(null, null);
    return tensorOf(null, [...labels.shape, v ?? null]);
  },
};
