// Walking models: parameters (and buffers) with PyTorch's dotted names in
// field order, native models built from JS (layers, optimizers, gradients),
// and each model's train/eval flag.

import * as K from "../../kernels/mod.ts";
import {
  type BuiltinImpl,
  DlBuiltin,
  type DlField,
  DlModel,
  type Value,
} from "../values.ts";

const buffers = new WeakMap<DlModel, ReadonlySet<string>>();
const training = new WeakMap<DlModel, boolean>();

/** One field of a native model: its name, value and flags. */
export interface FieldSpec {
  readonly name: string;
  readonly value: Value;
  readonly param?: boolean;
  readonly mutable?: boolean;
  /** A non-trainable state tensor saved with the model (running stats). */
  readonly buffer?: boolean;
}

/** Builds a model instance from JS: fields in order, `forward` and other methods. */
export function nativeModel(
  name: string,
  fields: readonly FieldSpec[],
  methods: Record<string, BuiltinImpl> = {},
): DlModel {
  const m = new DlModel(name);
  const bufs = new Set<string>();
  for (const f of fields) {
    m.fields.set(f.name, {
      value: f.value,
      mutable: (f.mutable ?? false) || (f.buffer ?? false),
      param: f.param ?? false,
    });
    if (f.buffer) bufs.add(f.name);
  }
  if (bufs.size > 0) buffers.set(m, bufs);
  for (const [k, impl] of Object.entries(methods)) {
    const params = k === "forward" || k === "step" ? [{ name: "x" }] : [];
    m.methods.set(k, new DlBuiltin(`${name}.${k}`, params, impl));
  }
  return m;
}

/** The tensor value of a field (for native forwards reading their weights). */
export function fieldTensor(m: DlModel, name: string): K.Tensor {
  const v = m.fields.get(name)?.value;
  if (!(v instanceof K.Tensor)) {
    throw new K.KernelError("R0007", [`field \`${name}\` is not a tensor`]);
  }
  return v;
}

/**
 * Trainable parameter fields `(dotted name, field)` in field order, walking
 * sub-models; with `withBuffers`, buffers too (the state dict).
 */
export function paramFields(
  m: DlModel,
  withBuffers = false,
  prefix = "",
  seen: Set<DlModel> = new Set(),
): [string, DlField][] {
  const out: [string, DlField][] = [];
  walkParams(m, withBuffers, prefix, seen, out);
  return out;
}

/** paramFields into `out` (one array for the whole walk, no spreads). */
function walkParams(
  m: DlModel,
  withBuffers: boolean,
  prefix: string,
  seen: Set<DlModel>,
  out: [string, DlField][],
): void {
  if (seen.has(m)) return;
  seen.add(m);
  const bufs = buffers.get(m);
  for (const [name, f] of m.fields) {
    const v = f.value;
    if (v instanceof DlModel) {
      walkParams(v, withBuffers, prefix + name + ".", seen, out);
    } else if (
      v instanceof K.Tensor &&
      (f.param || (withBuffers && bufs?.has(name) === true))
    ) {
      out.push([prefix + name, f]);
    }
  }
}

/** Sets the training flag of `m` and every sub-model. */
export function setTraining(m: DlModel, on: boolean): void {
  training.set(m, on);
  for (const f of m.fields.values()) {
    if (f.value instanceof DlModel) setTraining(f.value, on);
  }
}

/** True when `m` is in training mode (the default). */
export function isTraining(m: DlModel): boolean {
  return training.get(m) ?? true;
}
