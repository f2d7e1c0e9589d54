// One straight-line body of a Wasm loop kernel (wasm_loop.ts): the loop IR's
// SSA values held in locals — f32 values as one f32x4 (or f32), f64 values
// as two f64x2 halves (or one f64) covering the same four elements — with
// the loads, lane-type conversions (exact: promote, or Math.fround's
// round-to-nearest demote), op emission from WASM_OPS and the stores.

import type { DType } from "../../compiler/core/dtype.ts";
import type { Instr, LoopKernel } from "../schedule/loop_ir.ts";
import { type Expr, get, op, opi } from "./wasm_dsl.ts";
import type { FuncBuilder } from "./wasm_dsl.ts";
import { ins, type Instr as WInstr, type Op } from "./wasm_isa.ts";
import { LANES, type Lanes, WASM_OPS, type WasmOp } from "./wasm_loop_ops.ts";

/** The lane type an SSA value is kept in. */
export type Kind = "f32" | "f64";

/** Bytes per element of each storage dtype. */
export const ELEM_BYTES: Record<DType, number> = {
  f32: 4,
  f64: 8,
  i32: 4,
  bool: 1,
  i8: 1,
};

/** The lane type a load of `dtype` gives (exact: small ints fit f32). */
export function loadKind(dtype: DType): Kind {
  return dtype === "f32" || dtype === "bool" || dtype === "i8" ? "f32" : "f64";
}

const HI = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
const CAT = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

/** What every body of one kernel shares. */
export interface BodyContext {
  readonly k: LoopKernel;
  readonly fb: FuncBuilder;
  readonly kinds: readonly Kind[];
  readonly uniform: readonly boolean[];
  /** Function index of the import of each "call" op. */
  readonly callIndex: ReadonlyMap<string, number>;
  /** The prologue (runs once per call): uniform values, splats. */
  readonly pro: WInstr[];
  /** Local holding the args block address. */
  readonly args: number;
  /** The uniform scalar body (set once, right after the context is made). */
  uniformBody: Body | null;
}

/** One body: vector (four elements) or scalar. */
export class Body {
  private readonly vals = new Map<string, number[]>();

  constructor(
    readonly cx: BodyContext,
    readonly vector: boolean,
    readonly out: WInstr[],
    /** Local of each buffer's current element address. */
    readonly ptr: readonly number[],
    /** Each buffer's stride (elements) at the innermost level. */
    readonly stride: readonly number[],
  ) {}

  private lanes(kind: Kind): Lanes {
    return this.vector
      ? LANES[kind === "f32" ? "f32x4" : "f64x2"]
      : LANES[kind];
  }

  private halves(kind: Kind): number {
    return this.vector && kind === "f64" ? 2 : 1;
  }

  private store(e: Expr[], target: WInstr[] = this.out): number[] {
    return e.map((x) => {
      const l = this.cx.fb.local(this.vector ? "v128" : "f64");
      target.push(...x, ins("local.set", l));
      return l;
    });
  }

  private storeTyped(e: Expr[], kind: Kind): number[] {
    return e.map((x) => {
      const l = this.cx.fb.local(this.vector ? "v128" : kind);
      this.out.push(...x, ins("local.set", l));
      return l;
    });
  }

  /** Instruction `i`'s value in lane type `kind`, one expression per half. */
  value(i: number, kind: Kind): Expr[] {
    const key = `${i}:${kind}`;
    const hit = this.vals.get(key);
    if (hit !== undefined) return hit.map(get);
    let locals: number[];
    const ub = this.cx.uniformBody;
    if (this.cx.uniform[i] && ub !== null && ub !== this) {
      const s = ub.value(i, kind)[0];
      if (!this.vector) locals = [ub.valueLocal(i, kind)];
      else {
        const splat: Op = kind === "f32" ? "f32x4.splat" : "f64x2.splat";
        const l = this.cx.fb.local("v128");
        this.cx.pro.push(...op(splat, s), ins("local.set", l));
        locals = kind === "f32" ? [l] : [l, l];
      }
    } else if (this.cx.kinds[i] === kind) {
      locals = this.storeTyped(this.compute(i), kind);
    } else if (this.roundedInF64(i, kind)) {
      // fround of an f64 value, wanted in f64: round each half in place.
      const src = this.cx.k.body[i] as Extract<Instr, { k: "fround" }>;
      const from = this.value(src.args[0], "f64");
      locals = this.storeTyped(
        from.map((h) =>
          this.vector
            ? op(
              "f64x2.promote_low_f32x4",
              op("f32x4.demote_f64x2_zero", h),
            )
            : op("f64.promote_f32", op("f32.demote_f64", h))
        ),
        kind,
      );
    } else {
      const from = this.value(i, this.cx.kinds[i]);
      locals = this.storeTyped(this.convert(from, kind), kind);
    }
    this.vals.set(key, locals);
    return locals.map(get);
  }

