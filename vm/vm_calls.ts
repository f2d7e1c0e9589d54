// Calls in the VM: binding arguments, pushing frames for VM closures and
// model constructors (no host recursion), builtins, `net(x)` → forward,
// host re-entry for builtins that call back (grad, Sequential), and turning
// failures into runtime diagnostics with the dl call stack.

import type { Diagnostic } from "../compiler/core/diagnostics.ts";
import type { Span } from "../compiler/core/span.ts";
import { bindArgs, type NamedArg } from "./bind_args.ts";
import { DlRuntimeError, runtimeError, withStack } from "./runtime_error.ts";
import { isHostStackOverflow, toRuntimeError } from "./tensor_bridge.ts";
import {
  type BuiltinContext,
  type Cell,
  DlBuiltin,
  DlModel,
  typeName,
  type Value,
} from "./values.ts";
import { execute } from "./vm_dispatch.ts";
import { Frame, NOSELF, type VmState } from "./vm_state.ts";
import { type Proto, VmClosure, VmModelCtor } from "./vm_values.ts";

/** Pushes a frame for `proto` at `bp` (arguments already in place). */
export function pushFrame(
  vm: VmState,
  proto: Proto,
  upvals: Cell[],
  name: string,
  bp: number,
  ret: number,
  span: Span,
  host: boolean,
): Frame {
  if (++vm.steps > vm.maxSteps) throw runtimeError("R0013", span);
  if (vm.depth >= vm.maxDepth) throw runtimeError("R0004", span);
  vm.depth++;
  if (bp + proto.nregs + 1 > vm.F.length) vm.ensure(bp + proto.nregs + 1);
  const k = vm.frames.length;
  let f = vm.pool[k];
  if (f === undefined) {
    vm.pool[k] = f = new Frame(proto, bp, upvals, ret, name, span, host, true);
  } else {
    f.proto = proto, f.bp = bp, f.upvals = upvals, f.ret = ret;
    f.name = name, f.callSite = span, f.host = host, f.pc = 0;
  }
  vm.frames.push(f);
  return f;
}

/** Writes bound arguments into registers bp.. (omitted ones stay absent). */
function placeArgs(
  vm: VmState,
  fnName: string,
  proto: Proto,
  positional: readonly Value[],
  named: readonly NamedArg<Value>[] | undefined,
  bp: number,
  span: Span,
): void {
  let values: readonly (Value | undefined)[] = positional;
  if (named !== undefined || positional.length !== proto.nparams) {
    const r = bindArgs(proto.params, positional, named);
    if (!r.ok) throw runtimeError("R0012", span, [fnName, r.message]);
    values = r.values;
  }
  vm.ensure(bp + proto.nregs + 1);
  for (let i = 0; i < proto.nparams; i++) vm.set(bp + i, values[i]);
}

/** Reads a call's arguments from registers; splits named ones by `info`. */
function readArgs(
  vm: VmState,
  start: number,
  n: number,
  info: readonly (string | undefined)[] | undefined,
  skip: number,
): { positional: Value[]; named?: NamedArg<Value>[] } {
  const positional: Value[] = [];
  let named: NamedArg<Value>[] | undefined;
  for (let i = 0; i < n; i++) {
    const v = vm.get(start + i);
    const name = info === undefined || i < skip ? undefined : info[i - skip];
    if (name === undefined) positional.push(v);
    else (named ??= []).push({ name, value: v });
  }
  return { positional, named };
}

/**
 * The slow path of CALL/CALLM: callee in R[base], `n` arguments from
 * `start`. Pushes a frame (returns true) or stores the result in R[base].
 */
export function callSlow(
  vm: VmState,
  base: number,
  start: number,
  n: number,
  info: readonly (string | undefined)[] | undefined,
  skip: number,
  span: Span,
): boolean {
  let fn = vm.get(base);
  const { positional, named } = readArgs(vm, start, n, info, skip);
  while (fn instanceof DlModel) fn = forwardOf(fn, span);
  if (fn instanceof VmClosure) {
    placeArgs(vm, fn.name, fn.proto, positional, named, start, span);
    pushFrame(vm, fn.proto, fn.upvals, fn.name, start, base, span, false);
    return true;
  }
  if (fn instanceof VmModelCtor) {
    placeArgs(vm, fn.name, fn.proto, positional, named, start, span);
    pushFrame(vm, fn.proto, fn.upvals, fn.name, start, base, span, false);
    return true;
  }
  vm.set(base, callValue(vm, fn, positional, named, span));
  return false;
}

