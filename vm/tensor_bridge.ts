// The interpreter's one doorway to kernels/: converts between dl values and
// kernel operands/scalars, maps operator tokens to ops, and turns every
// KernelError (or host failure) into a runtime diagnostic at a span.

import {
  binaryOpFor,
  type BinaryOpName,
  type UnaryOpName,
} from "../compiler/core/ops.ts";
import type { Span } from "../compiler/core/span.ts";
import * as K from "../kernels/mod.ts";
import { DlRuntimeError, runtimeError } from "./runtime_error.ts";
import { DlFloat, type Value } from "./values.ts";
import { ControlSignal } from "./interp_state.ts";

/** True for the host's stack-overflow error. */
export function isHostStackOverflow(e: unknown): boolean {
  // No regular expressions here: near the stack limit they fail to compile.
  return e instanceof Error &&
    (e.message.includes("call stack") || e.message.includes("Stack overflow"));
}

/**
 * Runs `fn` (kernel or scalar-op work) and converts failures into runtime
 * errors at `span`: KernelError keeps its code; a host RangeError other than
 * stack overflow (e.g. an impossible allocation) becomes R0007. dl errors,
 * control signals and stack overflow pass through unchanged.
 */
export function guardKernel<T>(span: Span, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw toRuntimeError(e, span);
  }
}

/** The runtime error for anything thrown while evaluating at `span` (rethrows what is not an error). */
export function toRuntimeError(e: unknown, span: Span | undefined): unknown {
  if (e instanceof K.KernelError) {
    return runtimeError(e.code, span, e.args);
  }
  if (
    e instanceof DlRuntimeError || e instanceof ControlSignal ||
    isHostStackOverflow(e)
  ) {
    return e;
  }
  if (e instanceof RangeError) {
    return runtimeError("R0007", span, [`out of memory: ${e.message}`]);
  }
  const msg = e instanceof Error ? e.message : String(e);
  return runtimeError("R0007", span, [`internal error: ${msg}`]);
}

/** A dl scalar as a kernel operand; undefined for non-scalars. */
export function toScalar(v: Value): K.Scalar | undefined {
  if (typeof v === "number") return K.intScalar(v);
  if (v instanceof DlFloat) return K.floatScalar(v.value);
  if (typeof v === "boolean") return K.boolScalar(v);
  return undefined;
}

/** A kernel scalar as a dl value (int, boxed float, bool). */
export function fromScalar(s: K.Scalar): Value {
  if (s.kind === "float") return new DlFloat(s.value);
  return s.value;
}

/** A tensor or scalar as a kernel operand; undefined for anything else. */
export function toOperand(v: Value): K.Operand | undefined {
  return v instanceof K.Tensor ? v : toScalar(v);
}

/** An index result: a view stays a tensor, a fully indexed element becomes a dl scalar. */
export function fromIndexResult(r: K.Tensor | K.Scalar): Value {
  return r instanceof K.Tensor ? r : fromScalar(r);
}

/** Applies a binary operator token where at least one side is a tensor. */
export function tensorBinary(op: string, a: Value, b: Value): Value {
  const name = binaryOpFor(op);
  const x = toOperand(a), y = toOperand(b);
  if (name === undefined || x === undefined || y === undefined) {
    throw new K.KernelError("R0007", [
      `cannot apply \`${op}\` to ${kindOf(a)} and ${kindOf(b)}`,
    ]);
  }
  if (name === "matmul") {
    if (!(x instanceof K.Tensor) || !(y instanceof K.Tensor)) {
      throw new K.KernelError("R0007", ["`@` needs two tensors"]);
    }
    return K.matmul(x, y);
  }
  return K.binary(name as BinaryOpName, x, y);
}

/** Applies an element-wise unary op to a tensor. */
export function tensorUnary(name: UnaryOpName, x: K.Tensor): K.Tensor {
  return K.unary(name, x);
}

function kindOf(v: Value): string {
  if (v instanceof K.Tensor) return `Tensor<${v.dtype}>`;
  if (typeof v === "number") return "int";
  if (v instanceof DlFloat) return "float";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "str";
  return "a non-number";
}
