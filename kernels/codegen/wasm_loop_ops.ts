// How the Wasm loop generator (wasm_loop.ts) writes each element-wise op of
// the op table: a total map (a new op in ops.ts fails `deno check` until it
// has an entry). Ops are written once over a `Lanes` namespace, so the same
// entry emits f32x4 / f64x2 vector code and f32 / f64 scalar tails. An op's
// class says when it may run in f32 lanes with the JS kernels' exact bits:
// "exact" ops return an operand or a constant, "rounded" ones are single
// correctly rounded IEEE ops (f32 only when the result is rounded to f32
// right away), "call" ops call the op table's own evaluator (an import).

import type { ElementwiseOpName } from "../schedule/loop_ir.ts";
import { type Expr, f32x4, f64x2, op } from "./wasm_dsl.ts";
import { ins, type Op } from "./wasm_isa.ts";

/** The instructions of one lane type: vector (f32x4, f64x2) or scalar. */
export interface Lanes {
  readonly vector: boolean;
  readonly float: "f32" | "f64";
  readonly add: Op;
  readonly sub: Op;
  readonly mul: Op;
  readonly div: Op;
  readonly min: Op;
  readonly max: Op;
  readonly abs: Op;
  readonly neg: Op;
  readonly sqrt: Op;
  readonly floor: Op;
  readonly ceil: Op;
  readonly eq: Op;
  readonly ne: Op;
  readonly lt: Op;
  readonly le: Op;
  readonly gt: Op;
  readonly ge: Op;
  /** Combines two conditions (masks, or i32 truth values). */
  readonly and: Op;
  readonly or: Op;
  /** `a b cond select`: cond ? a : b (bitwise for masks). */
  readonly select: Op;
  /** A constant (splat in every lane). */
  readonly k: (v: number) => Expr;
}

function lanes(vector: boolean, float: "f32" | "f64"): Lanes {
  const p = vector ? (float === "f32" ? "f32x4" : "f64x2") : float;
  const k = vector
    ? (float === "f32" ? f32x4 : f64x2)
    : (v: number): Expr => [ins(`${float}.const`, v)];
  return {
    vector,
    float,
    add: `${p}.add`,
    sub: `${p}.sub`,
    mul: `${p}.mul`,
    div: `${p}.div`,
    min: `${p}.min`,
    max: `${p}.max`,
    abs: `${p}.abs`,
    neg: `${p}.neg`,
    sqrt: `${p}.sqrt`,
    floor: `${p}.floor`,
    ceil: `${p}.ceil`,
    eq: `${p}.eq`,
    ne: `${p}.ne`,
    lt: `${p}.lt`,
    le: `${p}.le`,
    gt: `${p}.gt`,
    ge: `${p}.ge`,
    and: vector ? "v128.and" : "i32.and",
    or: vector ? "v128.or" : "i32.or",
    select: vector ? "v128.bitselect" : "select",
    k,
  };
}

/** The four lane types. */
export const LANES = {
  f32x4: lanes(true, "f32"),
  f64x2: lanes(true, "f64"),
  f32: lanes(false, "f32"),
  f64: lanes(false, "f64"),
} as const;

/** How an op relates to f32 lanes (see the file comment). */
export type WasmOpClass = "exact" | "rounded" | "call";

/** Emits an op from its operands' expressions. */
export type WasmEmitter = (L: Lanes, a: Expr[]) => Expr;

/**
 * One op's entry: its class and, unless it is a call, its emitter. Operands
 * all arrive in the op's lane type (f64 when any operand needs f64).
 */
export interface WasmOp {
  readonly cls: WasmOpClass;
  readonly emit?: WasmEmitter;
}

/** `cond ? a : b`. */
function sel(L: Lanes, a: Expr, b: Expr, cond: Expr): Expr {
  return op(L.select, a, b, cond);
}

/** 1 where `cond` holds, else 0. */
function b2n(L: Lanes, cond: Expr): Expr {
  return sel(L, L.k(1), L.k(0), cond);
}

const bin = (name: keyof Lanes): WasmEmitter => (L, [a, b]) =>
  op(L[name] as Op, a, b);
const un = (name: keyof Lanes): WasmEmitter => (L, [a]) => op(L[name] as Op, a);
const cmp = (name: keyof Lanes): WasmEmitter => (L, [a, b]) =>
  b2n(L, op(L[name] as Op, a, b));
const nz = (L: Lanes, a: Expr): Expr => op(L.ne, a, L.k(0));

/** The Wasm rendering of every element-wise op. */
export const WASM_OPS = {
  add: { cls: "rounded", emit: bin("add") },
  sub: { cls: "rounded", emit: bin("sub") },
  mul: { cls: "rounded", emit: bin("mul") },
  div: { cls: "rounded", emit: bin("div") },
  mod: { cls: "call" },
  pow: { cls: "call" },
  maximum: { cls: "exact", emit: bin("max") },
  minimum: { cls: "exact", emit: bin("min") },
  eq: { cls: "exact", emit: cmp("eq") },
  ne: { cls: "exact", emit: cmp("ne") },
  lt: { cls: "exact", emit: cmp("lt") },
  le: { cls: "exact", emit: cmp("le") },
  gt: { cls: "exact", emit: cmp("gt") },
  ge: { cls: "exact", emit: cmp("ge") },
  and: {
    cls: "exact",
    emit: (L, [a, b]) => b2n(L, op(L.and, nz(L, a), nz(L, b))),
  },
  or: {
    cls: "exact",
    emit: (L, [a, b]) => b2n(L, op(L.or, nz(L, a), nz(L, b))),
  },
  neg: { cls: "exact", emit: un("neg") },
  not: { cls: "exact", emit: (L, [a]) => b2n(L, op(L.eq, a, L.k(0))) },
  abs: { cls: "exact", emit: un("abs") },
  // a > 0 ? 1 : a < 0 ? -1 : a === 0 ? 0 : a (NaN)
  sign: {
    cls: "exact",
    emit: (L, [a]) =>
      sel(
        L,
        L.k(1),
        sel(
          L,
          L.k(-1),
          sel(L, L.k(0), a, op(L.eq, a, L.k(0))),
          op(L.lt, a, L.k(0)),
        ),
        op(L.gt, a, L.k(0)),
      ),
  },
  relu: {
    cls: "exact",
    emit: (L, [a]) => sel(L, L.k(0), a, op(L.le, a, L.k(0))),
  },
  floor: { cls: "exact", emit: un("floor") },
  ceil: { cls: "exact", emit: un("ceil") },
  exp: { cls: "call" },
  log: { cls: "call" },
  sqrt: { cls: "rounded", emit: un("sqrt") },
  sin: { cls: "call" },
  cos: { cls: "call" },
  tanh: { cls: "call" },
  sigmoid: { cls: "call" },
  gelu: { cls: "call" },
  where: {
    cls: "exact",
    emit: (L, [c, a, b]) => sel(L, a, b, nz(L, c)),
  },
  clip: {
    cls: "exact",
    emit: (L, [x, lo, hi]) => op(L.min, op(L.max, x, lo), hi),
  },
} as const satisfies Record<ElementwiseOpName, WasmOp>;

/** The entry of `name`. */
export function wasmOp(name: ElementwiseOpName): WasmOp {
  return WASM_OPS[name];
}
