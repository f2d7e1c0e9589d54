// The VM's tier hook: how a compiling tier (the JavaScript tier, a native
// tier) plugs into the register VM.
//
// A `Tier` is consulted through `TierRuntime`, which the engine installs in
// `VmState.tier` (undefined for plain `--engine vm`: the hooks then cost one
// check). The VM calls two hooks:
//
// - `tierCall` on every fast-path call of a VmClosure (CALL/CALLM with
//   positional arguments already in registers `start..`). It counts calls per
//   prototype; once past `callThreshold` it asks the tier once for a
//   `CallEntry`. An entry runs the whole call and stores the result in
//   register `base` (returns true), or declines at its entry guard (returns
//   false: the VM pushes a frame and interprets the call as usual).
// - `tierLoop` on every taken back edge (LOOP, FORLOOP) to loop header
//   `target` in `frame`. It counts back edges per (prototype, header); once
//   past `loopThreshold` it asks the tier once for a `LoopEntry` at that header
//   (on-stack replacement). An entry runs in the VM frame: it reads the
//   frame's registers, runs, writes back every register it changed and returns
//   the pc where the VM resumes (its deoptimisation / exit point), or -1 when
//   it declines (the VM continues at `target`).
//
// Errors raised by compiled code are DlRuntimeErrors; compiled code that
// makes calls the VM never sees adds their CallRecords through `JitUnwind`,
// and the hooks attach the full dl stack (VM frames + compiled frames) so
// diagnostics equal the VM's.

import type { Span } from "../compiler/core/span.ts";
import { type CallRecord, DlRuntimeError, withStack } from "./runtime_error.ts";
import type { Frame, VmState } from "./vm_state.ts";
import type { Proto, VmClosure } from "./vm_values.ts";

/** Runs a whole call: arguments in R[start..], result into R[base]; false = declined. */
export type CallEntry = (
  vm: VmState,
  closure: VmClosure,
  start: number,
  base: number,
  span: Span,
) => boolean;

/** Runs from a loop header in `frame`; returns the pc to resume at, or -1 (declined). */
export type LoopEntry = (vm: VmState, frame: Frame) => number;

/** A compiling tier. Both methods return null for code they cannot compile. */
export interface Tier {
  readonly name: string;
  /** Compiles `closure`'s prototype for calls (arguments are in R[start..]). */
  compileCall(
    vm: VmState,
    closure: VmClosure,
    start: number,
  ): CallEntry | null;
  /** Compiles the code of `frame` entered at loop header `header`. */
  compileLoop(vm: VmState, frame: Frame, header: number): LoopEntry | null;
}

/** A pending error from compiled code with the compiled calls it unwound through (innermost last). */
export class JitUnwind {
  /** `error` is a DlRuntimeError without stack; `records` outermost first. */
  constructor(readonly error: unknown, readonly records: CallRecord[]) {}
}

interface Heat {
  calls: number;
  call: CallEntry | null | undefined;
  loops: Map<number, { n: number; entry: LoopEntry | null | undefined }>;
}

/** Thresholds and the tier: what `VmState.tier` holds. */
export class TierRuntime {
  private readonly heat = new WeakMap<Proto, Heat>();
  /** `callThreshold` / `loopThreshold`: counts past which the tier is asked (0: at once). */
  constructor(
    readonly tier: Tier,
    readonly callThreshold: number,
    readonly loopThreshold: number,
  ) {}

  /** The counters of `proto`. */
  heatOf(proto: Proto): Heat {
    let h = this.heat.get(proto);
    if (h === undefined) {
      h = { calls: 0, call: undefined, loops: new Map() };
      this.heat.set(proto, h);
    }
    return h;
  }
}

/** Hook for VM closure calls; true when a compiled entry ran the call. */
export function tierCall(
  vm: VmState,
  closure: VmClosure,
  start: number,
  base: number,
  span: Span,
): boolean {
  const rt = vm.tier!;
  const h = rt.heatOf(closure.proto);
  let e = h.call;
  if (e === undefined) {
    if (++h.calls <= rt.callThreshold) return false;
    e = h.call = rt.tier.compileCall(vm, closure, start);
  }
  if (e === null) return false;
  try {
    return e(vm, closure, start, base, span);
  } catch (err) {
    throw withCompiledStack(vm, err);
  }
}

/** Hook for taken back edges to `target`; the pc to resume at, or -1. */
export function tierLoop(vm: VmState, frame: Frame, target: number): number {
  const rt = vm.tier!;
  const h = rt.heatOf(frame.proto);
  let l = h.loops.get(target);
  if (l === undefined) h.loops.set(target, l = { n: 0, entry: undefined });
  let e = l.entry;
  if (e === undefined) {
    if (++l.n <= rt.loopThreshold) return -1;
    e = l.entry = rt.tier.compileLoop(vm, frame, target);
  }
  if (e === null) return -1;
  frame.pc = target;
  try {
    return e(vm, frame);
  } catch (err) {
    throw withCompiledStack(vm, err);
  }
}

/** An error from compiled code with the stack of VM frames plus compiled calls. */
export function withCompiledStack(vm: VmState, err: unknown): unknown {
  if (!(err instanceof JitUnwind)) return err;
  const inner = err.error;
  if (!(inner instanceof DlRuntimeError)) return inner;
  return new DlRuntimeError(
    withStack(inner, [...vm.calls(), ...err.records]),
  );
}
