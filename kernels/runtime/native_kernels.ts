// Compiles loop-IR kernels to native code: renders LLVM IR
// (kernels/codegen/llvm.ts), builds it with clang through the native cache
// (a second run compiles nothing), loads it with Deno.dlopen and returns a
// function with the JS kernels' calling shape (buffers, offsets, params, out).

import { LLVM_KERNEL_SYMBOL, renderLlvm } from "../codegen/llvm.ts";
import { type LoopKernel, printKernel } from "../schedule/loop_ir.ts";
import { cacheDir, libraryFor } from "./native_cache.ts";
import { findToolchain } from "./native_toolchain.ts";

/** Storage a native kernel reads (f32, f64 or i32 elements). */
export type NativeInput = Float32Array | Float64Array | Int32Array;

/** A compiled kernel: out[i] for each loop position, in row-major order. */
export type NativeKernelFn = (
  bufs: readonly NativeInput[],
  offsets: readonly number[],
  params: readonly number[],
  out: Float32Array | Float64Array,
) => void;

/** The clang flags loop kernels are built with (part of their cache key). */
export const KERNEL_FLAGS: readonly string[] = [
  "-O3",
  "-march=native",
  "-shared",
  "-fPIC",
  "-Wno-override-module",
];

const ARRAY = {
  f32: Float32Array,
  f64: Float64Array,
  i32: Int32Array,
} as const;

const compiled = new Map<string, NativeKernelFn>();

/**
 * Compiles `k` natively (memoised per kernel text), or returns why not:
 * no clang, no FFI permission, or a kernel the generator does not lower.
 */
export function compileNativeKernel(
  k: LoopKernel,
  opts: { readonly dir?: string } = {},
): NativeKernelFn | string {
  const key = printKernel(k);
  const hit = compiled.get(key);
  if (hit !== undefined) return hit;
  const tc = findToolchain();
  if (typeof tc === "string") return tc;
  const ir = renderLlvm(k, tc.major);
  if (!ir.ok) return ir.reason;
  const dir = opts.dir ?? cacheDir();
  if (dir === null) return "no cache folder";
  if (
    Deno.permissions.querySync({ name: "ffi", path: dir }).state !== "granted"
  ) {
    return `no permission to load native code from ${dir}`;
  }
  const built = libraryFor({
    name: "loop",
    sources: [{ name: "kernel.ll", text: ir.text }],
    flags: KERNEL_FLAGS,
  }, { dir, toolchain: tc });
  if (!built.ok) return built.reason;
  const nb = k.bufs.length;
  let lib;
  try {
    lib = Deno.dlopen(
      built.path,
      {
        [LLVM_KERNEL_SYMBOL]: {
          parameters: Array(nb + 3).fill("buffer"),
          result: "void",
          nonblocking: false,
        },
      } as const,
    );
  } catch (e) {
    return `cannot load ${built.path}: ${e instanceof Error ? e.message : e}`;
  }
  const sym = lib.symbols[LLVM_KERNEL_SYMBOL] as unknown as (
    ...args: ArrayBufferView[]
  ) => void;
  const offs = new BigInt64Array(nb);
  const fn: NativeKernelFn = (bufs, offsets, params, out) => {
    const r = k.reduce;
    const total = k.shape.reduce(
      (s, d, l) =>
        r !== undefined && l >= r.redStart && l < r.innerStart ? s : s * d,
      1,
    );
    if (out.length < total) {
      throw new RangeError("native kernel: output too short");
    }
    if (params.length < k.nParams) {
      throw new RangeError("native kernel: params");
    }
    for (let b = 0; b < nb; b++) {
      if (!(bufs[b] instanceof ARRAY[k.bufs[b].dtype as keyof typeof ARRAY])) {
        throw new TypeError(`native kernel: b${b} is not ${k.bufs[b].dtype}`);
      }
      checkReach(bufs[b], offsets[b], k.shape, k.bufs[b].strides);
      offs[b] = BigInt(offsets[b]);
    }
    sym(...bufs, out, offs, Float64Array.from(params));
  };
  compiled.set(key, fn);
  return fn;
}

/** Throws when a buffer's strided walk would leave its array. */
function checkReach(
  buf: NativeInput,
  off: number,
  shape: readonly number[],
  strides: readonly number[],
): void {
  let lo = off, hi = off;
  shape.forEach((d, l) => {
    const span = (d - 1) * strides[l];
    if (span < 0) lo += span;
    else hi += span;
  });
  if (shape.some((d) => d === 0)) return;
  if (!(lo >= 0 && hi < buf.length)) {
    throw new RangeError("native kernel: a buffer view is out of bounds");
  }
}
