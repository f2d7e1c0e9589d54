// Runs loop-IR launches (kernels/schedule/lower.ts) as Wasm over the heap
// (wasm_heap.ts): compiles each kernel once through codegen/wasm_loop.ts
// (cached by the kernel's printed IR, like the JS kernels; kernels the
// generator declines are remembered and run as JS). Buffers that are heap
// views are used in place; others have the span they touch staged into a
// heap block (a memcpy each), and a non-heap result (map) or accumulators
// (reduce) are copied back. Large launches are split across the
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
import { compileWasm } from "./wasm_modules.ts";
import {
  HEAP_MAX_PAGES,
  heapAlloc,
  heapFree,
  heapOffsetOf,
  LAUNCH_SCRATCH,
  wasmHeap,
} from "./wasm_heap.ts";
import { debugAtExit } from "./debug_exit.ts";

/** Bytes of the element-wise pool's job header (a heap block). */
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

const kernels = new Map<string, WasmKernel | null>();

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

/**
 * Kernels by kernel object and lane switch: a reused kernel (a training
 * step's, from the schedule cache) skips printing its key.
 */
const byKernel = new WeakMap<
  LoopKernel,
  { readonly f32Lanes: boolean; readonly entry: WasmKernel | null }
>();

/** The compiled kernel of `k`, or null when it runs as JS. */
export function wasmKernelFor(k: LoopKernel): WasmKernel | null {
  const known = byKernel.get(k);
  if (known !== undefined && known.f32Lanes === WASM_LOOP.f32Lanes) {
    return known.entry;
  }
  const entry = wasmKernelByKey(k);
  byKernel.set(k, { f32Lanes: WASM_LOOP.f32Lanes, entry });
  return entry;
}

