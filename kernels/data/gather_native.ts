// Batch gathering in C (clang -O2 through the native cache): the shuffled
// rows of one batch copied with one memcpy each in a single FFI call per
// batch, instead of one `set(subarray)` (a view object and a builtin call)
// per row. Used only where dl may load native code (the native backend's
// permissions); else null, and kernels/data/batches.ts copies in JS.

import { openHelper } from "../runtime/native_helper_lib.ts";
import type { TensorData } from "../tensor.ts";

const SOURCE = `// dl's batch row gather (kernels/data/gather_native.ts)
#include <string.h>
typedef long i64;
void dl_gather_rows(char *dst, const char *src, const int *order, i64 lo,
    i64 hi, i64 row_bytes) {
  for (i64 i = lo; i < hi; i++) {
    memcpy(dst + (i - lo) * row_bytes, src + (i64)order[i] * row_bytes,
        (size_t)row_bytes);
  }
}
`;

const FLAGS = ["-O2", "-shared", "-fPIC"];

/**
 * Copies rows order[lo..hi-1] of `src` (each `rowBytes` bytes, counted from
 * the start of its view) to consecutive rows of `dst` (from its start).
 */
export type GatherFn = (
  dst: TensorData,
  src: TensorData,
  order: Int32Array,
  lo: number,
  hi: number,
  rowBytes: number,
) => void;

let fn: GatherFn | null | undefined;

/** The native gather, loaded (and built once per machine) on first use; null when unavailable. */
export function nativeGather(): GatherFn | null {
  if (fn === undefined) {
    fn = openHelper<GatherFn>({
      name: "gather_rows",
      file: "gather.c",
      source: SOURCE,
      flags: FLAGS,
      symbol: "dl_gather_rows",
      parameters: ["buffer", "buffer", "buffer", "i64", "i64", "i64"],
    });
  }
  return fn;
}
