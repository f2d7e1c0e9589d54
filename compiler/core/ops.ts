// THE op table: every tensor/scalar op once, as data — kind, arity, algebraic
// properties, dtype rule and scalar evaluators. The evaluators are the
// language's arithmetic: kernels, the interpreter's scalar code and constant
// folding all call them, so compiler and runtime cannot disagree.
//
// Integer errors: evalI THROWS KernelError — R0001 when a result leaves the
// i32 range, R0002 on division/modulo by zero. Float evaluators follow IEEE
// (inf, nan) and never throw. f32 results are rounded by the caller
// (storing into a Float32Array), since f64-then-round is exact for + - * / sqrt.

import type { DType } from "./dtype.ts";
import { isFloatDType, promoteDTypes } from "./dtype.ts";
import { KernelError } from "./runtime_error.ts";
import { gelu, sigmoid } from "./special_math.ts";

/** How an op consumes its operands. */
export type OpKind = "unary" | "binary" | "ternary" | "reduce" | "matmul";

/**
 * How an op's dtypes follow from its operands' common dtype `c` (the
 * promotion of the operand dtypes; a scalar operand counts as i32, f32 or
 * bool so that it takes the tensor's dtype):
 * - `promote`: arithmetic in `c`, with bool and i8 computed as i32;
 * - `float`: `c` if it is a float dtype, else f32 (exp, log, `/`, mean…);
 * - `keep`: exactly `c` (max/min reductions; `where` over its value operands);
 * - `compare`: computed in `c`, result bool;
 * - `logical`: operands read as bools, result bool;
 * - `index`: computed in `c`, result i32 (argmax/argmin).
 */
export type DTypeRule =
  | "promote"
  | "float"
  | "keep"
  | "compare"
  | "logical"
  | "index";

/** A scalar evaluator: unary ops ignore `b` and `c`. */
export type ScalarFn = (a: number, b: number, c: number) => number;

/** One op's definition. */
export interface OpDef {
  readonly kind: OpKind;
  readonly arity: 1 | 2 | 3;
  readonly dtype: DTypeRule;
  /** The operator token (`+`, `-`, `!`…) for ops the language writes as operators. */
  readonly symbol?: string;
  readonly commutative?: boolean;
  readonly associative?: boolean;
  /** Reductions: the binary op that combines two partial results. */
  readonly combine?: string;
  /** Reductions: the value of an empty reduction (absent: empty is an error). */
  readonly identity?: number;
  /** `where`: the first operand is a condition, read as bool. */
  readonly condition?: boolean;
  /** Float semantics (binary64; f32 callers round the result). */
  readonly evalF?: ScalarFn;
  /** i32/bool semantics; throws KernelError R0001/R0002. */
  readonly evalI?: ScalarFn;
}

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;

/** Returns `r` if it is an i32, else throws R0001 (integer overflow). */
export function checkI32(r: number): number {
  if (r > I32_MAX || r < I32_MIN || r !== r) {
    throw new KernelError("R0001");
  }
  return r;
}

function intPow(a: number, e: number): number {
  if (e < 0) {
    throw new KernelError("R0012", ["**", `negative int exponent ${e}`]);
  }
  let r = 1, b = a;
  while (e > 0) {
    if (e & 1) r = checkI32(r * b);
    e = Math.floor(e / 2);
    if (e > 0) b = checkI32(b * b);
  }
  return r;
}

function floatPow(a: number, b: number): number {
  // C/numpy: 1 ** y = 1 and (-1) ** ±inf = 1 even where JS gives NaN.
  if (a === 1 || (a === -1 && (b === Infinity || b === -Infinity))) return 1;
  return Math.pow(a, b);
}

const b2n = (x: boolean): number => (x ? 1 : 0);

