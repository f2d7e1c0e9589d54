// Tests of the LLVM IR generator: rendered kernels compiled with clang and
// run natively give the JS backend's results (vector body and scalar tail,
// broadcast and strided buffers, params, f32 rounding, comparisons), reduce
// kernels render (run in tests/backends/native_elementwise_test.ts), and
// kernels it does not lower say why. Native runs skip without clang/FFI.

import assert from "node:assert/strict";
import type { LoopKernel } from "../schedule/loop_ir.ts";
import { compileKernel, renderKernel } from "./js.ts";
import { renderLlvm } from "./llvm.ts";
import { compileNativeKernel } from "../runtime/native_kernels.ts";
import { fullGc } from "../runtime/young_gc.ts";
import {
  nativeSkipReason,
  nativeTestName,
  rng,
} from "../runtime/native_test_helpers.ts";

const ignore = nativeSkipReason() !== null;

// out[i, j] = fround(relu(a[i, j] * b[j, i] + c[i]) + p0), f32 in and out,
// where b is read transposed (strided) and c is broadcast along j.
function fused(rows: number, cols: number): LoopKernel {
  return {
    shape: [rows, cols],
    bufs: [
      { dtype: "f32", strides: [cols, 1] },
      { dtype: "f32", strides: [1, rows] },
      { dtype: "f64", strides: [1, 0] },
    ],
    nParams: 1,
    body: [
      { k: "load", buf: 0 },
      { k: "load", buf: 1 },
      { k: "op", op: "mul", mode: "F", args: [0, 1] },
      { k: "load", buf: 2 },
      { k: "op", op: "add", mode: "F", args: [2, 3] },
      { k: "op", op: "relu", mode: "F", args: [4] },
      { k: "param", index: 0 },
      { k: "op", op: "add", mode: "F", args: [5, 6] },
      { k: "fround", args: [7] },
    ],
    result: 8,
    out: "f32",
  };
}

// The same with b contiguous too (the vectorised path).
function contiguous(rows: number, cols: number): LoopKernel {
  return {
    ...fused(rows, cols),
    bufs: [
      { dtype: "f32", strides: [cols, 1] },
      { dtype: "f32", strides: [cols, 1] },
      { dtype: "f64", strides: [1, 0] },
    ],
  };
}

// out[i] = where(x[i] > y[i], maximum(x, y) - sqrt(|x|), exp(min(x, y)))
function branchy(n: number): LoopKernel {
  return {
    shape: [n],
    bufs: [{ dtype: "f64", strides: [1] }, { dtype: "f64", strides: [1] }],
    nParams: 0,
    body: [
      { k: "load", buf: 0 },
      { k: "load", buf: 1 },
      { k: "op", op: "gt", mode: "F", args: [0, 1] },
      { k: "op", op: "maximum", mode: "F", args: [0, 1] },
      { k: "op", op: "abs", mode: "F", args: [0] },
      { k: "op", op: "sqrt", mode: "F", args: [4] },
      { k: "op", op: "sub", mode: "F", args: [3, 5] },
      { k: "op", op: "minimum", mode: "F", args: [0, 1] },
      { k: "op", op: "exp", mode: "F", args: [7] },
      { k: "op", op: "where", mode: "F", args: [2, 6, 8] },
    ],
    result: 9,
    out: "f64",
  };
}

function runBoth(
  k: LoopKernel,
  bufs: (Float32Array | Float64Array)[],
  offsets: number[],
  params: number[],
): [Float64Array, Float64Array] {
  const total = k.shape.reduce((s, d) => s * d, 1);
  const make = (n: number) =>
    k.out === "f32" ? new Float32Array(n) : new Float64Array(n);
  const js = make(total), nat = make(total);
  compileKernel(renderKernel(k))(bufs, offsets, params, js);
  const fn = compileNativeKernel(k);
  assert.equal(typeof fn, "function", String(fn));
  if (typeof fn !== "string") fn(bufs, offsets, params, nat);
  return [Float64Array.from(js), Float64Array.from(nat)];
}

function random(
  make: (n: number) => Float32Array | Float64Array,
  n: number,
  seed: number,
) {
  const r = rng(seed), x = make(n);
  for (let i = 0; i < n; i++) x[i] = 4 * r();
  return x;
}

