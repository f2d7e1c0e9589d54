// Tests of the native backend's GEMMs against a naive f64 reference: odd
// sizes, transposed and offset views, accumulate, k = 0, f32 and f64, and
// bit-identical results across thread counts. Skipped (with the reason in
// the name) where clang or --allow-ffi is missing.

import assert from "node:assert/strict";
import { nativeBackend, nativeStatus } from "./native_backend.ts";
import {
  makeProblem,
  maxAbsDiff,
  nativeSkipReason,
  nativeTestName,
  type Problem,
  referenceGemm,
} from "./native_test_helpers.ts";

const ignore = nativeSkipReason() !== null;

function ready(threads: number): void {
  assert.equal(nativeBackend.init({ threads }), null);
}

const PROBLEMS: Problem[] = [
  { m: 1, n: 1, k: 1 },
  { m: 1, n: 37, k: 5 },
  { m: 29, n: 1, k: 13 },
  { m: 13, n: 33, k: 7, pad: 3 },
  { m: 12, n: 32, k: 256 },
  { m: 25, n: 65, k: 257, transA: true },
  { m: 31, n: 17, k: 300, transB: true, pad: 5 },
  { m: 47, n: 49, k: 61, transA: true, transB: true, accumulate: true },
  { m: 150, n: 70, k: 520, accumulate: true, pad: 1 },
  // Dot-product tiles (A row-major, B^T, small C): an MLP layer, and row,
  // column and k remainders with accumulation.
  { m: 64, n: 128, k: 784, transB: true },
  { m: 67, n: 10, k: 131, transB: true, accumulate: true, pad: 2 },
  { m: 3, n: 2, k: 17, transB: true },
  { m: 15, n: 11, k: 40, transB: true, pad: 1 },
  { m: 3, n: 5, k: 0 },
  { m: 3, n: 5, k: 0, accumulate: true },
];

function describe(p: Problem): string {
  return `${p.m}x${p.k}·${p.k}x${p.n}${p.transA ? " A^T" : ""}${
    p.transB ? " B^T" : ""
  }${p.accumulate ? " +=" : ""}`;
}

Deno.test({
  name: nativeTestName("native sgemm matches the reference at odd shapes"),
  ignore,
  fn() {
    ready(1);
    PROBLEMS.forEach((pr, i) => {
      const p = makeProblem((n) => new Float32Array(n), pr, 17 + i);
      const want = referenceGemm(p);
      nativeBackend.sgemm(p);
      const tol = 1e-5 * Math.max(1, pr.k);
      const err = maxAbsDiff(p.c, want);
      assert.ok(err <= tol, `${describe(pr)}: error ${err} > ${tol}`);
    });
  },
});

Deno.test({
  name: nativeTestName("native dgemm matches the reference at odd shapes"),
  ignore,
  fn() {
    ready(1);
    PROBLEMS.forEach((pr, i) => {
      const p = makeProblem((n) => new Float64Array(n), pr, 91 + i);
      const want = referenceGemm(p);
      nativeBackend.dgemm!(p);
      const err = maxAbsDiff(p.c, want);
      assert.ok(err <= 1e-12 * Math.max(1, pr.k), `${describe(pr)}: ${err}`);
    });
  },
});

Deno.test({
  name: nativeTestName("native sgemm is bit-identical across thread counts"),
  ignore,
  fn() {
    // Tall C splits by rows, short wide C by columns.
    const shapes: Problem[] = [
      { m: 203, n: 301, k: 290, transB: true, pad: 2 },
      { m: 67, n: 130, k: 790, transB: true },
      { m: 5, n: 999, k: 1700, accumulate: true },
    ];
    shapes.forEach((pr, s) => {
      const results: Float32Array[] = [];
      for (const threads of [1, 2, 3, 4]) {
        ready(threads);
        assert.equal(nativeStatus()?.threads, threads);
        const p = makeProblem((n) => new Float32Array(n), pr, 5 + s);
        nativeBackend.sgemm(p);
        results.push(p.c);
      }
      const p = makeProblem((n) => new Float32Array(n), pr, 5 + s);
      assert.ok(maxAbsDiff(results[0], referenceGemm(p)) < 1e-3);
      for (const r of results.slice(1)) assert.deepEqual(r, results[0]);
    });
    ready(1);
  },
});

Deno.test({
  name: nativeTestName("native gemm refuses views outside their arrays"),
  ignore,
  fn() {
    ready(1);
    const p = makeProblem((n) => new Float32Array(n), { m: 4, n: 4, k: 4 }, 1);
    assert.throws(
      () => nativeBackend.sgemm({ ...p, aOffset: 1 }),
      /A view is out of bounds/,
    );
    assert.throws(
      () => nativeBackend.sgemm({ ...p, ldc: 5 }),
      /C view is out of bounds/,
    );
    assert.throws(
      () => nativeBackend.sgemm({ ...p, bRowStride: -4 }),
      /B view is out of bounds/,
    );
  },
});

Deno.test({
  name: nativeTestName(
    "the GEMM library stays mapped after it is closed (its pool threads live in it)",
  ),
  ignore,
  async fn() {
    ready(2);
    const path = nativeStatus()?.path;
    assert.ok(path !== undefined);
    // A fresh process: this one's own handle would keep the library mapped.
    const script = `
      const l = Deno.dlopen(${JSON.stringify(path)},
        { dl_native_abi: { parameters: [], result: "i32" } });
      l.symbols.dl_native_abi();
      l.close();
      const maps = Deno.readTextFileSync("/proc/self/maps");
      console.log(maps.includes(${JSON.stringify(path)}) ? "mapped" : "gone");`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--no-config", script],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    assert.equal(new TextDecoder().decode(out.stdout).trim(), "mapped");
    ready(1);
  },
});
