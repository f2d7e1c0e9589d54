// Bulk memory operations on the Wasm heap done by Wasm itself: V8's typed
// array `fill` and `set` on shared memory go element by element with relaxed
// atomics (3-10x slower than on plain buffers, docs/performance.md), while
// `memory.fill` and `memory.copy` run as memset and memmove.

import { FuncBuilder, get, i32, opi } from "../codegen/wasm_dsl.ts";
import type { WasmFunc } from "../codegen/wasm_encoder.ts";
import { compileWasm, hasSimd } from "./wasm_modules.ts";
import { HEAP_MAX_PAGES, wasmHeap } from "./wasm_heap.ts";

interface HeapOps {
  /** Zeroes `bytes` bytes at byte offset `at`. */
  readonly zero: (at: number, bytes: number) => void;
  /** Copies `bytes` bytes from byte offset `from` to byte offset `to`. */
  readonly copy: (to: number, from: number, bytes: number) => void;
}

let ops: HeapOps | null | undefined;

function build(): FuncBuilder[] {
  const zero = new FuncBuilder("zero", ["i32", "i32"]);
  zero.emit(get(0), i32(0), get(1), opi("memory.fill", []));
  const copy = new FuncBuilder("copy", ["i32", "i32", "i32"]);
  copy.emit(get(0), get(1), get(2), opi("memory.copy", []));
  return [zero, copy];
}

/**
 * The module of `funcs` over the heap's memory (imported, shared), compiled
 * once under `key`; null without Wasm SIMD or a valid module.
 */
export function heapModule(
  key: string,
  funcs: () => WasmFunc[],
): WebAssembly.Module | null {
  try {
    if (!hasSimd()) return null;
    const r = compileWasm(key, () => ({
      memory: { imported: true, shared: true, min: 1, max: HEAP_MAX_PAGES },
      funcs: funcs(),
    }));
    return r.ok ? r.module : null;
  } catch {
    return null; // no Wasm here
  }
}

/**
 * The exports of heapModule(key, funcs) instantiated over the heap's memory;
 * null without Wasm SIMD, a heap, or a valid module.
 */
export function heapInstance(
  key: string,
  funcs: () => WasmFunc[],
): WebAssembly.Exports | null {
  try {
    const memory = wasmHeap();
    if (typeof memory === "string") return null;
    const module = heapModule(key, funcs);
    if (module === null) return null;
    return new WebAssembly.Instance(module, { env: { memory } }).exports;
  } catch {
    return null; // no Wasm here
  }
}

/** The heap's zero and copy functions, or null without Wasm SIMD or a heap. */
export function heapOps(): HeapOps | null {
  if (ops !== undefined) return ops;
  const e = heapInstance("heap_ops", () => build().map((f) => f.finish()));
  ops = e === null ? null : {
    zero: e.zero as HeapOps["zero"],
    copy: e.copy as HeapOps["copy"],
  };
  return ops;
}
