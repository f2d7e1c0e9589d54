// Wasm kernels over heap views (used in place) give the bits they give over
// ordinary typed arrays (staged): every element-wise op × dtype, mixed and
// blocked placements, reductions, an output that is also an input, and
// GEMM at odd sizes, transposed, accumulating, on 1 and 2 threads.

import assert from "node:assert/strict";
import { withWasmGemm } from "./wasm_test_helpers.ts";
import type { DType } from "../../compiler/core/dtype.ts";
import { OP_NAMES, type OpDef, OPS } from "../../compiler/core/ops.ts";
import { floatScalar } from "../../compiler/core/scalar.ts";
import { KernelError } from "../../compiler/core/runtime_error.ts";
import { elementwise, type Operand } from "../elementwise.ts";
import { JIT, withJit } from "../jit/config.ts";
import { pendingNode } from "../jit/lazy.ts";
import { type Launch, lowerMap, lowerReduce } from "../schedule/lower.ts";
import { transpose } from "../shape_ops.ts";
import { Tensor, type TensorData } from "../tensor.ts";
import type { GemmParams } from "./gemm_contract.ts";
import { runWasmLaunch, WASM_EW } from "./wasm_elementwise.ts";
import { EW_POOL, withWasmThreads } from "./wasm_elementwise_pool.ts";
import { wasmSgemm } from "./wasm_gemm_call.ts";
import { heapOffsetOf, heapRelease, heapStats, heapView } from "./wasm_heap.ts";

const DTYPES: DType[] = ["f32", "f64", "i32", "bool", "i8"];
const ELEMENTWISE = OP_NAMES.filter((op) => {
  const k = (OPS[op] as OpDef).kind;
  return k === "unary" || k === "binary" || k === "ternary";
});

const CTORS: Record<DType, new (n: number) => TensorData> = {
  f32: Float32Array,
  f64: Float64Array,
  i32: Int32Array,
  bool: Uint8Array,
  i8: Int8Array,
};

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 127, -128];

/** Random values of `dtype` (some special), as plain numbers. */
function values(dtype: DType, n: number, next: () => number): number[] {
  return Array.from({ length: n }, () => {
    if (next() < 0.15) return SPECIAL[Math.floor(next() * SPECIAL.length)];
    if (dtype === "bool") return next() < 0.5 ? 1 : 0;
    if (dtype === "i32" || dtype === "i8") return Math.floor(next() * 21) - 10;
    return (next() - 0.5) * 8;
  });
}

/** One operand as an ordinary array and as a heap view, same elements. */
interface Pair {
  readonly plain: Tensor;
  readonly heap: Tensor;
}

function pair(dtype: DType, shape: number[], next: () => number): Pair {
  const n = shape.reduce((s, d) => s * d, 1);
  const v = values(dtype, n, next);
  const plain = new CTORS[dtype](n), heap = heapView(dtype, n)!;
  plain.set(v);
  heap.set(v);
  assert.ok(heapOffsetOf(heap) >= 0);
  return {
    plain: Tensor.fromData(dtype, shape, plain),
    heap: Tensor.fromData(dtype, shape, heap),
  };
}

/** The launch computing `fn(operands)`, or null when the op stays eager. */
function launchOf(fn: () => Tensor): Launch | null {
  const oldMin = JIT.minSize;
  JIT.minSize = 0;
  try {
    const t = withJit(true, fn);
    const n = pendingNode(t);
    return n === null ? null : lowerMap(n);
  } catch (e) {
    if (e instanceof KernelError) return null; // an eager op that failed
    throw e;
  } finally {
    JIT.minSize = oldMin;
  }
}