function wasmKernelByKey(k: LoopKernel): WasmKernel | null {
  const key = kernelKey(k);
  const hit = kernels.get(key);
  if (hit !== undefined) return hit;
  const t0 = performance.now();
  const mem = wasmHeap();
  let entry: WasmKernel | null = null;
  if (typeof mem !== "string") {
    const g = lowerLoopToWasm(k, { min: 1, max: HEAP_MAX_PAGES });
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
 * Staged launches run level-0 rows in blocks of about `blockElems`
 * elements on one thread, so that the staged copies stay in cache, and of
 * about `pooledBlockElems` when split across threads, so that staging a
 * huge launch (a whole data set) does not grow the heap by its size.
 */
export const WASM_EW = { blockElems: 1 << 14, pooledBlockElems: 1 << 22 };

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

/** Where a launch's buffers and output live in the heap. */
interface Placement {
  /** Heap offset of each input used in place, or -1 (staged). */
  readonly heap: number[];
  /** Heap offset of the output used in place, or -1 (staged). */
  readonly out: number;
}

/** Heap views are used in place, except an output that is also an input. */
function placeLaunch(l: Launch, out: TensorData): Placement {
  const heap = l.bufs.map((d) => isTyped(d) ? heapOffsetOf(d) : -1);
  const o = heapOffsetOf(out);
  return { heap, out: o >= 0 && !l.bufs.includes(out) ? o : -1 };
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
  const nb = k.bufs.length, map = k.reduce === undefined;
  const rows = k.shape[0];
  const rowElems = k.shape.slice(1).reduce((s, x) => s * x, 1);
  const pl = placeLaunch(l, out);
  const staged = pl.heap.map((h) => h < 0);
  const anyStaged = pl.out < 0 || staged.includes(true);
  const pooled = splitter !== null && kern.splittable &&
    splitter.wants(rows, rowElems);
  let block = rows;
  const most = pooled ? WASM_EW.pooledBlockElems : WASM_EW.blockElems;
  if (anyStaged && rows > 1 && rows * rowElems > 2 * most) {
    block = Math.max(1, Math.floor(most / rowElems));
    if (rowElems === 1) block = Math.max(4, block & ~3);
  }
  // One scratch block: args, each staged buffer's area, the output area.
  let at = align16(8 * k.nParams + 4 * (nb + 1));
  const whole = k.bufs.map((b) => block === rows || b.strides[0] === 0);
  const areas = k.bufs.map((b, i) => {
    if (!staged[i]) return -1;
    const a = at;
    const n = spanOf(k, i, 0, whole[i] ? rows : block).n;
    at = align16(at + n * ELEM_BYTES[b.dtype]);
    return a;
  });
  const outElems = map ? block * rowElems : out.length;
  const outArea = pl.out >= 0 ? -1 : at;
  if (pl.out < 0) at = align16(at + outElems * out.BYTES_PER_ELEMENT);
  const own = !scratchBusy && at <= LAUNCH_SCRATCH.bytes;
  const base = own ? LAUNCH_SCRATCH.at : heapAlloc(at);
  if (base < 0) return false;
  if (own) scratchBusy = true;
  try {
    return launchBlocks(l, out, kern, {
      base,
      areas: areas.map((a) => a < 0 ? -1 : base + a),
      outArea: outArea < 0 ? -1 : base + outArea,
      outElems,
      place: pl,
      whole,
      block,
      pooled,
      rowElems,
    });
  } finally {
    if (own) scratchBusy = false;
    else heapFree(base);
  }
}

/**
 * Whether a launch is using the heap's launch scratch. A launch's scratch
 * usually fits it: a heap allocation per launch cost more than a small
 * kernel (freed blocks coalesce, so the next request rarely finds its exact
 * size and scans the free sizes).
 */
let scratchBusy = false;

/** A launch's scratch layout and schedule (see runWasmLaunch). */
interface Plan {
  /** The args block (the scratch block's start). */
  readonly base: number;
  /** Staging area of each staged buffer, or -1. */
  readonly areas: number[];
  /** Staging area of the output, or -1 (written in place). */
  readonly outArea: number;
  readonly outElems: number;
  readonly place: Placement;
  /** Buffers staged once for all rows (not per block). */
  readonly whole: boolean[];
  readonly block: number;
  readonly pooled: boolean;
  readonly rowElems: number;
}

function launchBlocks(
  l: Launch,
  out: TensorData,
  kern: WasmKernel,
  p: Plan,
): boolean {
  const k = l.kernel, nb = k.bufs.length, map = k.reduce === undefined;
  const rows = k.shape[0], { block, rowElems } = p;
  const buf = (wasmHeap() as WebAssembly.Memory).buffer;
  new Float64Array(buf, p.base, k.nParams).set(l.params);
  const addrs = new Int32Array(buf, p.base + 8 * k.nParams, nb + 1);
  const place = (b: number, r0: number, nr: number) => {
    const d = l.bufs[b], off = l.offsets[b] + r0 * k.bufs[b].strides[0];
    const esz = ELEM_BYTES[k.bufs[b].dtype];
    if (p.areas[b] < 0) {
      addrs[b] = p.place.heap[b] + off * esz;
      return;
    }
    const sp = spanOf(k, b, off, nr);
    view(buf, d, p.areas[b], sp.n).set(d.subarray(sp.lo, sp.lo + sp.n));
    addrs[b] = p.areas[b] + (off - sp.lo) * esz;
  };
  for (let b = 0; b < nb; b++) if (p.whole[b]) place(b, 0, rows);
  const dst = p.outArea < 0 ? out : view(buf, out, p.outArea, p.outElems);
  if (!map && p.outArea >= 0) dst.set(out);
  const rowBytes = outRowBytes(k);
  try {
    for (let r0 = 0; r0 < rows; r0 += block) {
      const nr = Math.min(block, rows - r0);
      for (let b = 0; b < nb; b++) if (!p.whole[b]) place(b, r0, nr);
      addrs[nb] = p.outArea < 0
        ? p.place.out + r0 * rowBytes
        : map
        ? p.outArea
        : p.outArea + r0 * rowBytes;
      if (!p.pooled || !splitter!.split(kern, p.base, nr, rowElems)) {
        kern.run(p.base, 0, nr);
      }
      if (map && p.outArea >= 0) {
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
  if (!map && p.outArea >= 0) out.set(dst);
  WASM_KERNELS.launched++;
  return true;
}

debugAtExit(1, () => {
  const w = WASM_KERNELS;
  if (w.compiled + w.declined === 0) return "";
  return `debug: wasm element-wise: ${w.compiled} kernels compiled (` +
    `${w.declined} declined, run as JS) in ${w.compileMs.toFixed(1)} ms, ` +
    `${w.launched} launches\n`;
});
