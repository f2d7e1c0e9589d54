// The VM's machine state: the register file (Float64Array numbers, Uint8Array
// tags, an object array), the dl call frames (no host recursion per dl
// call), stdout, step and depth budgets, and boxing between registers and
// dl values.

import type { Span } from "../compiler/core/span.ts";
import type { CallRecord } from "./runtime_error.ts";
import type { InterpState } from "./interp_state.ts";
import type { TierRuntime } from "./tiers.ts";
import { type Cell, DlFloat, type Env, type Value } from "./values.ts";
import {
  type Proto,
  TAG_BOOL,
  TAG_FLOAT,
  TAG_INT,
  TAG_OBJ,
} from "./vm_values.ts";

/**
 * One active dl call (or a module body). Call frames are pooled by stack
 * depth (VmState.pool) and refilled on each call, so a dl call allocates
 * nothing: hold a Frame only while it is on the stack.
 */
export class Frame implements CallRecord {
  /** Where execution continues in this frame. */
  pc = 0;
  /** `ret`: absolute register for the result; `host`: return to the host caller. */
  constructor(
    public proto: Proto,
    public bp: number,
    public upvals: Cell[],
    public ret: number,
    public name: string,
    public callSite: Span,
    public host: boolean,
    public isCall: boolean,
  ) {}
}

/** Marks a member call whose receiver is not an argument (`m.method(x)`). */
export const NOSELF: unique symbol = Symbol("noself");

/** A VM run's state. */
export class VmState {
  F: Float64Array;
  T: Uint8Array;
  O: unknown[];
  readonly frames: Frame[] = [];
  /** Reusable call frames by stack index (frames[i] reuses pool[i]). */
  readonly pool: Frame[] = [];
  steps = 0;
  /** Active dl calls (frames that are calls, not module bodies). */
  depth = 0;
  /** Module exports by path. */
  readonly exports: Map<string, Map<string, Cell>> = new Map();
  /** The module being run (EXPORT files its names under it). */
  modulePath = "";
  /** The compiling tier consulted at calls and back edges (vm/tiers.ts); none for plain `vm`. */
  tier: TierRuntime | undefined = undefined;

  /** `st` supplies stdout buffering, argv and the limits. */
  constructor(
    readonly st: InterpState,
    readonly globals: Env,
    readonly maxSteps: number,
    readonly maxDepth: number,
  ) {
    const n = 1 << 12;
    this.F = new Float64Array(n);
    this.T = new Uint8Array(n);
    this.O = new Array(n).fill(undefined);
  }

  /** Makes sure registers below `top` exist. */
  ensure(top: number): void {
    if (top <= this.F.length) return;
    let n = this.F.length;
    while (n < top) n *= 2;
    const F = new Float64Array(n);
    F.set(this.F);
    const T = new Uint8Array(n);
    T.set(this.T);
    const O = this.O.slice();
    O.length = n;
    O.fill(undefined, this.O.length);
    this.F = F;
    this.T = T;
    this.O = O;
  }

  /** The dl value in absolute register `i`. */
  get(i: number): Value {
    switch (this.T[i]) {
      case TAG_INT:
        return this.F[i];
      case TAG_FLOAT:
        return new DlFloat(this.F[i]);
      case TAG_BOOL:
        return this.F[i] !== 0;
      default:
        return this.O[i] as Value;
    }
  }

  /** Stores dl value `v` in absolute register `i`. */
  set(i: number, v: Value | undefined): void {
    if (typeof v === "number") {
      this.T[i] = TAG_INT;
      this.F[i] = v;
    } else if (v instanceof DlFloat) {
      this.T[i] = TAG_FLOAT;
      this.F[i] = v.value;
    } else if (typeof v === "boolean") {
      this.T[i] = TAG_BOOL;
      this.F[i] = v ? 1 : 0;
    } else {
      this.T[i] = TAG_OBJ;
      this.O[i] = v;
    }
  }

  /** Copies register `from` to register `to`. */
  copy(to: number, from: number): void {
    this.T[to] = this.T[from];
    this.F[to] = this.F[from];
    this.O[to] = this.O[from];
  }

  /** The active dl calls, outermost first (for stack traces). */
  calls(): CallRecord[] {
    return this.frames.filter((f) => f.isCall);
  }

  /** The first free register above the innermost frame. */
  top(): number {
    const f = this.frames[this.frames.length - 1];
    return f === undefined ? 0 : f.bp + f.proto.nregs;
  }
}
