// Element-wise, reduction and network builtins (spec §8). Element-wise ops
// come straight from the op table: a builtin named like a unary/binary/
// ternary op applies it to a tensor through kernels/, or to scalars through
// the op's own scalar evaluator (so `abs(-3)` is 3 and `exp(1.0)` a float).

import { isBuiltin } from "../../compiler/core/builtins.ts";
import {
  OP_NAMES,
  opDef,
  type OpName,
  type ReduceOpName,
} from "../../compiler/core/ops.ts";
import * as K from "../../kernels/mod.ts";
import { fromScalar, toScalar } from "../tensor_bridge.ts";
import { applyScalar } from "../../compiler/core/scalar_eval.ts";
import { type BuiltinImpl, DlFloat, typeName, type Value } from "../values.ts";
import {
  argError,
  optInt,
  req,
  toBool,
  toInt,
  toOperandArg,
  toTensor,
} from "./convert.ts";

/** Applies op `name` to scalars with the language's scalar semantics. */
function scalarOp(name: OpName, args: readonly Value[]): Value {
  const scalars = args.map((a, i) => {
    const s = toScalar(a);
    if (s === undefined) {
      throw argError(name, `expected numbers, found ${typeName(args[i])}`);
    }
    return s;
  });
  return fromScalar(applyScalar(name, scalars));
}

/** An element-wise op over tensors and/or scalars. */
function elementwise(name: OpName): BuiltinImpl {
  const def = opDef(name);
  return (args) => {
    const vals = args.slice(0, def.arity).map((a, i) =>
      req(name, a, `argument ${i + 1}`)
    );
    if (!vals.some((v) => v instanceof K.Tensor)) return scalarOp(name, vals);
    const ops = vals.map((v, i) => toOperandArg(name, v, `argument ${i + 1}`));
    if (def.kind === "unary") return K.unary(name as never, ops[0] as K.Tensor);
    if (def.kind === "binary") return K.binary(name as never, ops[0], ops[1]);
    return K.ternary(name as never, ops[0], ops[1], ops[2]);
  };
}

function reduction(name: ReduceOpName): BuiltinImpl {
  return ([x, axis, keepdims, ddof]) =>
    K.reduce(name, toTensor(name, x, "x"), {
      axis: optInt(name, axis, "axis"),
      keepdims: toBool(name, keepdims, "keepdims", false),
      ddof: optInt(name, ddof, "ddof"),
    });
}

/** `max(x, axis:)` reduces; `max(a, b)` is the element-wise maximum. */
function maxMin(name: "max" | "min"): BuiltinImpl {
  const pair = name === "max" ? "maximum" : "minimum";
  const reduce = reduction(name);
  const pairwise = elementwise(pair);
  return (args, ctx) => {
    const [x, y, axis, keepdims] = args;
    if (y === undefined) return reduce([x, axis, keepdims], ctx);
    if (axis !== undefined || keepdims !== undefined) {
      throw argError(name, "`axis` and `keepdims` need a single tensor");
    }
    return pairwise([x, y], ctx);
  };
}

function buildTable(): Record<string, BuiltinImpl> {
  const table: Record<string, BuiltinImpl> = {};
  for (const name of OP_NAMES) {
    if (!isBuiltin(name)) continue;
    const kind = opDef(name).kind;
    if (kind === "unary" || kind === "binary" || kind === "ternary") {
      table[name] = elementwise(name);
    } else if (kind === "reduce") {
      table[name] = reduction(name as ReduceOpName);
    }
  }
  table.max = maxMin("max");
  table.min = maxMin("min");
  return table;
}

/** Implementations of the element-wise, reduction and network builtins. */
export const TENSOR_MATH_BUILTINS: Record<string, BuiltinImpl> = {
  ...buildTable(),
  softmax: ([x, a]) =>
    K.softmax(toTensor("softmax", x, "x"), optInt("softmax", a, "axis")),
  log_softmax: ([x, a]) =>
    K.logSoftmax(
      toTensor("log_softmax", x, "x"),
      optInt("log_softmax", a, "axis"),
    ),
  cross_entropy: ([l, y]) =>
    K.crossEntropy(
      toTensor("cross_entropy", l, "logits"),
      toTensor("cross_entropy", y, "labels"),
    ),
  mse: ([p, t]) =>
    K.mse(toTensor("mse", p, "pred"), toTensor("mse", t, "target")),
  accuracy: ([l, y]) =>
    new DlFloat(
      K.accuracy(
        toTensor("accuracy", l, "logits"),
        toTensor("accuracy", y, "labels"),
      ),
    ),
  one_hot: ([y, n]) =>
    K.oneHot(toTensor("one_hot", y, "labels"), toInt("one_hot", n, "n")),
};
