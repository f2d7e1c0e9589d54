// Graph ops that autodiff adds for exact higher derivatives: `gather` (rows
// of a table by integer ids, Embedding's forward) with its adjoint
// `scatter_add`, and `gelu_grad` (gelu's derivative as a node, so gelu can be
// differentiated again). Eager values plus traced wrappers and VJP rules.

import { erfc } from "../../compiler/core/special_math.ts";
import { argError, indexError } from "../errors.ts";
import * as T from "../graph/traced.ts";
import { copyInto, scratchF64, Tensor } from "../tensor.ts";
import { f, mapConst } from "./helpers.ts";
import type { VjpRule } from "./vjp_rules.ts";

function checkIds(fn: string, ids: Tensor, rows: number): Float64Array {
  if (ids.dtype !== "i32") {
    throw argError(fn, `indices must be an i32 tensor, found ${ids.dtype}`);
  }
  const buf = new Float64Array(ids.size);
  copyInto(ids, buf, 0);
  for (const i of buf) {
    if (i < 0 || i >= rows) throw indexError(i, "axis 0", rows);
  }
  return buf;
}

/** `table[ids]`: rows of a `[n, ...]` table by i32 ids, shape `[...ids, ...]`. */
export function gather(table: Tensor, ids: Tensor): Tensor {
  if (table.ndim < 1) throw argError("gather", "the table must have rank >= 1");
  const rows = table.shape[0], width = table.size / Math.max(1, rows);
  const idx = checkIds("gather", ids, rows);
  const t = table.contiguous();
  const out = Tensor.zeros(t.dtype, [...ids.shape, ...t.shape.slice(1)]);
  for (let k = 0; k < idx.length; k++) {
    const src = t.offset + idx[k] * width;
    out.data.set(t.data.subarray(src, src + width), k * width);
  }
  return T.traced("gather", [table, ids], out);
}

/** The adjoint of gather: a `[rows, ...]` zero table with `g`'s rows added at `ids`. */
export function scatterAdd(g: Tensor, ids: Tensor, rows: number): Tensor {
  const idx = checkIds("scatter_add", ids, rows);
  const tail = g.shape.slice(ids.ndim),
    width = g.size / Math.max(1, idx.length);
  const src = scratchF64(g.size);
  copyInto(g, src, 0);
  const acc = new Float64Array(rows * width);
  for (let k = 0; k < idx.length; k++) {
    const base = idx[k] * width;
    for (let j = 0; j < width; j++) acc[base + j] += src[k * width + j];
  }
  const out = Tensor.zeros(g.dtype, [rows, ...tail]);
  for (let i = 0; i < acc.length; i++) out.data[i] = acc[i];
  return T.traced("scatter_add", [g, ids], out, { rows });
}

function geluPrime(v: number): number {
  return 0.5 * erfc(-v * Math.SQRT1_2) +
    v * Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
}

/** gelu'(x) element-wise, recorded so that it has a gradient itself. */
export function geluGrad(x: Tensor): Tensor {
  return T.traced("gelu_grad", [x], mapConst(x, geluPrime));
}

/** gelu''(x) = φ(x) (2 - x²), from traced ops (differentiable again). */
function geluSecond(x: Tensor): Tensor {
  const x2 = T.binary("mul", x, x);
  const phi = T.binary(
    "mul",
    T.unary("exp", T.binary("mul", x2, f(-0.5))),
    f(1 / Math.sqrt(2 * Math.PI)),
  );
  return T.binary("mul", phi, T.binary("sub", f(2), x2));
}

/** VJP rules of gather, scatter_add and gelu_grad. */
export const EXTRA_RULES = {
  gather: (g, n) => {
    const [table, ids] = n.args as Tensor[];
    return [scatterAdd(g, ids, table.shape[0]), null];
  },
  scatter_add: (g, n) => [gather(g, n.args[1] as Tensor), null],
  gelu_grad: (g, n) => [T.binary("mul", g, geluSecond(n.args[0] as Tensor))],
} as const satisfies Record<string, VjpRule>;
