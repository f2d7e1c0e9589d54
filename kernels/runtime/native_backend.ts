// The native CPU backend: builds native/*.c with clang (through the content
// cache), loads it with Deno.dlopen and calls dl_sgemm / dl_dgemm (packed,
// blocked AVX-512/AVX2 kernels with their own thread pool) for GemmParams.

import type {
  BackendOptions,
  CpuBackend,
  FloatArray,
  GemmParams,
} from "./gemm_contract.ts";
import {
  type BuildSpec,
  cacheDir,
  libraryFor,
  type NativeSource,
} from "./native_cache.ts";
import { setNativeKernels } from "./native_launch.ts";
import { readEnv } from "./env.ts";

/** The clang flags the kernel library is built with (also in its cache key). */
export const NATIVE_FLAGS: readonly string[] = [
  "-O3",
  "-march=native",
  "-shared",
  "-fPIC",
  "-pthread",
  "-fvisibility=hidden",
  // The GEMM's pool threads wait inside the library between calls. Deno
  // closes a module's libraries when its worker ends (each `deno test` file
  // runs in one), and dlclose would unmap the code and state those threads
  // sleep in; a later dlopen then maps a fresh copy that the stale threads
  // can wake into. NODELETE keeps the library mapped once loaded.
  "-Wl,-z,nodelete",
];

/** The ABI version native/gemm.c reports (dl_native_abi). */
const NATIVE_ABI = 1;

const GEMM_PARAMS = [
  "i64", // m
  "i64", // n
  "i64", // k
  "buffer", // a
  "i64", // a offset
  "i64", // a row stride
  "i64", // a column stride
  "buffer", // b
  "i64", // b offset
  "i64", // b row stride
  "i64", // b column stride
  "buffer", // c
  "i64", // c offset
  "i64", // ldc
  "i32", // accumulate
  "i32", // threads
] as const;

const SYMBOLS = {
  dl_sgemm: { parameters: GEMM_PARAMS, result: "void", nonblocking: false },
  dl_dgemm: { parameters: GEMM_PARAMS, result: "void", nonblocking: false },
  dl_native_abi: { parameters: [], result: "i32", nonblocking: false },
} as const;

type NativeLib = Deno.DynamicLibrary<typeof SYMBOLS>;

/** What the last successful init loaded (for DL_DEBUG and tests). */
export interface NativeStatus {
  readonly path: string;
  readonly built: boolean;
  readonly threads: number;
}

let lib: NativeLib | null = null;
let loadedPath = "";
/** Libraries replaced by a later load, kept open on purpose (see load). */
const retired: NativeLib[] = [];
let threads = 1;
let status: NativeStatus | null = null;

/** The library the native backend uses, or null before a successful init. */
export function nativeStatus(): NativeStatus | null {
  return status;
}

/** Reads native/*.c and *.h (the library's sources) beside this checkout. */
export function nativeSources(): NativeSource[] | string {
  const dir = new URL("../../native/", import.meta.url);
  const out: NativeSource[] = [];
  try {
    for (const e of Deno.readDirSync(dir)) {
      if (e.isFile && /\.(c|h)$/.test(e.name)) {
        out.push({
          name: e.name,
          text: Deno.readTextFileSync(new URL(e.name, dir)),
        });
      }
    }
  } catch (e) {
    return `cannot read the native sources: ${
      e instanceof Error ? e.message : e
    }`;
  }
  if (!out.some((s) => s.name.endsWith(".c"))) {
    return "the native sources (native/*.c) are missing";
  }
  return out;
}

/** The build of the GEMM library (sources + flags), for the cache. */
export function gemmBuildSpec(): BuildSpec | string {
  const sources = nativeSources();
  if (typeof sources === "string") return sources;
  return { name: "gemm", sources, flags: NATIVE_FLAGS };
}