function bytes(d: TensorData): Uint8Array {
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

/**
 * The elements as bits, every NaN as one value (a NaN's sign can differ
 * between the op table's evaluator on a worker and on the main thread, with
 * or without the heap), -0 apart from 0.
 */
function bits(d: TensorData): string[] {
  return Array.from(
    d,
    (x) => Number.isNaN(x) ? "NaN" : Object.is(x, -0) ? "-0" : String(x),
  );
}

/**
 * Runs `make`'s launch on plain operands into a plain output, and on each
 * placement (heap operands and/or heap output) into its output; asserts
 * equal bits. Returns whether it ran as Wasm.
 */
function sameBits(
  make: (side: "plain" | "heap") => Launch | null,
  what: string,
): boolean {
  const lp = make("plain"), lh = make("heap");
  if (lp === null || lh === null) return false;
  const n = lp.kernel.shape.reduce((s, d) => s * d, 1);
  const dt = lp.kernel.out;
  const want = new CTORS[dt](n);
  if (!runWasmLaunch(lp, want)) return false;
  const placements: [Launch, boolean][] = [[lh, true], [lh, false], [
    lp,
    true,
  ]];
  for (const [l, heapOut] of placements) {
    const out = heapOut ? heapView(dt, n)! : new CTORS[dt](n);
    assert.ok(runWasmLaunch(l, out), `${what}: ran as Wasm`);
    assert.deepEqual(
      bits(out),
      bits(want),
      `${what} (heap operands ${l === lh}, heap output ${heapOut})`,
    );
    heapRelease(out);
  }
  return true;
}

/** Runs `body` with 1 and then 2 threads (every launch split). */
function eachThreads(body: (threads: number) => void): void {
  for (const t of [1, 2]) {
    const jobs = EW_POOL.jobs;
    withWasmThreads(t, () => body(t), 0);
    if (t > 1) assert.ok(EW_POOL.jobs - jobs > 10, "launches were split");
  }
}

Deno.test("wasm heap: every element-wise op × dtype, heap views = arrays", () => {
  withWasmThreads(2, () => {}, 0); // takes the pool's header block for good
  const live = heapStats().liveBlocks;
  eachThreads((threads) => {
    let ran = 0;
    const next = rng(7 + threads);
    for (const op of ELEMENTWISE) {
      const arity = (OPS[op] as OpDef).arity;
      for (const dt of DTYPES) {
        // 3 × 11: vector iterations and a tail per row; a strided operand.
        const full = pair(dt, [3, 11], next), row = pair(dt, [11], next);
        const strided = pair(dt, [11, 3], next);
        const ops = (s: "plain" | "heap"): Operand[] =>
          [full[s], row[s], transpose(strided[s])].slice(0, arity);
        const ops2 = (s: "plain" | "heap"): Operand[] =>
          [transpose(strided[s]), floatScalar(0.5), full[s]].slice(0, arity);
        for (const args of [ops, ops2]) {
          const what = `${op} ${dt} threads ${threads}`;
          if (sameBits((s) => launchOf(() => elementwise(op, args(s))), what)) {
            ran++;
          }
        }
        for (const p of [full, row, strided]) {
          heapRelease(p.heap.data);
        }
      }
    }
    assert.ok(ran > 200, `${ran} launches ran as Wasm`);
  });
  assert.equal(heapStats().liveBlocks, live, "every block was freed");
});

Deno.test("wasm heap: mixed placements staged in blocks of rows", () => {
  const old = { ...WASM_EW };
  WASM_EW.blockElems = 5;
  WASM_EW.pooledBlockElems = 40; // split launches staged in blocks too
  try {
    eachThreads((threads) => {
      const next = rng(11);
      const a = pair("f32", [37, 9], next), b = pair("f32", [9], next);
      const c = pair("f64", [37, 1], next);
      // Some operands heap, some not: the heap side mixes a's heap view
      // with b as an array and c as a heap view.
      const chain = (x: Tensor, y: Tensor, z: Tensor) => () =>
        elementwise("add", [
          elementwise("mul", [elementwise("sqrt", [x]), y]),
          z,
        ]);
      assert.ok(sameBits(
        (s) => launchOf(chain(a[s], b.plain, s === "heap" ? c.heap : c.plain)),
        `mixed chain, threads ${threads}`,
      ));
      for (const p of [a, b, c]) heapRelease(p.heap.data);
    });
  } finally {
    Object.assign(WASM_EW, old);
  }
});

Deno.test("wasm heap: reductions accumulate in place into a heap view", () => {
  const next = rng(5);
  const x = pair("f32", [6, 7, 5], next);
  for (const axis of [0, 1, 2, undefined]) {
    const make = (s: "plain" | "heap") => {
      const oldMin = JIT.minSize;
      JIT.minSize = 0;
      try {
        const t = withJit(true, () => elementwise("exp", [x[s]]));
        return lowerReduce(pendingNode(t)!, {
          axis,
          combine: "add",
          identity: 0,
        });
      } finally {
        JIT.minSize = oldMin;
      }
    };
    const lp = make("plain"), lh = make("heap");
    const n = axis === undefined ? 1 : 6 * 7 * 5 / [6, 7, 5][axis];
    const want = new Float64Array(n).fill(0.25);
    assert.ok(runWasmLaunch(lp, want));
    for (const l of [lh, lp]) {
      const acc = heapView("f64", n) as Float64Array;
      acc.fill(0.25); // pre-filled accumulators are read, not overwritten
      assert.ok(runWasmLaunch(l, acc));
      assert.deepEqual(bytes(acc), bytes(want), `axis ${axis}`);
      heapRelease(acc);
    }
  }
  heapRelease(x.heap.data);
});

Deno.test("wasm heap: an output that is also an input is staged", () => {
  const next = rng(9);
  const x = pair("f32", [33, 33], next);
  // x.T * x + 1 written over x: in place, early rows would clobber
  // elements that later rows read through the transpose.
  const l = launchOf(() =>
    elementwise("add", [
      elementwise("mul", [transpose(x.heap), x.heap]),
      floatScalar(1),
    ])
  )!;
  const want = new Float32Array(33 * 33);
  assert.ok(runWasmLaunch(l, want));
  assert.ok(runWasmLaunch(l, x.heap.data)); // in place over its own input
  assert.deepEqual(bytes(x.heap.data), bytes(want));
  heapRelease(x.heap.data);
});

// GEMM ---------------------------------------------------------------------

type Side = "plain" | "heap";

function floats(n: number, seed: number, side: Side): Float32Array {
  const next = rng(seed);
  const a = side === "heap"
    ? heapView("f32", n) as Float32Array
    : new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = next() - 0.5;
  return a;
}

/** m×k · k×n with transposes, an offset C with a wider ldc, accumulating. */
function product(
  [m, n, k]: number[],
  o: { ta?: boolean; tb?: boolean; acc?: boolean; pad?: number },
  sides: [Side, Side, Side],
): GemmParams<Float32Array> {
  const pad = o.pad ?? 0, ldc = n + pad, seed = m * 31 + n * 7 + k;
  return {
    m,
    n,
    k,
    a: floats(m * k, seed, sides[0]),
    aOffset: 0,
    aRowStride: o.ta ? 1 : k,
    aColStride: o.ta ? m : 1,
    b: floats(k * n + 3, seed + 1, sides[1]),
    bOffset: 3,
    bRowStride: o.tb ? 1 : n,
    bColStride: o.tb ? k : 1,
    c: floats(m * ldc + pad, seed + 2, sides[2]),
    cOffset: pad,
    ldc,
    accumulate: o.acc ?? false,
  };
}

function release(p: GemmParams<Float32Array>): void {
  for (const d of [p.a, p.b, p.c]) heapRelease(d);
}

const SHAPES = [
  [1, 1, 1],
  [3, 17, 63],
  [17, 65, 3],
  [63, 1, 257],
  [66, 64, 65], // whole micro-tiles: C is written in place
  [120, 256, 130],
  [257, 65, 17],
  [300, 260, 129], // threaded
];

Deno.test("wasm heap: GEMM over heap views = over arrays, 1 and 2 threads", () => {
  const live = heapStats().liveBlocks;
  const PLACES: [Side, Side, Side][] = [
    ["heap", "heap", "heap"],
    ["heap", "plain", "plain"],
    ["plain", "heap", "heap"],
    ["plain", "plain", "heap"],
  ];
  const OPTS = [{}, { ta: true }, { tb: true, acc: true }, {
    ta: true,
    tb: true,
    acc: true,
    pad: 5,
  }, { pad: 8 }];
  for (const threads of [1, 2]) {
    withWasmGemm(threads, (st) => {
      for (const shape of SHAPES) {
        for (const o of OPTS) {
          const want = product(shape, o, ["plain", "plain", "plain"]);
          wasmSgemm(st, want);
          for (const sides of PLACES) {
            const p = product(shape, o, sides);
            wasmSgemm(st, p);
            assert.deepEqual(
              bytes(p.c),
              bytes(want.c),
              `${shape} ${JSON.stringify(o)} ${sides} threads ${threads}`,
            );
            release(p);
          }
        }
      }
    });
  }
  assert.equal(heapStats().liveBlocks, live, "every block was freed");
});

Deno.test("wasm heap: GEMM with C aliasing A stays correct", () => {
  withWasmGemm(1, (st) => {
    // A is columns 0..299 of a 12×312 heap matrix and C its columns
    // 264..271: written in place, the first k block's C would overwrite
    // the A columns the second k block (from 256) packs.
    const both = floats(12 * 312, 3, "heap");
    const copy = new Float32Array(both);
    const b = floats(300 * 8, 4, "plain");
    const p = (c: Float32Array, a: Float32Array): GemmParams<Float32Array> => ({
      m: 12,
      n: 8,
      k: 300,
      a,
      aOffset: 0,
      aRowStride: 312,
      aColStride: 1,
      b,
      bOffset: 0,
      bRowStride: 8,
      bColStride: 1,
      c,
      cOffset: 264,
      ldc: 312,
      accumulate: true,
    });
    wasmSgemm(st, p(copy, copy.slice()));
    wasmSgemm(st, p(both, both));
    assert.deepEqual(bytes(both), bytes(copy));
    heapRelease(both);
  });
});

Deno.test("wasm heap: operands and outputs in the heap are not staged", () => {
  const next = rng(13);
  const x = pair("f32", [64, 33], next), y = pair("f32", [33], next);
  const l = launchOf(() => elementwise("mul", [x.heap, y.heap]))!;
  const out = heapView("f32", 64 * 33)!;
  const scratch = () => heapStats().liveBytes;
  let peak = 0;
  const before = heapStats().allocs;
  const live = scratch();
  assert.ok(runWasmLaunch(l, out));
  peak = heapStats().peakLiveBytes;
  assert.equal(heapStats().allocs, before, "the args in the launch scratch");
  assert.equal(scratch(), live);
  assert.ok(peak >= live);
  for (let i = 0; i < out.length; i++) {
    assert.equal(out[i], Math.fround(x.heap.data[i] * y.heap.data[i % 33]));
  }
  withWasmGemm(1, (st) => {
    const p = product([66, 64, 65], {}, ["heap", "heap", "heap"]);
    const n0 = heapStats().allocs;
    wasmSgemm(st, p);
    assert.equal(heapStats().allocs, n0, "GEMM staged nothing");
    // A last partial row panel runs macro_r<rows> in place; only columns
    // that are not whole micro-tiles make C staged.
    const q = product([65, 64, 65], {}, ["heap", "heap", "heap"]);
    const n1 = heapStats().allocs;
    wasmSgemm(st, q);
    assert.equal(heapStats().allocs, n1, "C of 65 rows is in place");
    const r = product([64, 65, 65], {}, ["heap", "heap", "heap"]);
    const n2 = heapStats().allocs;
    wasmSgemm(st, r);
    assert.equal(heapStats().allocs - n2, 1, "C of 65 columns is staged");
    release(p);
    release(q);
    release(r);
  });
  for (const d of [x.heap.data, y.heap.data, out]) heapRelease(d);
});
