// The builtin functions the interpreter binds at the root scope: every name
// of compiler/core/builtins.ts that has an implementation here, plus the
// dtype constants. Other builtin groups (nn, data) register through
// `registerBuiltins`.

import { BUILTIN_PARAMS } from "../../compiler/core/builtins.ts";
import { DTYPES } from "../../compiler/core/dtype.ts";
import { type BuiltinImpl, DlBuiltin, DlDType, Env } from "../values.ts";
import type { BindParam } from "../bind_args.ts";
import { AUTODIFF_BUILTINS } from "./autodiff.ts";
import { DATA_BUILTINS } from "./data.ts";
import { LAYER_BUILTINS } from "./layers.ts";
import { MISC_BUILTINS } from "./misc.ts";
import { OPTIM_BUILTINS } from "./optim.ts";
import { TENSOR_CREATE_BUILTINS } from "./tensor_create.ts";
import { TENSOR_MATH_BUILTINS } from "./tensor_math.ts";

const IMPLS: Map<string, { params: readonly BindParam[]; impl: BuiltinImpl }> =
  new Map();

/**
 * Adds builtin implementations; names listed in BUILTIN_PARAMS use those
 * parameters, others must pass theirs in `params`.
 */
export function registerBuiltins(
  impls: Record<string, BuiltinImpl>,
  params: Record<string, readonly BindParam[]> = {},
): void {
  for (const [name, impl] of Object.entries(impls)) {
    const ps = params[name] ?? BUILTIN_PARAMS[name];
    if (ps === undefined) throw new Error(`builtin ${name} has no parameters`);
    IMPLS.set(name, { params: ps, impl });
  }
}

registerBuiltins(MISC_BUILTINS);
registerBuiltins(TENSOR_CREATE_BUILTINS);
registerBuiltins(TENSOR_MATH_BUILTINS);
registerBuiltins(AUTODIFF_BUILTINS);
registerBuiltins(LAYER_BUILTINS);
registerBuiltins(OPTIM_BUILTINS);
registerBuiltins(DATA_BUILTINS);

/** Names in BUILTIN_PARAMS that have no implementation yet. */
export function missingBuiltins(): string[] {
  return Object.keys(BUILTIN_PARAMS).filter((n) => !IMPLS.has(n));
}

/** A fresh root scope holding every builtin and the dtype names. */
export function makeGlobals(): Env {
  const env = new Env(null);
  for (const [name, { params, impl }] of IMPLS) {
    env.define(name, new DlBuiltin(name, params, impl));
  }
  for (const d of DTYPES) env.define(d, DlDType.of(d));
  return env;
}
