// The layer builtins (spec §8) as native models with PyTorch's parameter
// names, layouts and default initialisation: Linear, Conv2d, MaxPool2d,
// Sequential, Embedding, LayerNorm, Dropout, BatchNorm; train/eval.

import { gather } from "../../kernels/autodiff/extra_ops.ts";
import { conv2d, maxPool2d } from "../../kernels/nn/conv.ts";
import { fanInBound, uniformInit } from "../../kernels/nn/init.ts";
import * as K from "../../kernels/mod.ts";
import { type BuiltinImpl, DlModel, UNIT, type Value } from "../values.ts";
import { argError, req, toBool, toInt, toNumber, toTensor } from "./convert.ts";
import {
  fieldTensor,
  isTraining,
  nativeModel,
  setTraining,
} from "./model_walk.ts";

const f = (value: number): K.Scalar => ({ kind: "float", value });
const positive = (fn: string, v: Value | undefined, what: string) => {
  const n = toInt(fn, v, what);
  if (n < 1) throw argError(fn, `${what} must be positive, found ${n}`);
  return n;
};

function linear(inp: number, out: number, bias: boolean): DlModel {
  const b = fanInBound(inp);
  const fields = [{
    name: "weight",
    value: uniformInit([out, inp], b),
    param: true,
  }];
  if (bias) {
    fields.push({ name: "bias", value: uniformInit([out], b), param: true });
  }
  const m: DlModel = nativeModel("Linear", fields, {
    forward: ([x]) => {
      const y = K.matmul(
        toTensor("Linear", x, "x"),
        K.transposeLast2(fieldTensor(m, "weight")),
      );
      return bias ? K.binary("add", y, fieldTensor(m, "bias")) : y;
    },
  });
  return m;
}

function layerNorm(dim: number): DlModel {
  const m: DlModel = nativeModel("LayerNorm", [
    { name: "weight", value: K.ones([dim]), param: true },
    { name: "bias", value: K.zeros([dim]), param: true },
  ], {
    forward: ([x]) => {
      const t = toTensor("LayerNorm", x, "x");
      const mean = K.reduce("mean", t, { axis: -1, keepdims: true });
      const c = K.binary("sub", t, mean);
      const v = K.reduce("mean", K.binary("mul", c, c), {
        axis: -1,
        keepdims: true,
      });
      const n = K.binary(
        "div",
        c,
        K.unary("sqrt", K.binary("add", v, f(1e-5))),
      );
      return K.binary(
        "add",
        K.binary("mul", n, fieldTensor(m, "weight")),
        fieldTensor(m, "bias"),
      );
    },
  });
  return m;
}

/** Mean over every axis but 1 (keepdims), for BatchNorm. */
function channelMean(x: K.Tensor): K.Tensor {
  let r = x;
  for (let a = 0; a < x.ndim; a++) {
    if (a !== 1) r = K.reduce("mean", r, { axis: a, keepdims: true });
  }
  return r;
}

function batchNorm(n: number): DlModel {
  const m: DlModel = nativeModel("BatchNorm", [
    { name: "weight", value: K.ones([n]), param: true },
    { name: "bias", value: K.zeros([n]), param: true },
    { name: "running_mean", value: K.zeros([n]), buffer: true },
    { name: "running_var", value: K.ones([n]), buffer: true },
  ], {
    forward: ([x]) => {
      const t = toTensor("BatchNorm", x, "x");
      if (t.ndim < 2 || t.shape[1] !== n) {
        throw argError(
          "BatchNorm",
          `expected ${n} channels in axis 1, found [${t.shape}]`,
        );
      }
      const shape = t.shape.map((d, i) => (i === 1 ? d : 1));
      let mean: K.Tensor, vr: K.Tensor;
      if (isTraining(m)) {
        mean = channelMean(t);
        const c = K.binary("sub", t, mean);
        vr = channelMean(K.binary("mul", c, c));
        const count = t.size / n;
        const unbiased = K.binary("mul", vr, f(count / Math.max(1, count - 1)));
        updateRunning(m, "running_mean", K.reshape(mean, [n]));
        updateRunning(m, "running_var", K.reshape(unbiased, [n]));
      } else {
        mean = K.reshape(fieldTensor(m, "running_mean"), shape);
        vr = K.reshape(fieldTensor(m, "running_var"), shape);
      }
      const norm = K.binary(
        "div",
        K.binary("sub", t, mean),
        K.unary("sqrt", K.binary("add", vr, f(1e-5))),
      );
      const w = K.reshape(fieldTensor(m, "weight"), shape);
      return K.binary(
        "add",
        K.binary("mul", norm, w),
        K.reshape(fieldTensor(m, "bias"), shape),
      );
    },
  });
  return m;
}

