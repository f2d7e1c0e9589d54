// How the LLVM IR generator writes each element-wise op of the op table in
// float semantics (values are binary64, as in the loop IR): a total map, so
// adding an op fails `deno check` until it has an entry; null marks an op
// this first cut does not lower (its kernels stay on the JS backend).

import type { ElementwiseOpName } from "../schedule/loop_ir.ts";

/** Emits one op through `e` on its operands' SSA names; returns the result's. */
export type LlvmTemplate = (
  e: LlvmEmitter,
  args: readonly string[],
) => string;

/** What templates write through. */
export interface LlvmEmitter {
  /** The value type: `double` or `<W x double>`. */
  readonly t: string;
  /** The matching i1 type for comparisons. */
  readonly bt: string;
  /** The intrinsic suffix: `f64` or `vWf64`. */
  readonly sfx: string;
  /** A constant of type `t` (a splat in vector code). */
  readonly k: (x: number) => string;
  readonly fresh: () => string;
  readonly emit: (line: string) => void;
  /** Declares an intrinsic once (a full `declare` line). */
  readonly declare: (line: string) => void;
}

function inst(e: LlvmEmitter, rhs: string): string {
  const r = e.fresh();
  e.emit(`${r} = ${rhs}`);
  return r;
}

const bin = (opc: string): LlvmTemplate => (e, [a, b]) =>
  inst(e, `${opc} ${e.t} ${a}, ${b}`);

const intrinsic = (name: string, arity = 1): LlvmTemplate => (e, args) => {
  const fn = `@llvm.${name}.${e.sfx}`;
  e.declare(
    `declare ${e.t} ${fn}(${Array(arity).fill(e.t).join(", ")})`,
  );
  return inst(
    e,
    `call ${e.t} ${fn}(${args.map((a) => `${e.t} ${a}`).join(", ")})`,
  );
};

const cmp = (pred: string): LlvmTemplate => (e, [a, b]) => {
  const c = inst(e, `fcmp ${pred} ${e.t} ${a}, ${b}`);
  return inst(e, `uitofp ${e.bt} ${c} to ${e.t}`);
};

const select = (e: LlvmEmitter, c: string, a: string, b: string): string =>
  inst(e, `select ${e.bt} ${c}, ${e.t} ${a}, ${e.t} ${b}`);

// Math.max / Math.min: NaN if either is NaN, -0 below +0. (llvm.maximum
// has these semantics but LLVM 14's x86 backend cannot select it.) Equal
// zeros combine as a + b (max) or -((-a) + (-b)) (min): the IEEE sign rules
// of a sum of zeros give exactly +0 / -0 as needed.
const extreme = (max: boolean): LlvmTemplate => (e, [a, b]) => {
  const nan = inst(e, `fcmp uno ${e.t} ${a}, ${b}`);
  const wins = inst(e, `fcmp ${max ? "ogt" : "olt"} ${e.t} ${a}, ${b}`);
  const loses = inst(e, `fcmp ${max ? "olt" : "ogt"} ${e.t} ${a}, ${b}`);
  const zero = inst(e, `fcmp oeq ${e.t} ${a}, ${e.k(0)}`);
  let both: string;
  if (max) both = inst(e, `fadd ${e.t} ${a}, ${b}`);
  else {
    const na = inst(e, `fneg ${e.t} ${a}`), nb = inst(e, `fneg ${e.t} ${b}`);
    const s = inst(e, `fadd ${e.t} ${na}, ${nb}`);
    both = inst(e, `fneg ${e.t} ${s}`);
  }
  const eq = select(e, zero, both, a);
  const r1 = select(e, loses, b, eq);
  const r2 = select(e, wins, a, r1);
  return select(e, nan, e.k(NaN), r2);
};
const maximum = extreme(true);
const minimum = extreme(false);

/** The LLVM rendering of every element-wise op (float semantics). */
export const LLVM_OPS = {
  add: bin("fadd"),
  sub: bin("fsub"),
  mul: bin("fmul"),
  div: bin("fdiv"),
  mod: bin("frem"),
  pow: intrinsic("pow", 2),
  maximum,
  minimum,
  eq: cmp("oeq"),
  ne: cmp("une"),
  lt: cmp("olt"),
  le: cmp("ole"),
  gt: cmp("ogt"),
  ge: cmp("oge"),
  and: null,
  or: null,
  neg: (e, [a]) => inst(e, `fneg ${e.t} ${a}`),
  not: null,
  abs: intrinsic("fabs"),
  sign: (e, [a]) => {
    const pos = inst(e, `fcmp ogt ${e.t} ${a}, ${e.k(0)}`);
    const neg = inst(e, `fcmp olt ${e.t} ${a}, ${e.k(0)}`);
    const zero = inst(e, `fcmp oeq ${e.t} ${a}, ${e.k(0)}`);
    const z = select(e, zero, e.k(0), e.k(NaN));
    const n = select(e, neg, e.k(-1), z);
    return select(e, pos, e.k(1), n);
  },
  relu: (e, [a]) => {
    const c = inst(e, `fcmp ole ${e.t} ${a}, ${e.k(0)}`);
    return select(e, c, e.k(0), a);
  },
  floor: intrinsic("floor"),
  ceil: intrinsic("ceil"),
  exp: intrinsic("exp"),
  log: intrinsic("log"),
  sqrt: intrinsic("sqrt"),
  sin: intrinsic("sin"),
  cos: intrinsic("cos"),
  tanh: null,
  sigmoid: null,
  gelu: null,
  where: (e, [c, a, b]) => {
    const t = inst(e, `fcmp une ${e.t} ${c}, ${e.k(0)}`);
    return select(e, t, a, b);
  },
  clip: (e, [x, lo, hi]) => {
    const m = maximum(e, [x, lo]);
    return minimum(e, [m, hi]);
  },
} as const satisfies Record<ElementwiseOpName, LlvmTemplate | null>;
