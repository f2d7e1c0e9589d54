// Tests for reductions: every op over every axis with and without keepdims
// against a naive reference, numpy values for var/std/logsumexp, dtypes,
// int overflow, empty inputs and strided inputs.

import assert from "node:assert/strict";
import type { ReduceOpName } from "../compiler/core/ops.ts";
import { fromFlat, tensor } from "./creation.ts";
import { KernelError } from "./errors.ts";
import { reduce } from "./reduce.ts";
import { transpose } from "./shape_ops.ts";
import { type Tensor, toArray } from "./tensor.ts";

function throwsCode(f: () => unknown, code: string): void {
  assert.throws(f, (e) => e instanceof KernelError && e.code === code);
}

/** Lines of `x` along `axis` (all elements when undefined), in output order. */
function lines(x: Tensor, axis: number | undefined): number[][] {
  const v = toArray(x);
  if (axis === undefined) return [v];
  const a = axis < 0 ? axis + x.ndim : axis;
  const outer = x.shape.slice(0, a).reduce((p, d) => p * d, 1);
  const n = x.shape[a];
  const inner = x.shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const out: number[][] = [];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const line: number[] = [];
      for (let k = 0; k < n; k++) line.push(v[(o * n + k) * inner + i]);
      out.push(line);
    }
  }
  return out;
}

const NAIVE: Partial<Record<ReduceOpName, (l: number[]) => number>> = {
  sum: (l) => l.reduce((p, v) => p + v, 0),
  prod: (l) => l.reduce((p, v) => p * v, 1),
  max: (l) => Math.max(...l),
  min: (l) => Math.min(...l),
  mean: (l) => l.reduce((p, v) => p + v, 0) / l.length,
  argmax: (l) => l.indexOf(Math.max(...l)),
  argmin: (l) => l.indexOf(Math.min(...l)),
};

Deno.test("reductions over every axis and keepdims match a naive reference", () => {
  // Small values so that the full int product fits in i32.
  const vals = [3, -1, 2, 1, -2, 1, 2, 1, -1, 3, 1, -1];
  const more = [1, 1, 2, -3, 1, 2, 1, 1, -1, 1, 2, 1];
  const xi = fromFlat([...vals, ...more], [2, 3, 4], "i32");
  const xf = fromFlat([...vals, ...more].map((v) => v / 4), [2, 3, 4], "f32");
  for (const x of [xi, xf]) {
    for (const [op, f] of Object.entries(NAIVE)) {
      for (const axis of [undefined, 0, 1, 2, -1, -3]) {
        for (const keepdims of [false, true]) {
          const r = reduce(op as ReduceOpName, x, { axis, keepdims });
          const expected = lines(x, axis).map(f).map((v) =>
            r.dtype === "f32" ? Math.fround(v) : v
          );
          const label = `${op} ${x.dtype} axis=${axis} keepdims=${keepdims}`;
          assert.deepEqual(toArray(r), expected, label);
          let shape: number[];
          if (axis === undefined) shape = keepdims ? [1, 1, 1] : [];
          else {
            const a = axis < 0 ? axis + 3 : axis;
            shape = [...x.shape];
            if (keepdims) shape[a] = 1;
            else shape.splice(a, 1);
          }
          assert.deepEqual(r.shape, shape, label);
        }
      }
    }
  }
});

Deno.test("var, std (ddof) and logsumexp match numpy", () => {
  const x = fromFlat(
    Array.from({ length: 24 }, (_, i) => i * 0.5 - 3),
    [2, 3, 4],
    "f32",
  );
  assert.deepEqual(toArray(reduce("var", x)), [
    Math.fround(11.979166984558105),
  ]);
  assert.deepEqual(toArray(reduce("std", x, { ddof: 1 })), [
    Math.fround(3.535533905029297),
  ]);
  assert.deepEqual(
    toArray(reduce("var", x, { axis: 1 })),
    new Array(8).fill(Math.fround(2.6666667461395264)),
  );
  assert.deepEqual(
    toArray(reduce("std", x, { axis: -1, ddof: 1 })),
    new Array(6).fill(Math.fround(0.64549720287323)),
  );
  assert.deepEqual(toArray(reduce("logsumexp", x)), [
    Math.fround(9.432745933532715),
  ]);
  assert.deepEqual(
    toArray(reduce("logsumexp", x, { axis: 2 })),
    [
      -0.7126613259315491,
      1.2873386144638062,
      3.2873387336730957,
      5.287338733673096,
      7.287338733673096,
      9.287338256835938,
    ].map(Math.fround),
  );
  // Stable where a naive exp would overflow.
  const big = tensor([1000, 1000]);
  assert.deepEqual(toArray(reduce("logsumexp", big)), [
    Math.fround(1000 + Math.log(2)),
  ]);
  assert.deepEqual(toArray(reduce("logsumexp", tensor([-Infinity]))), [
    -Infinity,
  ]);
  assert.ok(Number.isNaN(toArray(reduce("var", tensor([1]), { ddof: 1 }))[0]));
});