/**
 * `float(x)` / `int(x)` of a number in register `start`, written to `base`
 * without boxing, binding or a call context (the builtins' results; a float
 * out of int range is left to the builtin's error). False: not handled.
 */
export function convertFast(
  vm: VmState,
  base: number,
  start: number,
): boolean {
  const T = vm.T, F = vm.F, t = T[start];
  if (T[base] !== 0 || (t !== 1 && t !== 2)) return false;
  const fn = vm.O[base];
  if (!(fn instanceof DlBuiltin)) return false;
  if (fn.name === "float") {
    F[base] = F[start];
    T[base] = 2;
    return true;
  }
  if (fn.name !== "int") return false;
  const x = Math.trunc(F[start]);
  if (!(x >= -2147483648 && x <= 2147483647)) return false;
  F[base] = x + 0;
  T[base] = 1;
  return true;
}

function forwardOf(m: DlModel, span: Span): Value {
  const forward = m.methods.get("forward");
  if (forward === undefined) {
    throw runtimeError("R0007", span, [
      `model \`${m.name}\` has no \`forward\` method`,
    ]);
  }
  return forward;
}

/** Calls any callable from the host (builtins calling back, model forward). */
export function callValue(
  vm: VmState,
  fn: Value,
  positional: readonly Value[],
  named: readonly NamedArg<Value>[] | undefined,
  span: Span,
): Value {
  while (fn instanceof DlModel) fn = forwardOf(fn, span);
  if (fn instanceof VmClosure || fn instanceof VmModelCtor) {
    const bp = vm.top() + 1;
    const name = fn instanceof VmClosure ? fn.name : fn.name;
    placeArgs(vm, name, fn.proto, positional, named, bp, span);
    const f = pushFrame(vm, fn.proto, fn.upvals, name, bp, bp - 1, span, true);
    return execute(vm, f);
  }
  if (fn instanceof DlBuiltin) {
    const r = bindArgs(fn.params, positional, named);
    if (!r.ok) throw runtimeError("R0012", span, [fn.name, r.message]);
    try {
      return fn.impl(r.values, new VmCallContext(vm, span));
    } catch (e) {
      throw toRuntimeError(e, span);
    }
  }
  throw runtimeError("R0007", span, [`${typeName(fn)} is not callable`]);
}

/** What a builtin sees of the VM during one call. */
class VmCallContext implements BuiltinContext {
  constructor(private readonly vm: VmState, readonly span: Span) {}

  get argv(): readonly string[] {
    return this.vm.st.argv;
  }

  write(text: string): void {
    this.vm.st.write(text);
  }

  call(fn: Value, args: readonly Value[]): Value {
    return callValue(this.vm, fn, args, undefined, this.span);
  }
}

/** The receiver marker's check (CALLM). */
export function isNoSelf(v: unknown): boolean {
  return v === NOSELF;
}

/**
 * Turns anything thrown while running at `span` into a DlRuntimeError that
 * carries the dl call stack (errors that already carry one pass through).
 */
export function failure(
  vm: VmState,
  e: unknown,
  span: Span | undefined,
): unknown {
  if (e instanceof DlRuntimeError && e.diagnostic.stack !== undefined) return e;
  let err: unknown;
  if (isHostStackOverflow(e)) {
    const top = vm.frames[vm.frames.length - 1];
    err = runtimeError("R0004", top?.callSite ?? span);
  } else if (span === undefined) {
    err = e instanceof DlRuntimeError ? e : runtimeError("R0007", undefined, [
      `internal error: ${e instanceof Error ? e.message : String(e)}`,
    ]);
  } else err = toRuntimeError(e, span);
  if (!(err instanceof DlRuntimeError)) {
    err = runtimeError("R0007", span, ["unexpected control flow"]);
  }
  const d: Diagnostic = withStack(err as DlRuntimeError, vm.calls());
  return new DlRuntimeError(d);
}
