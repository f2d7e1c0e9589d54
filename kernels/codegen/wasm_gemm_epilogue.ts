// The GEMM epilogues of the Wasm backend: after a block of C has its last kc
// step, `C = act(C + bias)` runs over it while it is still in cache (bias
// one f32 per column, broadcast over rows; act a unary op of the op table).
// The activations are the unary ops that keep a float operand's type and
// whose Wasm rendering (wasm_loop_ops.ts) is inline and exact or correctly
// rounded in f32, so a fused epilogue gives the same bits as the
// element-wise kernels it replaces.

import { opDef } from "../../compiler/core/ops.ts";
import type { ElementwiseOpName } from "../schedule/loop_ir.ts";
import { type Expr, FuncBuilder, get, i32, op, opi } from "./wasm_dsl.ts";
import type { WasmFunc } from "./wasm_encoder.ts";
import { LANES, type Lanes, WASM_OPS, type WasmOp } from "./wasm_loop_ops.ts";

/** The activations a Wasm GEMM epilogue applies, in header-code order. */
export const EPILOGUE_ACTS: readonly ElementwiseOpName[] = (
  Object.keys(WASM_OPS) as ElementwiseOpName[]
).filter((name) => {
  const w: WasmOp = WASM_OPS[name], d = opDef(name);
  return d.kind === "unary" && d.dtype === "promote" &&
    d.evalF !== undefined && w.emit !== undefined && w.cls !== "call";
});

/** The export applying `act` (null: the bias alone). */
export function epilogueExport(act: ElementwiseOpName | null): string {
  return act === null ? "epi" : `epi_${act}`;
}

/**
 * `epi_<act>(c, ldc, rows, cols, bias)`: for each of `rows` rows of C at byte
 * address `c` (row stride `ldc` bytes) and its first `cols` columns,
 * `x = act(x + bias[j])`; `bias` is a byte address, or -1 for none.
 */
function epilogue(act: ElementwiseOpName | null): WasmFunc {
  const f = new FuncBuilder(epilogueExport(act), [
    "i32",
    "i32",
    "i32",
    "i32",
    "i32",
  ]);
  const [c, ldc, rows, cols, bias] = [0, 1, 2, 3, 4];
  const r = f.local("i32"), j = f.local("i32"), row = f.local("i32");
  const quads = f.let("i32", op("i32.and", get(cols), i32(-4)));
  const apply = (L: Lanes, x: Expr): Expr =>
    act === null ? x : (WASM_OPS[act] as WasmOp).emit!(L, [x]);
  const pass = (withBias: boolean) => {
    f.forRange(r, i32(0), get(rows), i32(1), () => {
      f.set(row, op("i32.add", get(c), op("i32.mul", get(r), get(ldc))));
      const at = (base: number) =>
        op("i32.add", get(base), op("i32.shl", get(j), i32(2)));
      f.forRange(j, i32(0), get(quads), i32(4), () => {
        let x = opi("v128.load", [2, 0], at(row));
        if (withBias) {
          x = op("f32x4.add", x, opi("v128.load", [2, 0], at(bias)));
        }
        f.store("v128.store", at(row), apply(LANES.f32x4, x));
      });
      f.forRange(j, get(quads), get(cols), i32(1), () => {
        let x = opi("f32.load", [2, 0], at(row));
        if (withBias) x = op("f32.add", x, opi("f32.load", [2, 0], at(bias)));
        f.store("f32.store", at(row), apply(LANES.f32, x));
      });
    });
  };
  f.ifElse(op("i32.ge_s", get(bias), i32(0)), () => pass(true), () => {
    pass(false);
  });
  return f.finish();
}

/** Every epilogue export: the bias alone, then one per EPILOGUE_ACTS entry. */
export function epilogueFuncs(): WasmFunc[] {
  return [epilogue(null), ...EPILOGUE_ACTS.map((a) => epilogue(a))];
}
