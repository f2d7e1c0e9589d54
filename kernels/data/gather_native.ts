// Batch gathering in C (clang -O2 through the native cache): the shuffled
// rows of one batch copied with one memcpy each in a single FFI call per
// batch, instead of one `set(subarray)` (a view object and a builtin call)
// per row. Used only where dl may load native code (the native backend's
// permissions); else null, and kernels/data/batches.ts copies in JS.

import { cacheDir, libraryFor } from "../runtime/native_cache.ts";
import { findToolchain } from "../runtime/native_toolchain.ts";
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

function load(): GatherFn | null {
  const tc = findToolchain();
  if (typeof tc === "string") return null;
  const dir = cacheDir();
  if (
    dir === null ||
    Deno.permissions.querySync({ name: "ffi", path: dir }).state !== "granted"
  ) {
    return null;
  }
  const built = libraryFor({
    name: "gather_rows",
    sources: [{ name: "gather.c", text: SOURCE }],
    flags: FLAGS,
  }, { dir, toolchain: tc });
  if (!built.ok) return null;
  const lib = Deno.dlopen(
    built.path,
    {
      dl_gather_rows: {
        parameters: ["buffer", "buffer", "buffer", "i64", "i64", "i64"],
        result: "void",
        nonblocking: false,
      },
    } as const,
  );
  return lib.symbols.dl_gather_rows as unknown as GatherFn;
}

/** The native gather, loaded (and built once per machine) on first use; null when unavailable. */
export function nativeGather(): GatherFn | null {
  if (fn !== undefined) return fn;
  try {
    fn = load();
  } catch {
    fn = null; // no permission or no loader: the JS copy runs instead
  }
  return fn;
}
