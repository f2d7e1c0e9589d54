// Tests of the Wasm sgemm: odd sizes, transposed and strided operands,
// accumulation, splitting, and bit-identical results on 1 and 2 threads.

import assert from "node:assert/strict";
import { withWasmGemm } from "./wasm_test_helpers.ts";
import type { GemmParams } from "./gemm_contract.ts";
import { createWasmGemm } from "./wasm_backend.ts";
import { splitWork, type WasmGemmState, wasmSgemm } from "./wasm_gemm_call.ts";
import {
  GEMM,
  type GemmExports,
  HEADER_BYTES,
  PACK_BYTES,
} from "./wasm_gemm_driver.ts";
import { gemmModule } from "../codegen/wasm_gemm.ts";
import { compileWasm } from "./wasm_modules.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function filled(n: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, r);
}

/** f64 reference of p's product, with p's accumulate semantics. */
function reference(p: GemmParams<Float32Array>): Float64Array {
  const out = new Float64Array(p.m * p.n);
  for (let i = 0; i < p.m; i++) {
    for (let j = 0; j < p.n; j++) {
      let s = p.accumulate ? p.c[p.cOffset + i * p.ldc + j] : 0;
      for (let q = 0; q < p.k; q++) {
        s += p.a[p.aOffset + i * p.aRowStride + q * p.aColStride] *
          p.b[p.bOffset + q * p.bRowStride + j * p.bColStride];
      }
      out[i * p.n + j] = s;
    }
  }
  return out;
}

function check(st: WasmGemmState, p: GemmParams<Float32Array>): void {
  const want = reference(p);
  const before = p.c.slice();
  wasmSgemm(st, p);
  for (let i = 0; i < p.m; i++) {
    for (let j = 0; j < p.n; j++) {
      const got = p.c[p.cOffset + i * p.ldc + j];
      const w = want[i * p.n + j];
      const tol = 1e-5 * Math.sqrt(p.k + 1) * (1 + Math.abs(w));
      if (!(Math.abs(got - w) <= tol)) {
        assert.fail(`${p.m}x${p.n}x${p.k} C[${i},${j}] = ${got}, want ${w}`);
      }
    }
  }
  // Nothing outside C's m×n window changes.
  for (let x = 0; x < p.c.length; x++) {
    const r = x - p.cOffset, i = Math.floor(r / p.ldc), j = r - i * p.ldc;
    const inside = r >= 0 && i < p.m && j < p.n;
    if (!inside) assert.equal(p.c[x], before[x], `C element ${x} changed`);
  }
}

/** A row-major product with optional transposed (column-major) operands. */
function product(
  m: number,
  n: number,
  k: number,
  o: { ta?: boolean; tb?: boolean; acc?: boolean; seed?: number } = {},
): GemmParams<Float32Array> {
  const seed = o.seed ?? m * 131 + n * 17 + k;
  return {
    m,
    n,
    k,
    a: filled(m * k, seed),
    aOffset: 0,
    aRowStride: o.ta ? 1 : k,
    aColStride: o.ta ? m : 1,
    b: filled(k * n, seed + 1),
    bOffset: 0,
    bRowStride: o.tb ? 1 : n,
    bColStride: o.tb ? k : 1,
    c: filled(m * n, seed + 2),
    cOffset: 0,
    ldc: n,
    accumulate: o.acc ?? false,
  };
}

const SIZES = [1, 3, 17, 63, 65, 257];

Deno.test("wasm sgemm: odd sizes match the f64 reference", () => {
  withWasmGemm(1, (st) => {
    for (const m of SIZES) {
      for (const n of [1, 17, 65]) {
        for (const k of [1, 3, 63, 257]) check(st, product(m, n, k));
      }
    }
    check(st, product(257, 257, 257));
    check(st, product(130, 1030, 300)); // several MC and NC tiles
  });
});

Deno.test("wasm sgemm: transposed operands without copies", () => {
  withWasmGemm(1, (st) => {
    for (const [m, n, k] of [[17, 65, 63], [65, 3, 257], [1, 33, 9]]) {
      check(st, product(m, n, k, { ta: true }));
      check(st, product(m, n, k, { tb: true }));
      check(st, product(m, n, k, { ta: true, tb: true }));
    }
  });
});

Deno.test("wasm sgemm: strided views, offsets, ldc and accumulate", () => {
  withWasmGemm(1, (st) => {
    for (const acc of [false, true]) {
      const m = 19, n = 21, k = 37;
      // A: every other column of a [19, 80] matrix from column 3, negative
      // row stride (rows reversed); B: a [37, 21] window of a [40, 50] one.
      const a = filled(19 * 80, 7), b = filled(40 * 50, 8);
      const c = filled(25 * 30, 9);
      check(st, {
        m,
        n,
        k,
        a,
        aOffset: 18 * 80 + 3,
        aRowStride: -80,
        aColStride: 2,
        b,
        bOffset: 2 * 50 + 5,
        bRowStride: 50,
        bColStride: 1,
        c,
        cOffset: 31,
        ldc: 30,
        accumulate: acc,
      });
      check(st, product(65, 63, 17, { acc, tb: true }));
    }
  });
});

