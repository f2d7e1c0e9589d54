// Types of unary and binary operators (spec §2–3): one table of scalar
// rules per operator; tensor operands go through the op table's dtype rules
// (compiler/core/ops.ts) and the shape rules (broadcasting, matmul).

import type { BinaryOp, Expr, UnaryOp } from "../ast.ts";
import type { DType } from "../core/dtype.ts";
import { binaryOpFor, opDTypes, type OpName, unaryOpFor } from "../core/ops.ts";
import {
  broadcastShapes,
  type Dim,
  matmulShape,
  type ShapeResult,
} from "../core/shape.ts";
import type { Span } from "../core/span.ts";
import type { Checker } from "./context.ts";
import {
  BOOL,
  FLOAT,
  fmt,
  INT,
  isNumeric,
  isUnknown,
  STR,
  tensorOf,
  type Type,
  UNKNOWN,
} from "./types.ts";

type Binary = Extract<Expr, { kind: "Binary" }>;

/** Scalar rule: the result for two known non-tensor operands, or null if invalid. */
type ScalarRule = (l: Type, r: Type) => Type | null;

/** Operand kinds an operator accepts in some combination. */
type Accepts = (t: Type) => boolean;

interface BinaryRule {
  readonly scalar: ScalarRule;
  readonly accepts: Accepts;
  /** Result when an operand is unknown and the other is `t`. */
  readonly withUnknown: (t: Type) => Type;
}

const both = (l: Type, r: Type, k: Type["kind"]) =>
  l.kind === k && r.kind === k;
const numericPair = (l: Type, r: Type) => isNumeric(l) && isNumeric(r);
const arith: ScalarRule = (l, r) =>
  numericPair(l, r) ? (both(l, r, "int") ? INT : FLOAT) : null;
const numTensorBool: Accepts = (t) =>
  isNumeric(t) || t.kind === "tensor" || t.kind === "bool";
const unknownResult = () => UNKNOWN;

const ARITH: BinaryRule = {
  scalar: arith,
  accepts: numTensorBool,
  withUnknown: unknownResult,
};
const ORDER: BinaryRule = {
  scalar: (l, r) => numericPair(l, r) || both(l, r, "str") ? BOOL : null,
  accepts: (t) => numTensorBool(t) || t.kind === "str",
  withUnknown: (t) => (t.kind === "str" ? BOOL : UNKNOWN),
};
const EQUALITY: BinaryRule = {
  scalar: (l, r) => numericPair(l, r) || l.kind === r.kind ? BOOL : null,
  accepts: () => true,
  withUnknown: (t) =>
    isNumeric(t) || t.kind === "tensor" || t.kind === "bool" ? UNKNOWN : BOOL,
};
const LOGICAL: BinaryRule = {
  scalar: (l, r) => both(l, r, "bool") ? BOOL : null,
  accepts: (t) => t.kind === "bool" || t.kind === "tensor",
  withUnknown: (t) => (t.kind === "bool" ? BOOL : UNKNOWN),
};

/** The rule of every binary operator. */
const BINARY_RULES: Readonly<Record<BinaryOp, BinaryRule>> = {
  "+": {
    scalar: (l, r) => both(l, r, "str") ? STR : arith(l, r),
    accepts: (t) => numTensorBool(t) || t.kind === "str",
    withUnknown: (t) => (t.kind === "str" ? STR : UNKNOWN),
  },
  "-": ARITH,
  "*": ARITH,
  "/": { ...ARITH, scalar: (l, r) => (numericPair(l, r) ? FLOAT : null) },
  "%": ARITH,
  "**": ARITH,
  "@": {
    scalar: () => null,
    accepts: (t) => t.kind === "tensor",
    withUnknown: unknownResult,
  },
  "==": EQUALITY,
  "!=": EQUALITY,
  "<": ORDER,
  "<=": ORDER,
  ">": ORDER,
  ">=": ORDER,
  "&&": LOGICAL,
  "||": LOGICAL,
};

/** The dtype a scalar takes next to a tensor, or null when it cannot. */
function scalarDType(t: Type): DType | null | undefined {
  if (t.kind === "int") return "i32";
  if (t.kind === "float") return "f32";
  if (t.kind === "bool") return "bool";
  return undefined;
}

/** Types `l op r`, reporting E0303/E0401; `span` is the whole expression. */
export function binaryType(
  ck: Checker,
  op: BinaryOp,
  l: Type,
  r: Type,
  span: Span,
): Type {
  const rule = BINARY_RULES[op];
  const fail = (): Type => {
    ck.report("E0303", span, [op, fmt(l), fmt(r)]);
    return UNKNOWN;
  };
  if (isUnknown(l) || isUnknown(r)) {
    if (isUnknown(l) && isUnknown(r)) return UNKNOWN;
    const known = isUnknown(l) ? r : l;
    return rule.accepts(known) ? rule.withUnknown(known) : fail();
  }
  if (l.kind === "tensor" || r.kind === "tensor") {
    return tensorBinary(ck, op, l, r, span, fail);
  }
  return rule.scalar(l, r) ?? fail();
}

function tensorBinary(
  ck: Checker,
  op: BinaryOp,
  l: Type,
  r: Type,
  span: Span,
  fail: () => Type,
): Type {
  const opName = binaryOpFor(op);
  const ld = l.kind === "tensor" ? l.dtype : scalarDType(l);
  const rd = r.kind === "tensor" ? r.dtype : scalarDType(r);
  if (opName === undefined || ld === undefined || rd === undefined) {
    return fail();
  }
  if (op === "@" && (l.kind !== "tensor" || r.kind !== "tensor")) {
    return fail();
  }
  const ls = l.kind === "tensor" ? l.shape : [];
  const rs = r.kind === "tensor" ? r.shape : [];
  let shape: readonly Dim[] | null = null;
  if (ls !== null && rs !== null) {
    const res: ShapeResult = op === "@"
      ? matmulShape(ls, rs)
      : broadcastShapes(ls, rs);
    if (!res.ok) {
      ck.report("E0401", span, [op, res.message]);
      return UNKNOWN;
    }
    shape = res.shape;
  }
  return tensorOf(resultDType(opName, ld, rd), shape);
}

function resultDType(
  op: OpName,
  a: DType | null,
  b: DType | null,
): DType | null {
  if (a !== null && b !== null) return opDTypes(op, [a, b]).result;
  const probe = opDTypes(op, ["f32", "f32"]).result;
  return probe === "bool" ? "bool" : null;
}

/** Types `op x`, reporting E0304. */
export function unaryType(
  ck: Checker,
  op: UnaryOp,
  t: Type,
  span: Span,
): Type {
  if (isUnknown(t)) return UNKNOWN;
  if (t.kind === "tensor") {
    const name = unaryOpFor(op);
    if (name !== undefined) {
      return tensorOf(
        t.dtype === null ? null : opDTypes(name, [t.dtype]).result,
        t.shape,
      );
    }
  }
  if (op === "-" && isNumeric(t)) return t;
  if (op === "!" && t.kind === "bool") return BOOL;
  ck.report("E0304", span, [op, fmt(t)]);
  return UNKNOWN;
}
