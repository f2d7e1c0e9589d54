// Optimizer builtins (spec §8): SGD, Adam, AdamW, RMSprop as native models
// with a `var lr` field and a `step(g)` method applying a gradient (from
// `grad`) to the network in place; clip_grad_norm.

import * as K from "../../kernels/mod.ts";
import {
  applyUpdate,
  newState,
  type OptimConfig,
  type ParamState,
} from "../../kernels/nn/optim.ts";
import {
  type BuiltinImpl,
  type DlField,
  DlFloat,
  DlModel,
  UNIT,
  type Value,
} from "../values.ts";
import { argError, req, toNumber } from "./convert.ts";
import { nativeModel, paramFields } from "./model_walk.ts";

const num = (fn: string, v: Value | undefined, what: string, d: number) =>
  v === undefined ? d : toNumber(fn, v, what);

function modelArg(fn: string, v: Value | undefined, what: string): DlModel {
  const m = req(fn, v, what);
  if (!(m instanceof DlModel)) {
    throw argError(fn, `${what} must be a model`);
  }
  return m;
}

function optimizer(name: string, net: DlModel, cfg: OptimConfig): DlModel {
  const states = new Map<string, ParamState>();
  const opt: DlModel = nativeModel(name, [
    { name: "lr", value: new DlFloat(cfg.lr), mutable: true },
  ], {
    step: ([g]) => {
      const gs = paramFields(modelArg(`${name}.step`, g, "g"));
      let byName: Map<string, DlField> | null = null;
      const lr = opt.fields.get("lr")!.value;
      cfg.lr = toNumber(`${name}.step`, lr, "lr");
      const ps = paramFields(net);
      for (let i = 0; i < ps.length; i++) {
        const [pname, field] = ps[i];
        // A gradient from `grad` lists the same names in the same order.
        let gf = i < gs.length && gs[i][0] === pname ? gs[i][1] : undefined;
        if (gf === undefined) gf = (byName ??= new Map(gs)).get(pname);
        if (gf === undefined) continue;
        const p = field.value as K.Tensor, gt = gf.value as K.Tensor;
        if (p.size !== gt.size) {
          throw argError(
            `${name}.step`,
            `gradient of ${pname} has the wrong shape`,
          );
        }
        let s = states.get(pname);
        if (s === undefined) states.set(pname, s = newState());
        applyUpdate(cfg, p, gt, s);
      }
      return UNIT;
    },
  });
  return opt;
}

function config(
  kind: OptimConfig["kind"],
  over: Partial<OptimConfig>,
): OptimConfig {
  return {
    kind,
    lr: 0.001,
    momentum: 0,
    weightDecay: 0,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    alpha: 0.99,
    ...over,
  };
}

/** Returns a copy of gradient `g` scaled so its global L2 norm is at most `max`. */
function clipGradNorm(g: DlModel, max: number): DlModel {
  const fields = paramFields(g);
  let total = 0;
  for (const [, f] of fields) {
    const t = f.value as K.Tensor;
    for (let i = 0; i < t.size; i++) total += t.at(i) ** 2;
  }
  return clipGradNorm1(g, Math.min(1, max / (Math.sqrt(total) + 1e-6)));
}

function clipGradNorm1(g: DlModel, coef: number): DlModel {
  const out = new DlModel(g.name);
  for (const [name, f] of g.fields) {
    let v = f.value;
    if (v instanceof DlModel) v = clipGradNorm1(v, coef);
    else if (v instanceof K.Tensor) {
      v = K.binary("mul", v, { kind: "float", value: coef });
    }
    out.fields.set(name, { ...f, value: v });
  }
  return out;
}

/** Implementations of the optimizer builtins. */
export const OPTIM_BUILTINS: Record<string, BuiltinImpl> = {
  SGD: ([n, lr, mom, wd]) =>
    optimizer(
      "SGD",
      modelArg("SGD", n, "net"),
      config("sgd", {
        lr: toNumber("SGD", lr, "lr"),
        momentum: num("SGD", mom, "momentum", 0),
        weightDecay: num("SGD", wd, "weight_decay", 0),
      }),
    ),
  Adam: ([n, lr, b1, b2, eps, wd]) =>
    optimizer(
      "Adam",
      modelArg("Adam", n, "net"),
      config("adam", {
        lr: num("Adam", lr, "lr", 0.001),
        beta1: num("Adam", b1, "beta1", 0.9),
        beta2: num("Adam", b2, "beta2", 0.999),
        eps: num("Adam", eps, "eps", 1e-8),
        weightDecay: num("Adam", wd, "weight_decay", 0),
      }),
    ),
  AdamW: ([n, lr, b1, b2, eps, wd]) =>
    optimizer(
      "AdamW",
      modelArg("AdamW", n, "net"),
      config("adamw", {
        lr: num("AdamW", lr, "lr", 0.001),
        beta1: num("AdamW", b1, "beta1", 0.9),
        beta2: num("AdamW", b2, "beta2", 0.999),
        eps: num("AdamW", eps, "eps", 1e-8),
        weightDecay: num("AdamW", wd, "weight_decay", 0.01),
      }),
    ),
  RMSprop: ([n, lr, alpha, eps, wd]) =>
    optimizer(
      "RMSprop",
      modelArg("RMSprop", n, "net"),
      config("rmsprop", {
        lr: num("RMSprop", lr, "lr", 0.01),
        alpha: num("RMSprop", alpha, "alpha", 0.99),
        eps: num("RMSprop", eps, "eps", 1e-8),
        weightDecay: num("RMSprop", wd, "weight_decay", 0),
      }),
    ),
  clip_grad_norm: ([g, m]) => {
    const max = toNumber("clip_grad_norm", m, "max_norm");
    const v = req("clip_grad_norm", g, "g");
    if (v instanceof K.Tensor) {
      return clipGradNorm(wrap(v), max).fields.get("g")!.value;
    }
    return clipGradNorm(modelArg("clip_grad_norm", g, "g"), max);
  },
};

function wrap(t: K.Tensor): DlModel {
  const m = new DlModel("grad");
  m.fields.set("g", { value: t, mutable: false, param: true });
  return m;
}
