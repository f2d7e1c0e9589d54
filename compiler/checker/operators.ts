// Types of unary and binary operators (spec §2–3). Numbers follow the op
// table's dtype rule for the operator (compiler/core/ops.ts: `promote` keeps
// ints, `float` gives floats, comparisons and logic give bools), as the
// runtime's scalar arithmetic does; tensors also get its shape rules
// (broadcasting, matmul). What the table does not cover (strs, tuples…) is
// in the small per-operator table below.

import type { BinaryOp, Expr, UnaryOp } from "../ast.ts";
import type { DType } from "../core/dtype.ts";
import {
  binaryOpFor,
  opDTypes,
  type OpName,
  OPS,
  unaryOpFor,
} from "../core/ops.ts";
import {
  broadcastShapes,
  type Dim,
  matmulShape,
  type ShapeResult,
} from "../core/shape.ts";
import type { Span } from "../core/span.ts";
import type { Checker } from "./context.ts";
import { intLiteral } from "./indexing.ts";
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

/** What an operator does beyond numbers and tensors. */
interface OperandRule {
  /** The result for two known non-numeric scalar operands, or null. */
  readonly other: (l: Type, r: Type) => Type | null;
  /** Operand kinds the operator takes in some combination. */
  readonly accepts: (t: Type) => boolean;
  /** The result when one operand is unknown and the other is `t`. */
  readonly withUnknown: (t: Type) => Type;
}

const numberLike = (t: Type) =>
  isNumeric(t) || t.kind === "tensor" || t.kind === "bool";
const none = () => null;
const ARITH: OperandRule = {
  other: none,
  accepts: numberLike,
  withUnknown: () => UNKNOWN,
};
const ORDER: OperandRule = {
  other: (l, r) =>
    l.kind === r.kind && (l.kind === "str" || l.kind === "bool") ? BOOL : null,
  accepts: (t) => numberLike(t) || t.kind === "str",
  withUnknown: (t) => (t.kind === "str" ? BOOL : UNKNOWN),
};
const EQUALITY: OperandRule = {
  other: (l, r) => (l.kind === r.kind ? BOOL : null),
  accepts: () => true,
  withUnknown: (t) => (numberLike(t) ? UNKNOWN : BOOL),
};
const LOGICAL: OperandRule = {
  other: none,
  accepts: (t) => t.kind === "bool" || t.kind === "tensor",
  withUnknown: (t) => (t.kind === "bool" ? BOOL : UNKNOWN),
};

/** Every binary operator's rule for non-numeric operands. */
const OPERAND_RULES: Readonly<Record<BinaryOp, OperandRule>> = {
  "+": {
    other: (l, r) => (l.kind === "str" && r.kind === "str" ? STR : null),
    accepts: (t) => numberLike(t) || t.kind === "str",
    withUnknown: (t) => (t.kind === "str" ? STR : UNKNOWN),
  },
  "-": ARITH,
  "*": ARITH,
  "/": ARITH,
  "%": ARITH,
  "**": ARITH,
  "@": {
    other: none,
    accepts: (t) => t.kind === "tensor",
    withUnknown: () => UNKNOWN,
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

/**
 * `l op r` on two scalars by the op's dtype rule; bools are not numbers
 * except for logic. An int `**` is an int only for a non-negative literal
 * exponent (a negative one gives a float at run time).
 */
function scalarBinary(
  op: OpName,
  l: Type,
  r: Type,
  right: Expr | undefined,
): Type | null {
  const rule = OPS[op].dtype;
  if (rule === "logical") {
    return l.kind === "bool" && r.kind === "bool" ? BOOL : null;
  }
  if (!isNumeric(l) || !isNumeric(r)) return null;
  if (rule === "compare") return BOOL;
  if (rule === "float" || l.kind === "float" || r.kind === "float") {
    return FLOAT;
  }
  if (op !== "pow") return INT;
  const e = intLiteral(right);
  return e === undefined ? UNKNOWN : e >= 0 ? INT : FLOAT;
}

/** The dtype a scalar takes next to a tensor, or null when it cannot. */
function scalarDType(t: Type): DType | null | undefined {
  if (t.kind === "int") return "i32";
  if (t.kind === "float") return "f32";
  if (t.kind === "bool") return "bool";
  return undefined;
}

/**
 * Types `l op r`, reporting E0303/E0401; `span` is the whole expression,
 * `right` the right operand's (for literal exponents).
 */
export function binaryType(
  ck: Checker,
  op: BinaryOp,
  l: Type,
  r: Type,
  span: Span,
  right?: Expr,
): Type {
  const t = binaryResult(ck, op, l, r, span, right);
  if (t !== null) return t;
  ck.report("E0303", span, [op, fmt(l), fmt(r)]);
  return UNKNOWN;
}

/** The type of `l op r`, or null when the operands do not fit (E0303). */
function binaryResult(
  ck: Checker,
  op: BinaryOp,
  l: Type,
  r: Type,
  span: Span,
  right: Expr | undefined,
): Type | null {
  const rule = OPERAND_RULES[op];
  if (isUnknown(l) || isUnknown(r)) {
    if (isUnknown(l) && isUnknown(r)) return UNKNOWN;
    const known = isUnknown(l) ? r : l;
    return rule.accepts(known) ? rule.withUnknown(known) : null;
  }
  if (l.kind === "tensor" || r.kind === "tensor") {
    return tensorBinary(ck, op, l, r, span);
  }
  const name = binaryOpFor(op);
  if (name === undefined || name === "matmul") return null;
  return scalarBinary(name, l, r, right) ?? rule.other(l, r);
}

function tensorBinary(
  ck: Checker,
  op: BinaryOp,
  l: Type,
  r: Type,
  span: Span,
): Type | null {
  const opName = binaryOpFor(op);
  const ld = l.kind === "tensor" ? l.dtype : scalarDType(l);
  const rd = r.kind === "tensor" ? r.dtype : scalarDType(r);
  if (opName === undefined || ld === undefined || rd === undefined) {
    return null;
  }
  if (op === "@" && (l.kind !== "tensor" || r.kind !== "tensor")) return null;
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
