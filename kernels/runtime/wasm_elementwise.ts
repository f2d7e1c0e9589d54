// Runs loop-IR launches (kernels/schedule/lower.ts) as Wasm: compiles each
// kernel once through codegen/wasm_loop.ts (cached by the kernel's printed
// IR, like the JS kernels; kernels the generator declines are remembered
// and run as JS), stages the span of every input buffer into one shared
// Wasm memory (a memcpy each), runs the kernel, and copies the result (map)
// or the accumulators (reduce) back. Large map kernels are split across the
// element-wise worker pool (wasm_elementwise_pool.ts) when it is running.

import { type OpDef, OPS } from "../../compiler/core/ops.ts";
import {
  lowerLoopToWasm,
  outRowBytes,
  WASM_LOOP,
} from "../codegen/wasm_loop.ts";
import { ELEM_BYTES } from "../codegen/wasm_loop_body.ts";
import type { Launch } from "../schedule/lower.ts";
import { type LoopKernel, printKernel } from "../schedule/loop_ir.ts";
import type { TensorData } from "../tensor.ts";
import { compileWasm, hasSimd } from "./wasm_modules.ts";

/** Largest memory, in 64 KiB pages (2 GiB). */
const MAX_PAGES = 32768;

/** Bytes kept at the start of the memory (the pool's job header). */
export const WASM_EW_HEADER = 256;

/** Wasm element-wise settings and counters (DL_DEBUG, tests, benchmarks). */
export const WASM_KERNELS = {
  /** Fused kernels run as Wasm where they lower (the wasm backend's init). */
  enabled: false,
  /** Kernels compiled, declined (they run as JS), launches, milliseconds. */
  compiled: 0,
  declined: 0,
  launched: 0,
  compileMs: 0,
  /** The last trap (a generator bug; that kernel then runs as JS). */
  lastError: "",
};

/** Switches Wasm fused kernels on or off; returns the previous setting. */
export function setWasmKernels(on: boolean): boolean {
  const old = WASM_KERNELS.enabled;
  WASM_KERNELS.enabled = on;
  return old;
}

/** A kernel ready to run. */
export interface WasmKernel {
  readonly module: WebAssembly.Module;
  readonly calls: readonly string[];
  readonly run: (args: number, lo: number, hi: number) => void;
  readonly splittable: boolean;
}

/** The memory every element-wise kernel runs over (made on first use). */
let memory: WebAssembly.Memory | null = null;
let unavailable: string | null = null;
const kernels = new Map<string, WasmKernel | null>();

/** The shared memory of the element-wise kernels, or why there is none. */
export function wasmEwMemory(): WebAssembly.Memory | string {
  if (memory !== null) return memory;
  if (unavailable !== null) return unavailable;
  if (typeof WebAssembly !== "object" || !hasSimd()) {
    unavailable = "this engine has no WebAssembly SIMD128";
    return unavailable;
  }
  try {
    memory = new WebAssembly.Memory({
      initial: 16,
      maximum: MAX_PAGES,
      shared: true,
    });
  } catch (e) {
    unavailable = `cannot allocate shared Wasm memory: ${(e as Error).message}`;
    return unavailable;
  }
  return memory;
}

/** The imports of a kernel module: the memory and its ops' evaluators. */
export function kernelImports(
  mem: WebAssembly.Memory,
  calls: readonly string[],
): WebAssembly.Imports {
  const env: Record<string, WebAssembly.ImportValue> = { memory: mem };
  for (const c of calls) {
    env[`F_${c}`] = (OPS[c as keyof typeof OPS] as OpDef).evalF!;
  }
  return { env };
}

/** The cache key of `k` (its printed IR and the generator's switches). */
function kernelKey(k: LoopKernel): string {
  return printKernel(k) + (WASM_LOOP.f32Lanes ? "" : "\n  f64 lanes");
}

/** The compiled kernel of `k`, or null when it runs as JS. */
export function wasmKernelFor(k: LoopKernel): WasmKernel | null {
  const key = kernelKey(k);
  const hit = kernels.get(key);
  if (hit !== undefined) return hit;
  const t0 = performance.now();
  const mem = wasmEwMemory();
  let entry: WasmKernel | null = null;
  if (typeof mem !== "string") {
    const g = lowerLoopToWasm(k, { min: 1, max: MAX_PAGES });
    if (typeof g !== "string") {
      const c = compileWasm(`loop\n${key}`, () => g.desc);
      if (c.ok) {
        const inst = new WebAssembly.Instance(
          c.module,
          kernelImports(mem, g.calls),
        );
        entry = {
          module: c.module,
          calls: g.calls,
          run: inst.exports.kernel as WasmKernel["run"],
          splittable: g.splittable,
        };
      }
    }
  }
  kernels.set(key, entry);
  if (entry === null) WASM_KERNELS.declined++;
  else WASM_KERNELS.compiled++;
  WASM_KERNELS.compileMs += performance.now() - t0;
  return entry;
}

/** Number of distinct kernels compiled to Wasm (or declined) so far. */
export function wasmKernelCount(): number {
  return kernels.size;
}

const align16 = (x: number): number => (x + 15) & ~15;

function view(
  buf: ArrayBuffer | SharedArrayBuffer,
  d: TensorData,
  at: number,
  n: number,
): TensorData {
  const C = d.constructor as new (
    b: ArrayBuffer | SharedArrayBuffer,
    o: number,
    n: number,
  ) => TensorData;
  return new C(buf, at, n);
}

