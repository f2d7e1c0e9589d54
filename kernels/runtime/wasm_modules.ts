// Compiles dl's generated Wasm modules: encodes, validates with
// WebAssembly.validate, caches compiled modules by key, and prints each new
// module as text to stderr under DL_DEBUG=4.

import { encodeModule, type WasmModuleDesc } from "../codegen/wasm_encoder.ts";
import { printModule } from "../codegen/wasm_text.ts";
import { ins, type Op } from "../codegen/wasm_isa.ts";

const cache = new Map<string, WebAssembly.Module>();

function debugLevel(): number {
  try {
    const v = Number(Deno.env.get("DL_DEBUG") ?? "0");
    return Number.isFinite(v) ? v : 0;
  } catch {
    return 0; // no env permission: no debugging output
  }
}

/** A compiled module, or why it could not be built. */
export type CompileResult =
  | { readonly ok: true; readonly module: WebAssembly.Module }
  | { readonly ok: false; readonly reason: string };

/**
 * The compiled module for `key`, building it from `make()` on first use.
 * A module that fails WebAssembly.validate is reported, never instantiated.
 */
export function compileWasm(
  key: string,
  make: () => WasmModuleDesc,
): CompileResult {
  const hit = cache.get(key);
  if (hit !== undefined) return { ok: true, module: hit };
  const desc = make();
  const bytes = encodeModule(desc);
  if (debugLevel() >= 4) {
    console.error(`;; wasm module ${key} (${bytes.length} bytes)`);
    console.error(printModule(desc));
  }
  if (!WebAssembly.validate(bytes)) {
    return { ok: false, reason: `generated Wasm module '${key}' is invalid` };
  }
  const module = new WebAssembly.Module(bytes);
  cache.set(key, module);
  return { ok: true, module };
}

function probe(ops: readonly Op[]): boolean {
  const body = ops.map((o) => o === "v128.const" ? ins(o, 0, 0, 0, 0) : ins(o));
  return WebAssembly.validate(encodeModule({
    funcs: [{
      name: "probe",
      params: [],
      results: ["v128"],
      locals: [],
      body,
      exported: true,
    }],
  }));
}

/** Whether this engine validates SIMD128 modules. */
export function hasSimd(): boolean {
  return probe(["v128.const", "v128.const", "f32x4.add"]);
}

/** Whether this engine validates relaxed SIMD (f32x4.relaxed_madd). */
export function hasRelaxedSimd(): boolean {
  return probe([
    "v128.const",
    "v128.const",
    "v128.const",
    "f32x4.relaxed_madd",
  ]);
}