/** The op table. */
export const OPS = {
  // ---- binary arithmetic
  add: {
    kind: "binary",
    arity: 2,
    dtype: "promote",
    symbol: "+",
    commutative: true,
    associative: true,
    evalF: (a, b) => a + b,
    evalI: (a, b) => checkI32(a + b),
  },
  sub: {
    kind: "binary",
    arity: 2,
    dtype: "promote",
    symbol: "-",
    evalF: (a, b) => a - b,
    evalI: (a, b) => checkI32(a - b),
  },
  mul: {
    kind: "binary",
    arity: 2,
    dtype: "promote",
    symbol: "*",
    commutative: true,
    associative: true,
    evalF: (a, b) => a * b,
    evalI: (a, b) => checkI32(a * b + 0),
  },
  div: {
    kind: "binary",
    arity: 2,
    dtype: "float",
    symbol: "/",
    evalF: (a, b) => a / b,
  },
  mod: {
    kind: "binary",
    arity: 2,
    dtype: "promote",
    symbol: "%",
    // Truncating remainder (C fmod) for floats too; the sign follows `a`.
    evalF: (a, b) => a % b,
    evalI: (a, b) => {
      if (b === 0) throw new KernelError("R0002");
      return (a % b) + 0;
    },
  },
  pow: {
    kind: "binary",
    arity: 2,
    dtype: "promote",
    symbol: "**",
    evalF: floatPow,
    evalI: intPow,
  },
  maximum: {
    kind: "binary",
    arity: 2,
    dtype: "promote",
    commutative: true,
    associative: true,
    evalF: (a, b) => Math.max(a, b),
    evalI: (a, b) => (a > b ? a : b),
  },
  minimum: {
    kind: "binary",
    arity: 2,
    dtype: "promote",
    commutative: true,
    associative: true,
    evalF: (a, b) => Math.min(a, b),
    evalI: (a, b) => (a < b ? a : b),
  },
  // ---- comparisons and logic (results 1/0)
  eq: {
    kind: "binary",
    arity: 2,
    dtype: "compare",
    symbol: "==",
    commutative: true,
    evalF: (a, b) => b2n(a === b),
    evalI: (a, b) => b2n(a === b),
  },
  ne: {
    kind: "binary",
    arity: 2,
    dtype: "compare",
    symbol: "!=",
    commutative: true,
    evalF: (a, b) => b2n(a !== b),
    evalI: (a, b) => b2n(a !== b),
  },
  lt: {
    kind: "binary",
    arity: 2,
    dtype: "compare",
    symbol: "<",
    evalF: (a, b) => b2n(a < b),
    evalI: (a, b) => b2n(a < b),
  },
  le: {
    kind: "binary",
    arity: 2,
    dtype: "compare",
    symbol: "<=",
    evalF: (a, b) => b2n(a <= b),
    evalI: (a, b) => b2n(a <= b),
  },
  gt: {
    kind: "binary",
    arity: 2,
    dtype: "compare",
    symbol: ">",
    evalF: (a, b) => b2n(a > b),
    evalI: (a, b) => b2n(a > b),
  },
  ge: {
    kind: "binary",
    arity: 2,
    dtype: "compare",
    symbol: ">=",
    evalF: (a, b) => b2n(a >= b),
    evalI: (a, b) => b2n(a >= b),
  },
  and: {
    kind: "binary",
    arity: 2,
    dtype: "logical",
    symbol: "&&",
    commutative: true,
    associative: true,
    evalI: (a, b) => b2n(a !== 0 && b !== 0),
  },
  or: {
    kind: "binary",
    arity: 2,
    dtype: "logical",
    symbol: "||",
    commutative: true,
    associative: true,
    evalI: (a, b) => b2n(a !== 0 || b !== 0),
  },
  // ---- unary
  neg: {
    kind: "unary",
    arity: 1,
    dtype: "promote",
    symbol: "-",
    evalF: (a) => -a,
    evalI: (a) => checkI32(0 - a),
  },
  not: {
    kind: "unary",
    arity: 1,
    dtype: "logical",
    symbol: "!",
    evalI: (a) => b2n(a === 0),
  },
  abs: {
    kind: "unary",
    arity: 1,
    dtype: "promote",
    evalF: Math.abs,
    evalI: (a) => checkI32(Math.abs(a)),
  },
  sign: {
    kind: "unary",
    arity: 1,
    dtype: "promote",
    evalF: (a) => (a > 0 ? 1 : a < 0 ? -1 : a === 0 ? 0 : NaN),
    evalI: (a) => (a > 0 ? 1 : a < 0 ? -1 : 0),
  },
  relu: {
    kind: "unary",
    arity: 1,
    dtype: "promote",
    // NaN propagates (PyTorch); relu(-0) = 0.
    evalF: (a) => (a <= 0 ? 0 : a),
    evalI: (a) => (a < 0 ? 0 : a),
  },
  floor: {
    kind: "unary",
    arity: 1,
    dtype: "promote",
    evalF: Math.floor,
    evalI: (a) => a,
  },
  ceil: {
    kind: "unary",
    arity: 1,
    dtype: "promote",
    evalF: Math.ceil,
    evalI: (a) => a,
  },
  exp: { kind: "unary", arity: 1, dtype: "float", evalF: Math.exp },
  log: { kind: "unary", arity: 1, dtype: "float", evalF: Math.log },
  sqrt: { kind: "unary", arity: 1, dtype: "float", evalF: Math.sqrt },
  sin: { kind: "unary", arity: 1, dtype: "float", evalF: Math.sin },
  cos: { kind: "unary", arity: 1, dtype: "float", evalF: Math.cos },
  tanh: { kind: "unary", arity: 1, dtype: "float", evalF: Math.tanh },
  sigmoid: { kind: "unary", arity: 1, dtype: "float", evalF: sigmoid },
  gelu: { kind: "unary", arity: 1, dtype: "float", evalF: gelu },
  // ---- ternary
  where: {
    kind: "ternary",
    arity: 3,
    dtype: "keep",
    condition: true,
    evalF: (c, a, b) => (c !== 0 ? a : b),
    evalI: (c, a, b) => (c !== 0 ? a : b),
  },
  clip: {
    kind: "ternary",
    arity: 3,
    dtype: "promote",
    // numpy: minimum(maximum(x, lo), hi); NaN propagates.
    evalF: (x, lo, hi) => Math.min(Math.max(x, lo), hi),
    evalI: (x, lo, hi) => (x < lo ? lo : x) > hi ? hi : (x < lo ? lo : x),
  },
  // ---- reductions (over one axis or all; see kernels/reduce.ts)
  sum: {
    kind: "reduce",
    arity: 1,
    dtype: "promote",
    combine: "add",
    identity: 0,
    commutative: true,
    associative: true,
  },
  prod: {
    kind: "reduce",
    arity: 1,
    dtype: "promote",
    combine: "mul",
    identity: 1,
    commutative: true,
    associative: true,
  },
  max: {
    kind: "reduce",
    arity: 1,
    dtype: "keep",
    combine: "maximum",
    commutative: true,
    associative: true,
  },
  min: {
    kind: "reduce",
    arity: 1,
    dtype: "keep",
    combine: "minimum",
    commutative: true,
    associative: true,
  },
  mean: { kind: "reduce", arity: 1, dtype: "float" },
  var: { kind: "reduce", arity: 1, dtype: "float" },
  std: { kind: "reduce", arity: 1, dtype: "float" },
  logsumexp: { kind: "reduce", arity: 1, dtype: "float" },
  argmax: { kind: "reduce", arity: 1, dtype: "index" },
  argmin: { kind: "reduce", arity: 1, dtype: "index" },
  // ---- linear algebra
  matmul: { kind: "matmul", arity: 2, dtype: "promote", symbol: "@" },
} as const satisfies Record<string, OpDef>;

