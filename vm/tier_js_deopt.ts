// The JavaScript tier's deoptimisation: when a value's kind differs from the
// one compiled code specialised for, the compiled frame's registers become a
// VM frame at the next instruction and the VM runs the rest of the call.
// A deoptimised function returning a kind its compiled caller did not expect
// hands the value back as a DeoptReturn, and the caller deoptimises too.

import type { Span } from "../compiler/core/span.ts";
import { JIT } from "../kernels/jit/config.ts";
import { type Cell, DlFloat, type Value } from "./values.ts";
import { execute } from "./vm_dispatch.ts";
import { Frame, type VmState } from "./vm_state.ts";
import type { Proto } from "./vm_values.ts";
import { spliceable } from "./tier_js_stack.ts";

/** Counters of the JS tier (DL_DEBUG=1 prints them at exit). */
export const JS_TIER = {
  /** Guards that failed and continued in the VM. */
  deopts: 0,
};

/** A deoptimised call's result of another kind than its compiled caller expects. */
export class DeoptReturn {
  /** `value`: the call's result (boxed dl value). */
  constructor(readonly value: Value) {}
}

/** Kinds as tier_js_emit.ts numbers them: 1 int, 2 float, 3 bool, 4 object. */
function kindOf(x: unknown): number {
  if (typeof x === "number") return 1;
  if (x instanceof DlFloat) return 2;
  if (typeof x === "boolean") return 3;
  return 4;
}

/**
 * The result of a deoptimised function for its compiled caller: unboxed
 * when of the compiled return kind `k`, else a thrown DeoptReturn.
 */
export function deoptResult(k: number, x: Value): unknown {
  if (kindOf(x) !== k) throw new DeoptReturn(x);
  return x instanceof DlFloat ? x.value : x;
}

/**
 * Runs the rest of a compiled call of `proto` in the VM: its registers
 * (`regs`, boxed; undefined where dead) plus `x` in register `a`, from `pc`,
 * at call depth `d`; returns the call's result.
 */
export function resumeInVm(
  vm: VmState,
  proto: Proto,
  upvals: Cell[],
  d: number,
  pc: number,
  a: number,
  x: Value,
  regs: unknown[],
): Value {
  JS_TIER.deopts++;
  const n = vm.frames.length;
  const bp = vm.top() + 1;
  vm.ensure(bp + proto.nregs + 1);
  for (let r = 0; r < proto.nregs; r++) {
    const v = regs[r];
    if (v === undefined) vm.T[bp + r] = 0, vm.O[bp + r] = undefined;
    else vm.set(bp + r, v as Value);
  }
  vm.set(bp + a, x);
  const span = proto.spans[pc - 1] as Span;
  const f = new Frame(proto, bp, upvals, bp - 1, proto.name, span, true, true);
  f.pc = pc;
  vm.frames.push(f);
  vm.depth = d;
  try {
    return execute(vm, f);
  } catch (e) {
    throw spliceable(e, n, span, true);
  }
}

if (JIT.debug >= 1) {
  globalThis.addEventListener(
    "unload",
    () => JIT.log(`debug: js tier ${JS_TIER.deopts} deopts\n`),
  );
}
