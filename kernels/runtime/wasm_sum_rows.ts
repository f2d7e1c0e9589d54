// Column sums of f32 storage in the Wasm heap by the generated `sum_rows`
// (kernels/codegen/wasm_sum_rows.ts): kernels/reduce.ts's bias-gradient
// fast path calls it before its JS loop, with the same results.

import { SUM_ROWS_MODULE_KEY, sumRowsFunc } from "../codegen/wasm_sum_rows.ts";
import { heapAlloc, heapFree, heapOffsetOf, wasmHeap } from "./wasm_heap.ts";
import { heapInstance } from "./wasm_heap_ops.ts";

type SumRows = (
  x: number,
  outer: number,
  n: number,
  inner: number,
  out: number,
) => void;

let fn: SumRows | null | undefined;

function sumRows(): SumRows | null {
  if (fn === undefined) {
    const e = heapInstance(SUM_ROWS_MODULE_KEY, () => [sumRowsFunc()]);
    fn = e === null ? null : e.sum_rows as SumRows;
  }
  return fn;
}

/**
 * acc[o·inner + i] = Σ_k xd[base + (o·n + k)·inner + i] in f64, row order,
 * when `xd` lives in the Wasm heap; false (acc untouched) when it does not
 * or the heap has no room for the sums.
 */
export function sumRowsWasm(
  acc: Float64Array,
  xd: Float32Array,
  base: number,
  outer: number,
  n: number,
  inner: number,
): boolean {
  const x = heapOffsetOf(xd);
  if (x < 0) return false;
  const run = sumRows();
  if (run === null) return false;
  const len = outer * inner, out = heapAlloc(len * 8);
  if (out < 0) return false;
  run(x + base * 4, outer, n, inner, out);
  const mem = wasmHeap() as WebAssembly.Memory; // xd is a heap view
  acc.set(new Float64Array(mem.buffer, out, len));
  heapFree(out);
  return true;
}