/** The name of an op in the table. */
export type OpName = keyof typeof OPS;

type NamesOfKind<K extends OpKind> = {
  [N in OpName]: (typeof OPS)[N]["kind"] extends K ? N : never;
}[OpName];

/** Element-wise unary ops. */
export type UnaryOpName = NamesOfKind<"unary">;
/** Element-wise binary ops (not matmul). */
export type BinaryOpName = NamesOfKind<"binary">;
/** Element-wise ternary ops. */
export type TernaryOpName = NamesOfKind<"ternary">;
/** Reductions. */
export type ReduceOpName = NamesOfKind<"reduce">;

/** The definition of `op`, typed as the general OpDef. */
export function opDef(op: OpName): OpDef {
  return OPS[op];
}

/** All op names, in table order. */
export const OP_NAMES: readonly OpName[] = Object.keys(OPS) as OpName[];

function opsBySymbol(arity: 1 | 2): Map<string, OpName> {
  const m = new Map<string, OpName>();
  for (const name of OP_NAMES) {
    const d: OpDef = OPS[name];
    if (d.symbol !== undefined && d.arity === arity) m.set(d.symbol, name);
  }
  return m;
}
const BINARY_SYMBOLS = opsBySymbol(2);
const UNARY_SYMBOLS = opsBySymbol(1);

/** The op of a binary operator token (`+` → add, `@` → matmul, `&&` → and). */
export function binaryOpFor(
  token: string,
): BinaryOpName | "matmul" | undefined {
  return BINARY_SYMBOLS.get(token) as BinaryOpName | "matmul" | undefined;
}

/** The op of a unary operator token (`-` → neg, `!` → not). */
export function unaryOpFor(token: string): UnaryOpName | undefined {
  return UNARY_SYMBOLS.get(token) as UnaryOpName | undefined;
}

/** The dtype an op computes in and the dtype of its result. */
export interface OpDTypes {
  readonly compute: DType;
  readonly result: DType;
}

/**
 * Compute and result dtypes of `op` for operands of the given dtypes (for
 * `where`, pass only the two value operands). Scalars count as i32, f32 or bool.
 */
export function opDTypes(op: OpName, operands: readonly DType[]): OpDTypes {
  let c: DType = operands[0];
  for (let i = 1; i < operands.length; i++) c = promoteDTypes(c, operands[i]);
  const widen = c === "bool" || c === "i8" ? "i32" : c;
  switch (OPS[op].dtype as DTypeRule) {
    case "promote":
      return { compute: widen, result: widen };
    case "float": {
      const f = isFloatDType(c) ? c : "f32";
      return { compute: f, result: f };
    }
    case "keep":
      return { compute: c, result: c };
    case "compare":
      return { compute: c, result: "bool" };
    case "logical":
      return { compute: "bool", result: "bool" };
    case "index":
      return { compute: c, result: "i32" };
  }
}