  private roundedInF64(i: number, kind: Kind): boolean {
    const src = this.cx.k.body[i];
    return kind === "f64" && src.k === "fround" &&
      this.cx.kinds[src.args[0]] === "f64" && !this.vals.has(`${i}:f32`);
  }

  /** The local of a scalar body's value (uniform values). */
  valueLocal(i: number, kind: Kind): number {
    this.value(i, kind);
    return this.vals.get(`${i}:${kind}`)![0];
  }

  private convert(from: Expr[], to: Kind): Expr[] {
    if (!this.vector) {
      return [op(to === "f64" ? "f64.promote_f32" : "f32.demote_f64", from[0])];
    }
    if (to === "f64") {
      const v = from[0];
      return [
        op("f64x2.promote_low_f32x4", v),
        op("f64x2.promote_low_f32x4", opi("i8x16.shuffle", HI, v, v)),
      ];
    }
    return [opi(
      "i8x16.shuffle",
      CAT,
      op("f32x4.demote_f64x2_zero", from[0]),
      op("f32x4.demote_f64x2_zero", from[1]),
    )];
  }

  /** Emits instruction `i` in its own lane type. */
  private compute(i: number): Expr[] {
    const ins_: Instr = this.cx.k.body[i];
    const kind = this.cx.kinds[i];
    switch (ins_.k) {
      case "load":
        return this.load(ins_.buf);
      case "param":
        return [opi("f64.load", [3, 8 * ins_.index], get(this.cx.args))];
      case "fround":
        return this.value(ins_.args[0], "f32");
      case "bool": {
        const L = this.lanes(kind);
        return this.value(ins_.args[0], kind).map((a) =>
          op(L.select, L.k(1), L.k(0), op(L.ne, a, L.k(0)))
        );
      }
      case "op": {
        const def: WasmOp = WASM_OPS[ins_.op];
        const args = ins_.args.map((a) => this.value(a, kind));
        if (def.emit === undefined) return this.call(ins_.op, args);
        const L = this.lanes(kind);
        const out: Expr[] = [];
        for (let h = 0; h < this.halves(kind); h++) {
          out.push(def.emit(L, args.map((a) => a[h])));
        }
        return out;
      }
    }
  }

  /** An op through its imported evaluator, lane by lane. */
  private call(name: string, args: Expr[][]): Expr[] {
    const fn = this.cx.callIndex.get(name)!;
    const zero: Expr = [ins("f64.const", 0)];
    const call = (xs: Expr[]): Expr =>
      opi("call", [fn], ...xs, ...[zero, zero, zero].slice(xs.length));
    if (!this.vector) return [call(args.map((a) => a[0]))];
    const held = args.map((a) => this.store(a));
    const out: Expr[] = [];
    for (let h = 0; h < 2; h++) {
      const lane = (l: number) =>
        call(held.map((a) => opi("f64x2.extract_lane", [l], get(a[h]))));
      out.push(
        opi("f64x2.replace_lane", [1], op("f64x2.splat", lane(0)), lane(1)),
      );
    }
    return out;
  }

