// The GEMM epilogue as a separate pass over C (`C = act(C + bias)`, the op
// table's own evaluator, each step rounded to C's type): what backends that
// do not fuse it run after their product, and the reference the fused ones
// are tested against.

import { opDef } from "../../compiler/core/ops.ts";
import type { GemmParams } from "./gemm_contract.ts";

/** Applies `p.epilogue` (when any) to C's m×n elements. */
export function applyEpilogue(p: GemmParams): void {
  const e = p.epilogue;
  if (e === undefined || (e.bias === null && e.act === null)) return;
  const { m, n, c, ldc, cOffset } = p;
  const round = c instanceof Float32Array ? Math.fround : (x: number) => x;
  const f = e.act === null ? null : opDef(e.act).evalF ?? null;
  const bias = e.bias, bo = e.biasOffset;
  for (let i = 0; i < m; i++) {
    const row = cOffset + i * ldc;
    for (let j = 0; j < n; j++) {
      let x = c[row + j];
      if (bias !== null) x = round(x + bias[bo + j]);
      if (f !== null) x = round(f(x, 0, 0));
      c[row + j] = x;
    }
  }
}

/** True when the backend fusing `acts` fuses `p`'s whole epilogue. */
export function fusesEpilogue(
  p: GemmParams,
  acts: readonly string[] | undefined,
): boolean {
  const e = p.epilogue;
  return e === undefined || acts !== undefined &&
      (e.act === null || acts.includes(e.act));
}