function isTyped(x: unknown): x is TensorData {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/** The element-wise pool's hooks (wasm_elementwise_pool.ts). */
export interface Splitter {
  /** Whether a launch of rows × rowElems elements should be split. */
  readonly wants: (rows: number, rowElems: number) => boolean;
  /** Runs level-0 rows across threads; false when it could not. */
  readonly split: (
    kern: WasmKernel,
    args: number,
    rows: number,
    rowElems: number,
  ) => boolean;
}

let splitter: Splitter | null = null;

/** Installs (or removes) the thread splitter (the element-wise pool). */
export function setSplitter(s: Splitter | null): void {
  splitter = s;
}

/**
 * Launches on one thread stage and run level-0 rows in blocks of about
 * `blockElems` elements, so that the staged copies stay in cache.
 */
export const WASM_EW = { blockElems: 1 << 14 };

/** The element span [lo, lo + n) buffer `b` touches over `rows` level-0 rows. */
function spanOf(k: LoopKernel, b: number, off: number, rows: number) {
  let lo = off, hi = off;
  const s = k.bufs[b].strides;
  for (let d = 0; d < k.shape.length; d++) {
    const e = ((d === 0 ? rows : k.shape[d]) - 1) * s[d];
    if (e < 0) lo += e;
    else hi += e;
  }
  return { lo, n: hi - lo + 1 };
}

/**
 * Runs `l` as Wasm writing into `out` (the result storage, or the
 * pre-filled accumulators); false when this launch must run as JS.
 */
export function runWasmLaunch(
  l: Launch,
  out: { [i: number]: number },
): boolean {
  const k = l.kernel;
  if (!isTyped(out)) return false;
  const kern = wasmKernelFor(k);
  if (kern === null) return false;
  const mem = memory!, nb = k.bufs.length, map = k.reduce === undefined;
  const rows = k.shape[0];
  const rowElems = k.shape.slice(1).reduce((s, x) => s * x, 1);
  const pooled = splitter !== null && kern.splittable &&
    splitter.wants(rows, rowElems);
  let block = rows;
  if (!pooled && rows > 1 && rows * rowElems > 2 * WASM_EW.blockElems) {
    block = Math.max(1, Math.floor(WASM_EW.blockElems / rowElems));
    if (rowElems === 1) block = Math.max(4, block & ~3);
  }
  // Layout: header, args, each buffer's staging area, the output area.
  const argsAt = WASM_EW_HEADER;
  let at = align16(argsAt + 8 * k.nParams + 4 * (nb + 1));
  const whole = k.bufs.map((b) => block === rows || b.strides[0] === 0);
  const areas = k.bufs.map((b, i) => {
    const a = at;
    const n = spanOf(k, i, 0, whole[i] ? rows : block).n;
    at = align16(at + n * ELEM_BYTES[b.dtype]);
    return a;
  });
  const outAt = at;
  const outElems = map ? block * rowElems : out.length;
  const need = align16(outAt + outElems * out.BYTES_PER_ELEMENT);
  const have = mem.buffer.byteLength;
  if (need > have) {
    const pages = Math.ceil((need - have) / 65536);
    if (have / 65536 + pages > MAX_PAGES) return false;
    mem.grow(pages);
  }
  const buf = mem.buffer;
  new Float64Array(buf, argsAt, k.nParams).set(l.params);
  const addrs = new Int32Array(buf, argsAt + 8 * k.nParams, nb + 1);
  const stage = (b: number, r0: number, nr: number) => {
    const d = l.bufs[b], off = l.offsets[b] + r0 * k.bufs[b].strides[0];
    const sp = spanOf(k, b, off, nr);
    view(buf, d, areas[b], sp.n).set(d.subarray(sp.lo, sp.lo + sp.n));
    addrs[b] = areas[b] + (off - sp.lo) * ELEM_BYTES[k.bufs[b].dtype];
  };
  for (let b = 0; b < nb; b++) if (whole[b]) stage(b, 0, rows);
  const dst = view(buf, out, outAt, outElems);
  if (!map) dst.set(out);
  const rowBytes = outRowBytes(k);
  try {
    for (let r0 = 0; r0 < rows; r0 += block) {
      const nr = Math.min(block, rows - r0);
      for (let b = 0; b < nb; b++) if (!whole[b]) stage(b, r0, nr);
      addrs[nb] = map ? outAt : outAt + r0 * rowBytes;
      if (!pooled || !splitter!.split(kern, argsAt, nr, rowElems)) {
        kern.run(argsAt, 0, nr);
      }
      if (map) {
        out.set(
          nr === block ? dst : dst.subarray(0, nr * rowElems),
          r0 * rowElems,
        );
      }
    }
  } catch (e) {
    // A trap is a generator bug: this kernel runs as JS from now on.
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    kernels.set(kernelKey(k), null);
    WASM_KERNELS.lastError = e.message;
    return false;
  }
  if (!map) out.set(dst);
  WASM_KERNELS.launched++;
  return true;
}

/** An environment variable, or undefined (also without env permission). */
export function readEnvVar(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch (_) {
    return undefined;
  }
}

function debugLevel(): number {
  return Number(readEnvVar("DL_DEBUG") ?? "0") || 0;
}

if (debugLevel() >= 1) {
  globalThis.addEventListener("unload", () => {
    const w = WASM_KERNELS;
    if (w.compiled + w.declined === 0) return;
    console.error(
      `debug: wasm element-wise: ${w.compiled} kernels compiled (` +
        `${w.declined} declined, run as JS) in ${
          w.compileMs.toFixed(1)
        } ms, ${w.launched} launches`,
    );
  });
}