  private load(b: number): Expr[] {
    const dt = this.cx.k.bufs[b].dtype, p = get(this.ptr[b]);
    const s = this.stride[b];
    if (!this.vector) {
      switch (dt) {
        case "f32":
          return [opi("f32.load", [2, 0], p)];
        case "f64":
          return [opi("f64.load", [3, 0], p)];
        case "i32":
          return [op("f64.convert_i32_s", opi("i32.load", [2, 0], p))];
        case "bool":
          return [op("f32.convert_i32_s", opi("i32.load8_u", [0, 0], p))];
        case "i8":
          return [op("f32.convert_i32_s", opi("i32.load8_s", [0, 0], p))];
      }
    }
    if (s === 0) {
      switch (dt) {
        case "f32":
          return [opi("v128.load32_splat", [2, 0], p)];
        case "f64": {
          const [l] = this.store([opi("v128.load64_splat", [3, 0], p)]);
          return [get(l), get(l)];
        }
        case "i32": {
          const v = op("f64.convert_i32_s", opi("i32.load", [2, 0], p));
          const [l] = this.store([op("f64x2.splat", v)]);
          return [get(l), get(l)];
        }
        default: {
          const ld: Op = dt === "bool" ? "i32.load8_u" : "i32.load8_s";
          const v = op("f32.convert_i32_s", opi(ld, [0, 0], p));
          return [op("f32x4.splat", v)];
        }
      }
    }
    switch (dt) {
      case "f32":
        return [opi("v128.load", [2, 0], p)];
      case "f64":
        return [opi("v128.load", [3, 0], p), opi("v128.load", [3, 16], p)];
      case "i32": {
        const [v] = this.store([opi("v128.load", [2, 0], p)]);
        return [
          op("f64x2.convert_low_i32x4_s", get(v)),
          op(
            "f64x2.convert_low_i32x4_s",
            opi("i8x16.shuffle", HI, get(v), get(v)),
          ),
        ];
      }
      default: {
        const u = dt === "bool";
        const w16 = op(
          u ? "i16x8.extend_low_i8x16_u" : "i16x8.extend_low_i8x16_s",
          opi("v128.load32_zero", [0, 0], p),
        );
        const w32 = op(
          u ? "i32x4.extend_low_i16x8_u" : "i32x4.extend_low_i16x8_s",
          w16,
        );
        return [op("f32x4.convert_i32x4_s", w32)];
      }
    }
  }

  /** Stores the result at address local `o` as `dtype` (map kernels). */
  storeResult(dtype: DType, o: number): void {
    const r = this.cx.k.result, a = get(o);
    const put = (name: Op, align: number, off: number, v: Expr) =>
      this.out.push(...a, ...v, ins(name, align, off));
    if (dtype === "f32" || dtype === "f64") {
      const v = this.value(r, dtype);
      const name: Op = this.vector
        ? "v128.store"
        : dtype === "f32"
        ? "f32.store"
        : "f64.store";
      v.forEach((x, h) => put(name, dtype === "f32" ? 2 : 3, 16 * h, x));
      return;
    }
    const kind = this.cx.kinds[r];
    const v = this.value(r, kind);
    let int: Expr;
    if (!this.vector) {
      int = op(
        kind === "f32" ? "i32.trunc_sat_f32_s" : "i32.trunc_sat_f64_s",
        v[0],
      );
      put(dtype === "i32" ? "i32.store" : "i32.store8", 0, 0, int);
      return;
    }
    int = kind === "f32" ? op("i32x4.trunc_sat_f32x4_s", v[0]) : opi(
      "i8x16.shuffle",
      CAT,
      op("i32x4.trunc_sat_f64x2_s_zero", v[0]),
      op("i32x4.trunc_sat_f64x2_s_zero", v[1]),
    );
    if (dtype === "i32") {
      put("v128.store", 2, 0, int);
      return;
    }
    const [w] = this.store([int]);
    const n16 = op("i16x8.narrow_i32x4_s", get(w), get(w));
    const n8 = op("i8x16.narrow_i16x8_s", n16, n16);
    put("i32.store", 0, 0, opi("i32x4.extract_lane", [0], n8));
  }

  /** The result as f64 halves (reduce kernels). */
  resultF64(): Expr[] {
    return this.value(this.cx.k.result, "f64");
  }
}