Deno.test("reduction dtypes", () => {
  const b = tensor([true, false, true]);
  assert.equal(reduce("sum", b).dtype, "i32");
  assert.deepEqual(toArray(reduce("sum", b)), [2]);
  assert.equal(reduce("max", b).dtype, "bool");
  assert.equal(reduce("sum", tensor([1, 2])).dtype, "i32");
  assert.equal(reduce("prod", tensor([1, 2])).dtype, "i32");
  assert.equal(reduce("mean", tensor([1, 2])).dtype, "f32");
  assert.deepEqual(toArray(reduce("mean", tensor([1, 2]))), [1.5]);
  assert.equal(reduce("argmax", tensor([1.5])).dtype, "i32");
  assert.equal(reduce("sum", fromFlat([1], [1], "f64")).dtype, "f64");
  assert.equal(reduce("sum", tensor([1, 2])).ndim, 0);
});

Deno.test("int sums and products overflow with R0001; empty reductions", () => {
  throwsCode(() => reduce("sum", tensor([2147483647, 1])), "R0001");
  throwsCode(() => reduce("prod", tensor([65536, 65536])), "R0001");
  assert.deepEqual(toArray(reduce("prod", tensor([65536, 65536, 0]))), [0]);
  // Only the final value must fit.
  assert.deepEqual(toArray(reduce("sum", tensor([2147483647, 1, -1]))), [
    2147483647,
  ]);
  const e = fromFlat([], [0, 3], "f32");
  assert.deepEqual(toArray(reduce("sum", e)), [0]);
  assert.deepEqual(toArray(reduce("sum", e, { axis: 0 })), [0, 0, 0]);
  assert.deepEqual(reduce("max", e, { axis: 1 }).shape, [0]);
  throwsCode(() => reduce("max", e), "R0012");
  throwsCode(() => reduce("argmax", e, { axis: 0 }), "R0012");
  throwsCode(() => reduce("sum", e, { axis: 2 }), "R0012");
});

Deno.test("argmax/argmin take the first occurrence; NaN propagates", () => {
  assert.deepEqual(toArray(reduce("argmax", tensor([1, 3, 3, 2]))), [1]);
  assert.deepEqual(toArray(reduce("argmin", tensor([2, 0, 5, 0]))), [1]);
  const n = tensor([1, NaN, 3]);
  assert.deepEqual(toArray(reduce("argmax", n)), [1]);
  assert.ok(Number.isNaN(toArray(reduce("max", n))[0]));
  assert.ok(Number.isNaN(toArray(reduce("sum", n))[0]));
});

Deno.test("reductions of strided views", () => {
  const x = fromFlat([1, 2, 3, 4, 5, 6], [2, 3], "i32");
  const t = transpose(x);
  assert.deepEqual(toArray(reduce("sum", t, { axis: 1 })), [5, 7, 9]);
  assert.deepEqual(toArray(reduce("max", t, { axis: 0 })), [3, 6]);
  assert.deepEqual(toArray(reduce("argmax", t, { axis: 0 })), [2, 2]);
});

Deno.test("f32 sums accumulate in binary64 and round once", () => {
  const n = 1 << 20;
  const x = fromFlat(new Float64Array(n).fill(0.1), [n], "f32");
  assert.deepEqual(toArray(reduce("sum", x)), [
    Math.fround(Math.fround(0.1) * n),
  ]);
});

Deno.test("computed f32/f64 reductions as native launches equal the JS loop", async () => {
  const { STATS } = await import("./jit/config.ts");
  const { setNativeKernels } = await import("./runtime/native_launch.ts");
  let s = 7;
  const next = () => (s = (s * 16807) % 2147483647) / 2147483647;
  for (const dt of ["f32", "f64"] as const) {
    const flat = Array.from(
      { length: 64 * 40 },
      (_, i) => i % 97 === 5 ? NaN : i % 89 === 3 ? -0 : (next() - 0.5) * 9,
    );
    const x = fromFlat(flat, [64, 40], dt);
    for (const t of [x, transpose(x)]) {
      for (const op of ["sum", "mean", "prod", "max", "min"] as const) {
        for (const axis of [0, 1, -1]) {
          const js = toArray(reduce(op, t, { axis }));
          const before = STATS.launched;
          const old = setNativeKernels(true);
          let got: number[];
          try {
            got = toArray(reduce(op, t, { axis }));
          } finally {
            setNativeKernels(old);
          }
          assert.ok(STATS.launched > before, `${op} ran as a launch`);
          assert.deepEqual(got, js, `${dt} ${op} axis ${axis}`);
        }
      }
    }
  }
});

Deno.test("row sums (inner > 1) add each column in row order from 0", () => {
  for (const dt of ["f32", "f64"] as const) {
    for (const [outer, n, inner] of [[1, 64, 10], [2, 9, 7], [3, 5, 4]]) {
      const flat = Array.from(
        { length: outer * n * inner },
        (_, i) => i % 13 === 0 ? -0 : Math.sin(i * 1.3) * 10 ** (i % 7),
      );
      flat[5] = NaN;
      const x = fromFlat(flat, [outer, n, inner], dt);
      const want = lines(x, 1).map((l) => l.reduce((p, v) => p + v, 0))
        .map((v) => dt === "f32" ? Math.fround(v) : v);
      assert.deepEqual(toArray(reduce("sum", x, { axis: 1 })), want, dt);
    }
  }
});
