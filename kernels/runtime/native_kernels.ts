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
const NO_VIEW = new Float64Array(0);

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
  // Per-kernel constants and scratch, so a launch allocates nothing.
  const r = k.reduce;
  const total = k.shape.reduce(
    (s, d, l) =>
      r !== undefined && l >= r.redStart && l < r.innerStart ? s : s * d,
    1,
  );
  const types = k.bufs.map((b) => ARRAY[b.dtype as keyof typeof ARRAY]);
  const reach = k.bufs.map((b) => reachOf(k.shape, b.strides));
  const ps = new Float64Array(Math.max(1, k.nParams));
  const args: ArrayBufferView[] = new Array(nb + 3);
  const fn: NativeKernelFn = (bufs, offsets, params, out) => {
    if (out.length < total) {
      throw new RangeError("native kernel: output too short");
    }
    if (params.length < k.nParams) {
      throw new RangeError("native kernel: params");
    }
    for (let b = 0; b < nb; b++) {
      const buf = bufs[b], off = offsets[b], [lo, hi] = reach[b];
      if (!(buf instanceof types[b])) {
        throw new TypeError(`native kernel: b${b} is not ${k.bufs[b].dtype}`);
      }
      if (!(off + lo >= 0 && off + hi < buf.length)) {
        throw new RangeError("native kernel: a buffer view is out of bounds");
      }
      offs[b] = BigInt(off);
      args[b] = buf;
    }
    for (let i = 0; i < k.nParams; i++) ps[i] = params[i];
    args[nb] = out;
    args[nb + 1] = offs;
    args[nb + 2] = ps;
    sym(...args);
    // The closure outlives the launch: let go of its storage.
    for (let b = 0; b <= nb; b++) args[b] = NO_VIEW;
  };
  compiled.set(key, fn);
  return fn;
}

/**
 * The lowest and highest element offsets (relative to the view's offset)
 * a strided walk over `shape` reaches; [0, -1] when the shape is empty, so
 * any offset passes (nothing is read).
 */
function reachOf(
  shape: readonly number[],
  strides: readonly number[],
): [number, number] {
  if (shape.some((d) => d === 0)) return [0, -1];
  let lo = 0, hi = 0;
  shape.forEach((d, l) => {
    const span = (d - 1) * strides[l];
    if (span < 0) lo += span;
    else hi += span;
  });
  return [lo, hi];
}