function updateRunning(m: DlModel, name: string, batch: K.Tensor): void {
  const old = fieldTensor(m, name);
  const k = K.astype(batch.copy(), old.dtype);
  const next = K.binary(
    "add",
    K.binary("mul", old, f(0.9)),
    K.binary("mul", k, f(0.1)),
  );
  m.fields.get(name)!.value = next.copy();
}

/** Implementations of the layer builtins and train/eval. */
export const LAYER_BUILTINS: Record<string, BuiltinImpl> = {
  Linear: ([i, o, b]) =>
    linear(
      positive("Linear", i, "inp"),
      positive("Linear", o, "out"),
      toBool("Linear", b, "bias", true),
    ),
  Conv2d: ([i, o, k, s, p]) => {
    const inp = positive("Conv2d", i, "inp"),
      out = positive("Conv2d", o, "out");
    const kk = positive("Conv2d", k, "kernel");
    const stride = s === undefined ? 1 : positive("Conv2d", s, "stride");
    const padding = p === undefined ? 0 : toInt("Conv2d", p, "padding");
    const bound = fanInBound(inp * kk * kk);
    const m: DlModel = nativeModel("Conv2d", [
      {
        name: "weight",
        value: uniformInit([out, inp, kk, kk], bound),
        param: true,
      },
      { name: "bias", value: uniformInit([out], bound), param: true },
    ], {
      forward: ([x]) =>
        conv2d(
          toTensor("Conv2d", x, "x"),
          fieldTensor(m, "weight"),
          fieldTensor(m, "bias"),
          { stride, padding },
        ),
    });
    return m;
  },
  MaxPool2d: ([k]) => {
    const kk = positive("MaxPool2d", k, "kernel");
    return nativeModel("MaxPool2d", [], {
      forward: ([x]) => maxPool2d(toTensor("MaxPool2d", x, "x"), kk),
    });
  },
  Sequential: (args) => {
    const layers = (args as Value[]).filter((v) => v !== undefined);
    return nativeModel(
      "Sequential",
      layers.map((v, i) => ({ name: String(i), value: v })),
      {
        forward: ([x], ctx) =>
          layers.reduce((h, l) => ctx.call(l, [h]), req("Sequential", x, "x")),
      },
    );
  },
  Embedding: ([n, d]) => {
    const num = positive("Embedding", n, "n"),
      dim = positive("Embedding", d, "dim");
    const m: DlModel = nativeModel("Embedding", [
      { name: "weight", value: K.randn([num, dim]), param: true },
    ], {
      forward: ([x]) =>
        gather(fieldTensor(m, "weight"), toTensor("Embedding", x, "x")),
    });
    return m;
  },
  LayerNorm: ([d]) => layerNorm(positive("LayerNorm", d, "dim")),
  BatchNorm: ([n]) => batchNorm(positive("BatchNorm", n, "n")),
  Dropout: ([p]) => {
    const prob = toNumber("Dropout", p, "p");
    if (!(prob >= 0 && prob < 1)) {
      throw argError("Dropout", `p must be in [0, 1), found ${prob}`);
    }
    const m: DlModel = nativeModel("Dropout", [], {
      forward: ([x]) => {
        const t = toTensor("Dropout", x, "x");
        if (!isTraining(m) || prob === 0) return t;
        const keep = K.binary("ge", K.rand(t.shape), f(prob));
        return K.binary("mul", K.binary("mul", t, keep), f(1 / (1 - prob)));
      },
    });
    return m;
  },
  train: ([m]) => mode(m, true),
  eval: ([m]) => mode(m, false),
};

function mode(m: Value | undefined, on: boolean): Value {
  const v = req(on ? "train" : "eval", m, "model");
  if (!(v instanceof DlModel)) {
    throw argError(on ? "train" : "eval", "expected a model");
  }
  setTraining(v, on);
  return UNIT;
}