Deno.test("wasm sgemm: empty and k = 0 products", () => {
  withWasmGemm(1, (st) => {
    const p = product(3, 4, 0);
    wasmSgemm(st, p);
    assert.deepEqual([...p.c], new Array(12).fill(0));
    const q = product(3, 4, 0, { acc: true });
    const before = q.c.slice();
    wasmSgemm(st, q);
    assert.deepEqual(q.c, before);
    wasmSgemm(st, product(0, 5, 5));
  });
});

Deno.test("wasm sgemm: products larger than memory are split", () => {
  withWasmGemm(1, (st) => {
    const small = { ...st, maxBytes: HEADER_BYTES + PACK_BYTES + 200_000 };
    check(small, product(120, 130, 140));
    check(small, product(40, 300, 50, { acc: true, ta: true }));
  });
});

Deno.test("wasm sgemm: 1 and 2 threads give bit-identical results", () => {
  const cases = [
    product(300, 260, 129),
    product(257, 1030, 65, { tb: true }),
    product(64, 130, 784, { tb: true }), // m < n: split into column stripes
    product(128, 784, 64, { ta: true }), // short: four stripes on two threads
    product(800, 64, 48, { acc: true }), // short: four bands on two threads
  ];
  const outs: Float32Array[][] = [];
  for (const threads of [1, 2]) {
    withWasmGemm(threads, (st) => {
      outs.push(cases.map((p) => {
        const q = { ...p, c: p.c.slice() };
        wasmSgemm(st, q);
        return q.c;
      }));
    });
  }
  for (let i = 0; i < cases.length; i++) {
    assert.deepEqual(outs[0][i], outs[1][i]);
  }
  check(singleThreadState(), cases[0]);
});

Deno.test("wasm sgemm: threads split the smaller operand's packing", () => {
  // m >= n: row bands (B packed per band); m < n: column stripes.
  assert.deepEqual(splitWork(128, 64, 9, 2), { bandRows: 66, stripe: GEMM.NC });
  assert.deepEqual(splitWork(64, 128, 784, 2), { bandRows: 66, stripe: 64 });
  // Short products: pieces at least PIECE_MIN wide, a multiple of threads.
  assert.deepEqual(splitWork(128, 784, 64, 2), { bandRows: 132, stripe: 200 });
  assert.deepEqual(splitWork(64, 5000, 8, 2), { bandRows: 66, stripe: 200 });
  assert.deepEqual(splitWork(800, 64, 8, 2), { bandRows: 204, stripe: 1024 });
  // Long products: one piece a thread.
  assert.deepEqual(splitWork(128, 784, 1024, 2), {
    bandRows: 132,
    stripe: 392,
  });
  assert.deepEqual(splitWork(64, 5000, 784, 2), {
    bandRows: 66,
    stripe: GEMM.NC,
  });
  assert.deepEqual(splitWork(5, 9, 3, 4), { bandRows: 6, stripe: 8 });
  assert.deepEqual(splitWork(64, 784, 8, 1), { bandRows: 66, stripe: GEMM.NC });
});

function singleThreadState(): WasmGemmState {
  const st = createWasmGemm({ threads: 1 });
  if (typeof st === "string") throw new Error(st);
  return st;
}

Deno.test("wasm packers: exact panels, zero padding, nothing written past them", () => {
  const { MR, NR, UNROLL } = GEMM;
  const c = compileWasm(
    `sgemm-test-${MR}x${NR}`,
    () =>
      gemmModule({ mr: MR, nr: NR, relaxed: false, unroll: UNROLL }, {
        min: 4,
        max: 4,
      }),
  );
  if (!c.ok) throw new Error(c.reason);
  const memory = new WebAssembly.Memory({
    initial: 4,
    maximum: 4,
    shared: true,
  });
  const ex = new WebAssembly.Instance(c.module, { env: { memory } })
    .exports as unknown as GemmExports;
  const f = new Float32Array(memory.buffer);
  const kc = 11, src = 0, dst = 4096;
  for (const rows of [2 * MR, 2 * MR + 1, 2 * NR]) {
    for (
      const [rs, cs, name] of [[kc, 1, "row-major"], [1, rows, "col-major"], [
        2 * kc,
        2,
        "strided",
      ]] as const
    ) {
      for (const pack of ["packA", "packB"] as const) {
        const w = pack === "packA" ? MR : NR;
        f.fill(-7);
        f.fill(99999, 0, dst - 16); // what an over-read of the source copies
        for (let r = 0; r < rows; r++) {
          for (let p = 0; p < kc; p++) f[src + r * rs + p * cs] = r * 100 + p;
        }
        ex[pack](src * 4, rs * 4, cs * 4, rows, kc, dst * 4);
        const panels = Math.ceil(rows / w);
        for (let q = 0; q < panels; q++) {
          for (let p = 0; p < kc; p++) {
            for (let i = 0; i < w; i++) {
              const r = q * w + i;
              const want = r < rows ? r * 100 + p : 0;
              assert.equal(
                f[dst + (q * kc + p) * w + i],
                want,
                `${pack} ${name} r=${r} p=${p}`,
              );
            }
          }
        }
        assert.equal(
          f[dst + panels * kc * w],
          -7,
          `${pack} ${name} wrote past its panels`,
        );
        assert.equal(f[dst - 1], -7);
      }
    }
  }
});
