// grad, value_and_grad, param and params (spec §6–7): maps dl values to
// traced leaves — a float as a 0-d f64 tensor, a tensor as a view, a model
// by swapping its parameters for traced views while `f` runs — and the
// gradients back to a float, a tensor, or a model-shaped gradient.

import * as AD from "../../kernels/autodiff/mod.ts";
import * as K from "../../kernels/mod.ts";
import {
  type BuiltinContext,
  type BuiltinImpl,
  DlBuiltin,
  type DlField,
  DlFloat,
  DlList,
  DlModel,
  DlTuple,
  typeName,
  type Value,
} from "../values.ts";
import { argError, req } from "./convert.ts";
import { paramFields } from "./model_walk.ts";

function scalarTensor(v: number): K.Tensor {
  const t = K.zeros([], "f64");
  t.data[0] = v;
  return t;
}

function outputTensor(v: Value): K.Tensor | null {
  if (v instanceof K.Tensor) return v;
  if (typeof v === "number" || v instanceof DlFloat) return null;
  throw argError(
    "grad",
    `the function must return a scalar, found ${typeName(v)}`,
  );
}

/** A model-shaped gradient: sub-models and parameters by the same field names. */
function gradModel(
  m: DlModel,
  grads: ReadonlyMap<DlField, K.Tensor>,
): DlModel {
  const g = new DlModel(m.name);
  for (const [name, f] of m.fields) {
    if (f.value instanceof DlModel) {
      const sub = gradModel(f.value, grads);
      if (sub.fields.size > 0) {
        g.fields.set(name, { value: sub, mutable: false, param: false });
      }
    } else {
      const t = grads.get(f);
      if (t !== undefined) {
        g.fields.set(name, { value: t, mutable: false, param: true });
      }
    }
  }
  return g;
}

/** Runs `f(x, ...rest)` traced; returns its value and the gradient for `x`. */
export function valueAndGrad(
  ctx: BuiltinContext,
  f: Value,
  x: Value,
  rest: readonly Value[],
): [Value, Value] {
  if (x instanceof DlModel) return modelGrad(ctx, f, x, rest);
  let input: K.Tensor;
  const isScalar = typeof x === "number" || x instanceof DlFloat;
  if (isScalar) input = scalarTensor(typeof x === "number" ? x : x.value);
  else if (x instanceof K.Tensor) input = x;
  else {
    throw argError(
      "grad",
      `cannot differentiate with respect to ${typeName(x)}`,
    );
  }
  const r = AD.traceGrad(
    [input],
    ([l]) => ctx.call(f, [l, ...rest]),
    outputTensor,
  );
  const g = r.grads[0];
  if (isScalar && AD.nodeOf(g) === undefined) {
    return [r.result, new DlFloat(g.data[g.offset])];
  }
  return [r.result, g];
}

function modelGrad(
  ctx: BuiltinContext,
  f: Value,
  net: DlModel,
  rest: readonly Value[],
): [Value, Value] {
  const fields = paramFields(net).map(([, fl]) => fl);
  const saved = fields.map((fl) => fl.value);
  try {
    const r = AD.traceGrad(saved as K.Tensor[], (leaves) => {
      leaves.forEach((l, i) => fields[i].value = l);
      return ctx.call(f, [net, ...rest]);
    }, outputTensor);
    const map = new Map<DlField, K.Tensor>();
    fields.forEach((fl, i) => map.set(fl, r.grads[i]));
    return [r.result, gradModel(net, map)];
  } finally {
    fields.forEach((fl, i) => fl.value = saved[i]);
  }
}

function gradFn(name: string, both: boolean, f: Value): DlBuiltin {
  return new DlBuiltin(
    name,
    [{ name: "x" }, { name: "args", variadic: true }],
    (args, ctx) => {
      const [x, ...rest] = args as Value[];
      const [v, g] = valueAndGrad(ctx, f, req(name, x, "x"), rest);
      return both ? new DlTuple([v, g]) : g;
    },
  );
}

/** Implementations of grad, value_and_grad, param and params. */
export const AUTODIFF_BUILTINS: Record<string, BuiltinImpl> = {
  grad: ([f]) => gradFn("grad", false, req("grad", f, "f")),
  value_and_grad: ([f]) =>
    gradFn("value_and_grad", true, req("value_and_grad", f, "f")),
  param: ([t]) => {
    const v = req("param", t, "t");
    if (!(v instanceof K.Tensor)) {
      throw argError("param", `expected a tensor, found ${typeName(v)}`);
    }
    return v;
  },
  params: ([m]) => {
    const v = req("params", m, "model");
    if (!(v instanceof DlModel)) {
      throw argError("params", `expected a model, found ${typeName(v)}`);
    }
    return new DlList(
      paramFields(v).map(([n, fl]) => new DlTuple([n, fl.value])),
    );
  },
};
