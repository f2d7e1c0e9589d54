// Compiles dl's generated Wasm modules: encodes, validates with
// WebAssembly.validate, caches compiled modules by key, and prints each new
// module as text to stderr under DL_DEBUG=4.

import { encodeModule, type WasmModuleDesc } from "../codegen/wasm_encoder.ts";
import { printModule } from "../codegen/wasm_text.ts";
import { debugLevel } from "./debug_exit.ts";

const cache = new Map<string, WebAssembly.Module>();
let compiled = 0;

/**
 * How many Wasm modules this process has compiled (GEMM, Adam, element-wise
 * kernels): a warmed-up training step must not move it.
 */
export function wasmModulesCompiled(): number {
  return compiled;
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
  compiled++;
  cache.set(key, module);
  return { ok: true, module };
}

/** `() -> v128 { f32x4.add(0, 0) }`, as the encoder writes it (tested). */
export const SIMD_PROBE: Uint8Array<ArrayBuffer> = probe(
  [253, 228, 1],
  2,
);

/** `() -> v128 { f32x4.relaxed_madd(0, 0, 0) }` (tested like SIMD_PROBE). */
export const RELAXED_PROBE: Uint8Array<ArrayBuffer> = probe(
  [253, 133, 2],
  3,
);

/**
 * The bytes of an exported `probe` function of type () -> v128 that pushes
 * `consts` zero vectors and applies the opcode bytes `code` (kept as bytes
 * so that the check costs no code generation at start-up).
 */
function probe(code: number[], consts: number): Uint8Array<ArrayBuffer> {
  const body = [0];
  for (let i = 0; i < consts; i++) body.push(253, 12, ...new Array(16).fill(0));
  body.push(...code, 11);
  return new Uint8Array([
    ...[0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0],
    ...[7, 9, 1, 5, 112, 114, 111, 98, 101, 0, 0],
    ...[10, body.length + 2, 1, body.length, ...body],
  ]);
}

/** Whether this engine validates SIMD128 modules. */
export function hasSimd(): boolean {
  return WebAssembly.validate(SIMD_PROBE);
}

/** Whether this engine validates relaxed SIMD (f32x4.relaxed_madd). */
export function hasRelaxedSimd(): boolean {
  return WebAssembly.validate(RELAXED_PROBE);
}