Deno.test({
  name: nativeTestName(
    "LLVM kernels match the JS backend (f32, strided, broadcast)",
  ),
  ignore,
  fn() {
    const cases: [number, number, typeof fused][] = [
      [3, 37, fused],
      [5, 8, fused],
      [1, 1, fused],
      [3, 37, contiguous],
      [2, 16, contiguous],
      [4, 7, contiguous],
    ];
    for (const [rows, cols, kernel] of cases) {
      const k = kernel(rows, cols);
      const pad = 2;
      const a = random((n) => new Float32Array(n), pad + rows * cols, 1);
      const b = random((n) => new Float32Array(n), rows * cols, 2);
      const c = random((n) => new Float64Array(n), rows, 3);
      const [js, nat] = runBoth(k, [a, b, c], [pad, 0, 0], [0.25]);
      assert.deepEqual(nat, js, `${rows}x${cols}`);
      assert.ok(js.some((v) => v > 0) && js.some((v) => v === 0.25));
    }
  },
});

Deno.test({
  name: nativeTestName("LLVM kernels: comparisons, where, maximum, exp, sqrt"),
  ignore,
  fn() {
    const k = branchy(29);
    const x = random((n) => new Float64Array(n), 29, 4);
    const y = random((n) => new Float64Array(n), 29, 5);
    x[3] = NaN;
    y[5] = -0;
    x[5] = 0;
    const [js, nat] = runBoth(k, [x, y], [0, 0], []);
    for (let i = 0; i < js.length; i++) {
      if (Number.isNaN(js[i])) assert.ok(Number.isNaN(nat[i]), `at ${i}`);
      else {assert.ok(
          Math.abs(js[i] - nat[i]) <= 1e-15 * Math.abs(js[i]),
          `at ${i}`,
        );}
    }
  },
});

Deno.test("renderLlvm emits vector code, and says what it does not lower", () => {
  const r = renderLlvm(contiguous(4, 64), 14);
  assert.ok(r.ok);
  if (r.ok) {
    assert.match(r.text, /load <8 x float>, <8 x float>\* /);
    assert.match(r.text, /noalias/);
  }
  const r15 = renderLlvm(contiguous(4, 64), 15);
  assert.ok(r15.ok && /load <8 x float>, ptr /.test(r15.text));
  const red = renderLlvm({
    ...fused(2, 2),
    reduce: { combine: "add", identity: 0, redStart: 1, innerStart: 2 },
  }, 14);
  // Reductions render scalar (their sums keep the JS order).
  assert.ok(red.ok && !/<8 x/.test(red.text) && /%ob/.test(red.text));
  const ints = renderLlvm({ ...branchy(4), out: "i32" }, 14);
  assert.deepEqual(ints, { ok: false, reason: "output dtype i32" });
  const tanh = renderLlvm({
    ...branchy(4),
    body: [{ k: "load", buf: 0 }, {
      k: "op",
      op: "tanh",
      mode: "F",
      args: [0],
    }],
    result: 1,
  }, 14);
  assert.deepEqual(tanh, { ok: false, reason: "op tanh.F" });
});

Deno.test({
  name: nativeTestName("native kernels refuse views outside their arrays"),
  ignore,
  fn() {
    const k = fused(3, 5);
    const fn = compileNativeKernel(k);
    assert.equal(typeof fn, "function", String(fn));
    if (typeof fn === "string") return;
    const a = new Float32Array(15), b = new Float32Array(15);
    const c = new Float64Array(3), out = new Float32Array(15);
    // In bounds (twice: the launch reuses its scratch arrays).
    fn([a, b, c], [0, 0, 0], [1], out);
    fn([a, b, c], [0, 0, 0], [1], out);
    assert.equal(out[0], 1);
    assert.throws(() => fn([a, b, c], [1, 0, 0], [1], out), /out of bounds/);
    assert.throws(() => fn([a, b, c], [0, 0, -1], [1], out), /out of bounds/);
    assert.throws(
      () => fn([a, b, new Float64Array(2)], [0, 0, 0], [1], out),
      /out of bounds/,
    );
    assert.throws(
      () => fn([a, b, c], [0, 0, 0], [1], new Float32Array(14)),
      /output too short/,
    );
    assert.throws(
      () => fn([a, b, new Float32Array(3)], [0, 0, 0], [1], out),
      /is not f64/,
    );
  },
});

Deno.test({
  name: nativeTestName(
    "a native kernel lets go of its launch's buffers once it has run",
  ),
  ignore: ignore || !("gc" in globalThis),
  async fn() {
    const k = fused(4, 8);
    const fn = compileNativeKernel(k);
    assert.equal(typeof fn, "function", String(fn));
    let freed = 0;
    const reg = new FinalizationRegistry<string>(() => freed++);
    (() => {
      const a = new Float32Array(32), b = new Float32Array(32);
      const c = new Float64Array(4), out = new Float32Array(32);
      for (const x of [a, b, c, out]) reg.register(x, "buffer");
      if (typeof fn !== "string") fn([a, b, c], [0, 0, 0], [1], out);
    })();
    fullGc();
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(freed, 4, "the kernel still holds a buffer");
  },
});
