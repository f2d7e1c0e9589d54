// The reference backend: interprets a loop-IR kernel element by element with
// the op table's scalar evaluators (compiler/core/ops.ts). Slow and simple;
// it is the oracle the generated JavaScript kernels are tested against.

import { type OpDef, OPS } from "../../compiler/core/ops.ts";
import type { LoopKernel } from "../schedule/loop_ir.ts";

/** Runs `k` with the same arguments as a compiled kernel (codegen/js.ts KernelFn). */
export function runReference(
  k: LoopKernel,
  bufs: readonly ArrayLike<number>[],
  offsets: readonly number[],
  params: readonly number[],
  out: { [i: number]: number },
): void {
  const rank = k.shape.length;
  const total = k.shape.reduce((s, d) => s * d, 1);
  const r = k.reduce;
  const innerSize = r === undefined
    ? 1
    : k.shape.slice(r.innerStart).reduce((s, d) => s * d, 1);
  const idx = new Array<number>(rank).fill(0);
  const vals = new Array<number>(k.body.length).fill(0);
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = rest % k.shape[d];
      rest = Math.floor(rest / k.shape[d]);
    }
    k.body.forEach((ins, i) => {
      if (ins.k === "load") {
        const b = k.bufs[ins.buf];
        let p = offsets[ins.buf];
        for (let d = 0; d < rank; d++) p += idx[d] * b.strides[d];
        vals[i] = bufs[ins.buf][p];
      } else if (ins.k === "param") vals[i] = params[ins.index];
      else if (ins.k === "fround") vals[i] = Math.fround(vals[ins.args[0]]);
      else if (ins.k === "bool") vals[i] = vals[ins.args[0]] !== 0 ? 1 : 0;
      else {
        const def: OpDef = OPS[ins.op];
        const f = ins.mode === "F" ? def.evalF! : def.evalI!;
        const [a, b = 0, c = 0] = ins.args.map((x) => vals[x]);
        vals[i] = f(a, b, c);
      }
    });
    const v = vals[k.result];
    if (r === undefined) {
      out[flat] = v;
      continue;
    }
    let outer = 0, inner = 0;
    for (let d = 0; d < r.redStart; d++) outer = outer * k.shape[d] + idx[d];
    for (let d = r.innerStart; d < rank; d++) {
      inner = inner * k.shape[d] + idx[d];
    }
    const q = outer * innerSize + inner;
    const combine: OpDef = OPS[r.combine];
    out[q] = combine.evalF!(out[q], v, 0);
  }
}