/** Loads the library at `path` (needs --allow-ffi for it); null or a reason. */
function load(path: string): string | null {
  if (lib !== null && loadedPath === path) return null;
  const perm = Deno.permissions.querySync({ name: "ffi", path });
  if (perm.state !== "granted") {
    return `no permission to load native code from ${path} (start dl ` +
      `through ./dl, which grants --allow-ffi for the cache folder)`;
  }
  let opened: NativeLib;
  try {
    opened = Deno.dlopen(path, SYMBOLS);
  } catch (e) {
    return `cannot load ${path}: ${e instanceof Error ? e.message : e}`;
  }
  const abi = opened.symbols.dl_native_abi();
  if (abi !== NATIVE_ABI) {
    opened.close();
    return `${path} has ABI ${abi}, expected ${NATIVE_ABI}`;
  }
  // The previous library stays open: its worker threads still wait inside
  // it, and unmapping it (or mapping the new one over it) would let them
  // wake on the new library's condition variable and corrupt its calls.
  if (lib !== null) retired.push(lib);
  lib = opened;
  loadedPath = path;
  return null;
}

function init(opts: BackendOptions): string | null {
  const spec = gemmBuildSpec();
  if (typeof spec === "string") return `native backend: ${spec}`;
  const dir = cacheDir();
  if (dir === null) {
    return "native backend: no cache folder (set DL_CACHE_DIR or HOME)";
  }
  const perm = Deno.permissions.querySync({ name: "ffi", path: dir });
  if (perm.state !== "granted") {
    return `native backend: no permission to load native code from ${dir} ` +
      `(start dl through ./dl, which grants --allow-ffi for the cache folder)`;
  }
  const res = libraryFor(spec, { dir });
  if (!res.ok) return `native backend: ${res.reason}`;
  const why = load(res.path);
  if (why !== null) return `native backend: ${why}`;
  threads = Math.max(1, Math.min(64, Math.floor(opts.threads) || 1));
  status = { path: res.path, built: res.built, threads };
  // Fused element-wise kernels go native too (DL_NATIVE_KERNELS=0: JS).
  setNativeKernels(readEnv("DL_NATIVE_KERNELS") !== "0");
  return null;
}

/** Throws when a strided view reaches outside its array (a caller bug that
 * would otherwise be an out-of-bounds access in native code). */
function checkView(
  what: string,
  arr: FloatArray,
  off: number,
  rows: number,
  cols: number,
  rs: number,
  cs: number,
): void {
  let lo = off, hi = off;
  const dr = (rows - 1) * rs, dc = (cols - 1) * cs;
  if (dr < 0) lo += dr;
  else hi += dr;
  if (dc < 0) lo += dc;
  else hi += dc;
  if (!(lo >= 0 && hi < arr.length && Number.isSafeInteger(hi))) {
    throw new RangeError(`native gemm: ${what} view is out of bounds`);
  }
}

function call(
  fn: "dl_sgemm" | "dl_dgemm",
  p: GemmParams<FloatArray>,
): void {
  const { m, n, k } = p;
  if (m <= 0 || n <= 0) return;
  if (lib === null) throw new Error("native backend used before init");
  checkView("C", p.c, p.cOffset, m, n, p.ldc, 1);
  if (k > 0) {
    checkView("A", p.a, p.aOffset, m, k, p.aRowStride, p.aColStride);
    checkView("B", p.b, p.bOffset, k, n, p.bRowStride, p.bColStride);
  }
  // Deno's FFI takes numbers for i64 parameters (its types say bigint).
  const f = lib.symbols[fn] as unknown as (...args: unknown[]) => void;
  f(
    m,
    n,
    k,
    p.a,
    p.aOffset,
    p.aRowStride,
    p.aColStride,
    p.b,
    p.bOffset,
    p.bRowStride,
    p.bColStride,
    p.c,
    p.cOffset,
    p.ldc,
    p.accumulate ? 1 : 0,
    threads,
  );
}

/** The native backend (`--backend native`): clang-built GEMM through FFI. */
export const nativeBackend: CpuBackend = {
  name: "native",
  init,
  sgemm: (p) => call("dl_sgemm", p),
  dgemm: (p) => call("dl_dgemm", p),
};
