// A small builder for Wasm function bodies: expressions are instruction
// lists (operands first, then the operator), and a FuncBuilder allocates
// locals and emits statements and counted loops. Generators use it instead
// of writing raw instruction lists.

import type { WasmFunc } from "./wasm_encoder.ts";
import { ins, type Instr, type Op, VALTYPE, type ValType } from "./wasm_isa.ts";

/** An expression: instructions leaving one value on the stack. */
export type Expr = readonly Instr[];

/** `op(args…)`: the operands' instructions, then the operator. */
export function op(name: Op, ...args: Expr[]): Expr {
  const out: Instr[] = [];
  for (const a of args) out.push(...a);
  out.push(ins(name));
  return out;
}

/** An operator with immediates after its operands (loads, lanes). */
export function opi(name: Op, imm: number[], ...args: Expr[]): Expr {
  const out: Instr[] = [];
  for (const a of args) out.push(...a);
  out.push(ins(name, ...imm));
  return out;
}

/** Reads a local. */
export function get(l: number): Expr {
  return [ins("local.get", l)];
}

/** An i32 constant. */
export function i32(v: number): Expr {
  return [ins("i32.const", v | 0)];
}

/** A v128 constant with four equal f32 lanes. */
export function f32x4(v: number): Expr {
  const bits = new Int32Array(new Float32Array([v]).buffer)[0];
  return [ins("v128.const", bits, bits, bits, bits)];
}

/** A v128 constant with four equal i32 lanes. */
export function i32x4(v: number): Expr {
  return [ins("v128.const", v, v, v, v)];
}

/** A v128 constant with two equal f64 lanes. */
export function f64x2(v: number): Expr {
  const w = new Int32Array(new Float64Array([v]).buffer);
  return [ins("v128.const", w[0], w[1], w[0], w[1])];
}

/** Horner's rule c[0] + x·(c[1] + x·(…)) over v128 lanes of one float type. */
export function horner(
  lanes: "f32x4" | "f64x2",
  coeffs: readonly number[],
  x: Expr,
): Expr {
  const k = lanes === "f32x4" ? f32x4 : f64x2;
  let acc: Expr = k(coeffs[coeffs.length - 1]);
  for (let i = coeffs.length - 2; i >= 0; i--) {
    acc = op(`${lanes}.add`, op(`${lanes}.mul`, acc, x), k(coeffs[i]));
  }
  return acc;
}

/** Builds one function: locals, statements, loops. */
export class FuncBuilder {
  readonly locals: ValType[] = [];
  readonly body: Instr[] = [];
  constructor(
    readonly name: string,
    readonly params: readonly ValType[],
    readonly results: readonly ValType[] = [],
  ) {}

  /** A fresh local of type `t`; returns its index. */
  local(t: ValType): number {
    this.locals.push(t);
    return this.params.length + this.locals.length - 1;
  }

  /** Emits instructions as they are. */
  emit(...code: Expr[]): void {
    for (const c of code) this.body.push(...c);
  }

  /** `local = e`. */
  set(l: number, e: Expr): void {
    this.emit(e, [ins("local.set", l)]);
  }

  /** Declares a local of type `t` initialised to `e`. */
  let(t: ValType, e: Expr): number {
    const l = this.local(t);
    this.set(l, e);
    return l;
  }

  /** `local += step` for an i32 local. */
  inc(l: number, step: Expr): void {
    this.set(l, op("i32.add", get(l), step));
  }

  /** Stores `value` (a v128 or f32 by op) at `addr` + `offset` bytes. */
  store(
    name: "v128.store" | "f32.store" | "i32.store" | "f64.store",
    addr: Expr,
    value: Expr,
    offset = 0,
  ): void {
    const align = name === "v128.store" ? 4 : name === "f64.store" ? 3 : 2;
    this.emit(addr, value, [ins(name, align, offset)]);
  }

  /**
   * `for (l = from; l < to; l += step) body()` over i32 (signed compare);
   * the body runs zero times when from >= to.
   */
  forRange(l: number, from: Expr, to: Expr, step: Expr, body: () => void) {
    this.set(l, from);
    this.emit([ins("block")], op("i32.ge_s", get(l), to), [ins("br_if", 0)]);
    this.emit([ins("loop")]);
    body();
    this.inc(l, step);
    this.emit(op("i32.lt_s", get(l), to), [ins("br_if", 0)]);
    this.emit([ins("end"), ins("end")]);
  }

  /** `if (cond) then() else otherwise()`. */
  ifElse(cond: Expr, then: () => void, otherwise?: () => void): void {
    this.emit(cond, [ins("if")]);
    then();
    if (otherwise !== undefined) {
      this.emit([ins("else")]);
      otherwise();
    }
    this.emit([ins("end")]);
  }

  /** The finished function. */
  finish(exported = true): WasmFunc {
    return {
      name: this.name,
      params: this.params,
      results: this.results,
      locals: this.locals,
      body: this.body,
      exported,
    };
  }
}

/** The byte for a block's result type (for `block`/`if` with a value). */
export function blockType(t: ValType): number {
  return VALTYPE[t];
}
