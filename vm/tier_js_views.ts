// The JavaScript tier's hoisted tensor reads: a rank-1 tensor that a compiled
// loop indexes and never reassigns is checked once at loop entry (tensor,
// dtype, rank; its storage realized if pending) and read in the loop straight
// from its typed array with one bounds test (for stride 1, a subarray of
// exactly its elements, whose own bounds check is that test); anything else
// takes the VM's index path (its exact errors). Tensor metadata and realized
// storage never change, and writes go into that storage, so nothing in the
// loop invalidates a view.

import { OP } from "../compiler/bytecode/opcodes.ts";
import { allocData, type TensorData } from "../kernels/tensor.ts";
import type { DType } from "../compiler/core/dtype.ts";
import type { Cfg } from "./tier_js_cfg.ts";
import { type EmitCtx, K_OBJ, v } from "./tier_js_emit.ts";

/**
 * A hoisted view: the register's typed-array local `$a<r>` (for stride 1,
 * exactly the tensor's elements), else `$a<r>` with its length `$n<r>`,
 * stride `$s<r>` and offset `$z<r>`.
 */
export interface TensorView {
  /** The dtype the view was guarded for (the one seen at compile time). */
  readonly dtype: DType;
  /** Guarded for stride 1 (as seen at compile time): reads are one typed-array load. */
  readonly unit: boolean;
}

/** The one-index read instructions' tensor operand at `pc`, else -1. */
function indexedReg(code: Int32Array, kv: unknown[], pc: number): number {
  const w = pc << 2, op = code[w];
  if (op === OP.GETIDX) return code[w + 2];
  if (op === OP.INDEX && (kv[code[w + 3]] as { n?: number })?.n === 1) {
    return code[w + 2];
  }
  return -1;
}

/**
 * Picks the registers of a loop region worth a view (object on entry, never
 * written in the region, read by a one-index read of a rank-1 tensor seen at
 * compile time), records them in `views`, and returns the loop head's JS
 * that fills their locals (after the registers are loaded).
 */
export function planViews(
  ctx: EmitCtx,
  cfg: Cfg,
  inEntry: Uint8Array,
  written: Uint8Array,
  views: Map<number, TensorView>,
): string[] {
  const head: string[] = [];
  const { code, kv } = ctx.proto;
  for (const blk of cfg.blocks) {
    for (let pc = blk.start; pc < blk.end; pc++) {
      const r = indexedReg(code, kv, pc);
      if (r < 0 || views.has(r) || written[r] || inEntry[r] !== K_OBJ) {
        continue;
      }
      const t = ctx.peek(pc, r) as {
        dtype?: DType;
        shape?: unknown[];
        strides?: number[];
      };
      if (typeof t?.dtype !== "string" || t.shape?.length !== 1) continue;
      const dt = t.dtype, o = v(r, K_OBJ), unit = t.strides?.[0] === 1;
      views.set(r, { dtype: dt, unit });
      const empty = ctx.bind(emptyData(dt));
      head.push(
        unit
          ? `let $a${r} = ${empty};`
          : `let $a${r} = ${empty}, $n${r} = 0, $s${r} = 0, $z${r} = 0;`,
        `if (${o} instanceof $Tensor && ${o}.dtype === "${dt}" && ${o}.shape.length === 1${
          unit ? ` && ${o}.strides[0] === 1` : ""
        }) {`,
        unit
          // Exactly the tensor's elements: a read past either end gives
          // undefined, so the typed array's own bounds check is the only one.
          ? `$a${r} = ${o}.data.subarray(${o}.offset, ${o}.offset + ${o}.shape[0]);`
          : `$a${r} = ${o}.data; $n${r} = ${o}.shape[0]; $s${r} = ${o}.strides[0]; $z${r} = ${o}.offset;`,
        `}`,
      );
    }
  }
  return head;
}

const empties = new Map<DType, TensorData>();

/** An empty array of the dtype's storage type (a view that always misses). */
function emptyData(dt: DType): TensorData {
  let e = empties.get(dt);
  if (e === undefined) empties.set(dt, e = allocData(dt, 0));
  return e;
}

/**
 * The JS storing element `i` (an int local) of the view of register `r`
 * into local `dst` when in bounds, else running `slow` (the VM's index path).
 */
export function viewRead(
  r: number,
  unit: boolean,
  i: string,
  isBool: boolean,
  dst: string,
  slow: string,
): string {
  if (unit) {
    // `$a<r>` holds exactly the tensor's elements (planViews): undefined
    // for a negative or too large index, and V8 drops the test while reads
    // stay in bounds (docs/performance.md, "Scalar programs").
    return `$x = $a${r}[${i}]; if ($x !== undefined) ${dst} = ${
      isBool ? "$x !== 0" : "$x"
    }; else ${slow}`;
  }
  const rd = `$a${r}[$z${r} + ${i} * $s${r}]`;
  return `if ((${i} >>> 0) < $n${r}) ${dst} = ${
    isBool ? `${rd} !== 0` : rd
  }; else ${slow}`;
}
