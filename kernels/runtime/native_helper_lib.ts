// Small one-function C helpers (batch gather, Adam): built once per machine
// by clang through the native cache and opened with Deno.dlopen, or null
// where dl may not load native code (no clang, no cache folder, no FFI
// permission for it) so the caller falls back to JS or Wasm.

import { cacheDir, libraryFor } from "./native_cache.ts";
import { findToolchain } from "./native_toolchain.ts";

/** One exported C function: its name, FFI parameter types and source. */
export interface HelperSpec {
  /** Cache name of the library (e.g. "adam_f32"). */
  readonly name: string;
  /** File name of the single C source, for diagnostics. */
  readonly file: string;
  readonly source: string;
  readonly flags: readonly string[];
  /** The exported symbol. */
  readonly symbol: string;
  readonly parameters: readonly Deno.NativeType[];
}

/**
 * Builds (or finds in the cache) and opens the helper, returning its
 * function; null when native code is unavailable or not permitted. Never
 * throws.
 */
export function openHelper<F>(spec: HelperSpec): F | null {
  try {
    // The permission first: probing for clang spawns a process (~4 ms),
    // wasted where the library could not be opened anyway.
    const dir = cacheDir();
    if (
      dir === null ||
      Deno.permissions.querySync({ name: "ffi", path: dir }).state !==
        "granted"
    ) {
      return null;
    }
    const tc = findToolchain();
    if (typeof tc === "string") return null;
    const built = libraryFor({
      name: spec.name,
      sources: [{ name: spec.file, text: spec.source }],
      flags: [...spec.flags],
    }, { dir, toolchain: tc });
    if (!built.ok) return null;
    const lib = Deno.dlopen(built.path, {
      [spec.symbol]: {
        parameters: [...spec.parameters],
        result: "void",
        nonblocking: false,
      },
    });
    return lib.symbols[spec.symbol] as unknown as F;
  } catch {
    return null; // no permission or no loader: the caller's fallback runs
  }
}
