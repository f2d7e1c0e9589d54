// Tests for `@`: every numpy matmul rank case (vector·vector, matrix·vector,
// vector·matrix, matrix·matrix, batched, broadcast batch) against a naive
// reference, dtypes, int overflow, strided operands and shape errors.

import assert from "node:assert/strict";
import { fromFlat, tensor } from "./creation.ts";
import { KernelError } from "./errors.ts";
import { matmul } from "./matmul.ts";
import { transpose } from "./shape_ops.ts";
import { type Tensor, toArray } from "./tensor.ts";
import type {
  CpuBackend,
  FloatArray,
  GemmParams,
} from "./runtime/gemm_contract.ts";
import { jsBackend } from "./runtime/js_backend.ts";
import { dgemm, registerBackend, selectBackend, sgemm } from "./runtime/mod.ts";

function seq(shape: number[], scale = 1): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  return fromFlat(
    Array.from({ length: n }, (_, i) => ((i * 7) % 11 - 5) * scale),
    shape,
    "f64",
  );
}

/** Element of `t` at a multi-index (row-major flat position). */
function get(t: Tensor, idx: number[]): number {
  let flat = 0;
  for (let i = 0; i < t.ndim; i++) flat = flat * t.shape[i] + idx[i];
  return t.at(flat);
}

/** numpy matmul by definition, one output element at a time. */
function naive(a: Tensor, b: Tensor): { shape: number[]; values: number[] } {
  const va = a.ndim === 1, vb = b.ndim === 1;
  const as = va ? [1, a.shape[0]] : [...a.shape];
  const bs = vb ? [b.shape[0], 1] : [...b.shape];
  const m = as[as.length - 2], k = as[as.length - 1], n = bs[bs.length - 1];
  const ab = as.slice(0, -2), bb = bs.slice(0, -2);
  const r = Math.max(ab.length, bb.length);
  const batch: number[] = [];
  for (let i = 0; i < r; i++) {
    const x = ab[i - (r - ab.length)] ?? 1, y = bb[i - (r - bb.length)] ?? 1;
    batch.push(Math.max(x, y));
  }
  const values: number[] = [];
  const total = batch.reduce((p, d) => p * d, 1);
  for (let t = 0; t < total; t++) {
    const bi: number[] = [];
    let rem = t;
    for (let i = r - 1; i >= 0; i--) {
      bi[i] = rem % batch[i];
      rem = Math.floor(rem / batch[i]);
    }
    const pick = (dims: number[]) =>
      dims.map((d, i) => (d === 1 ? 0 : bi[i + r - dims.length]));
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) {
          const x = va ? a.at(q) : get(a, [...pick(ab), i, q]);
          const y = vb ? b.at(q) : get(b, [...pick(bb), q, j]);
          s += x * y;
        }
        values.push(s);
      }
    }
  }
  const shape = [...batch];
  if (!va) shape.push(m);
  if (!vb) shape.push(n);
  return { shape, values };
}

Deno.test("matmul rank cases match numpy's rules", () => {
  const cases: [number[], number[], number[]][] = [
    [[3], [3], []],
    [[2, 3], [3], [2]],
    [[3], [3, 4], [4]],
    [[2, 3], [3, 4], [2, 4]],
    [[5, 2, 3], [3, 4], [5, 2, 4]],
    [[3, 4], [5, 4, 2], [5, 3, 2]],
    [[2, 1, 2, 3], [3, 3, 4], [2, 3, 2, 4]],
    [[3], [2, 3, 4], [2, 4]],
    [[2, 2, 3], [3], [2, 2]],
    [[2, 0], [0, 3], [2, 3]],
    [[0, 3], [3, 2], [0, 2]],
  ];
  for (const [sa, sb, so] of cases) {
    const a = seq(sa), b = seq(sb, 0.5);
    const r = matmul(a, b);
    const ref = naive(a, b);
    assert.deepEqual(r.shape, so, `${sa} @ ${sb}`);
    assert.deepEqual(ref.shape, so, `reference ${sa} @ ${sb}`);
    assert.deepEqual(toArray(r), ref.values, `${sa} @ ${sb}`);
  }
});

Deno.test("matmul of strided (transposed) operands", () => {
  const a = seq([4, 3]), b = seq([5, 4], 2);
  const r = matmul(transpose(a), transpose(b));
  const ref = naive(transpose(a), transpose(b));
  assert.deepEqual(r.shape, [3, 5]);
  assert.deepEqual(toArray(r), ref.values);
});

Deno.test("matmul dtypes and int overflow", () => {
  const i = tensor([[1, 2], [3, 4]]);
  assert.equal(matmul(i, i).dtype, "i32");
  assert.deepEqual(toArray(matmul(i, i)), [7, 10, 15, 22]);
  const f = tensor([[0.5, 1], [1, 1]]);
  assert.equal(matmul(i, f).dtype, "f32");
  assert.deepEqual(toArray(matmul(i, f)), [2.5, 3, 5.5, 7]);
  assert.equal(matmul(f, fromFlat([1, 2], [2], "f64")).dtype, "f64");
  const b = tensor([[true, true], [false, true]]);
  assert.equal(matmul(b, b).dtype, "i32");
  assert.deepEqual(toArray(matmul(b, b)), [1, 2, 0, 1]);
  const big = tensor([[65536, 65536]]);
  assert.throws(
    () => matmul(big, tensor([[32768], [32768]])),
    (e) => e instanceof KernelError && e.code === "R0001",
  );
});

Deno.test("matmul shape errors are R0008 with numpy-style detail", () => {
  assert.throws(
    () => matmul(seq([2, 3]), seq([4, 5])),
    (e) =>
      e instanceof KernelError && e.code === "R0008" &&
      e.message === "shape mismatch in `@`: [2, 3] @ [4, 5] (3 != 4)",
  );
  assert.throws(
    () => matmul(seq([2, 2, 3]), seq([3, 3, 2])),
    (e) => e instanceof KernelError && e.code === "R0008",
  );
  assert.throws(
    () => matmul(fromFlat([1], [], "f32"), seq([1])),
    (e) => e instanceof KernelError && e.code === "R0008",
  );
});

Deno.test("matmul through the blocked GEMM: batched, broadcast, strided", () => {
  const cases: [Tensor, Tensor][] = [
    [seq([2, 1, 40, 50], 0.25), seq([3, 50, 33])],
    [seq([4, 5, 37]), seq([37, 20], 0.5)], // batches fold into one GEMM
    [transpose(seq([5, 4, 37]), [1, 0, 2]), seq([37, 20])], // cannot fold
    [transpose(seq([70, 40])), transpose(seq([33, 70]))],
    [seq([300]), seq([300, 45])],
    [seq([45, 300]), seq([300])],
  ];
  for (const [a, b] of cases) {
    const r = matmul(a, b), ref = naive(a, b);
    assert.deepEqual(r.shape, ref.shape);
    assert.deepEqual(toArray(r), ref.values, `${a.shape} @ ${b.shape}`);
  }
});

Deno.test("f32 matmul: products summed in order, rounded once to f32", () => {
  const n = 600;
  const a = fromFlat(
    Array.from({ length: n }, (_, i) => Math.fround(1 / (i + 3))),
    [1, n],
    "f32",
  );
  const b = fromFlat(
    Array.from({ length: n }, (_, i) => Math.fround((i % 7) / 3)),
    [n, 1],
    "f32",
  );
  let s = 0;
  for (let i = 0; i < n; i++) s += a.at(i) * b.at(i);
  const r = matmul(a, b);
  assert.equal(r.dtype, "f32");
  assert.equal(r.at(0), Math.fround(s));
});

Deno.test("matmul passes transposed operands to the GEMM without copying", () => {
  const seen: FloatArray[] = [];
  const spy: CpuBackend = {
    ...jsBackend,
    sgemm: (p) => {
      seen.push(p.a, p.b);
      jsBackend.sgemm(p);
    },
  };
  registerBackend(spy);
  try {
    assert.equal(selectBackend("js", { threads: 1 }), null);
    const a = fromFlat(Array.from({ length: 12 }, (_, i) => i), [4, 3], "f32");
    const b = fromFlat(Array.from({ length: 20 }, (_, i) => i), [5, 4], "f32");
    const r = matmul(transpose(a), transpose(b));
    assert.deepEqual(toArray(r), naive(transpose(a), transpose(b)).values);
    assert.equal(seen[0], a.data);
    assert.equal(seen[1], b.data);
  } finally {
    registerBackend(jsBackend);
    selectBackend("js", { threads: 1 });
  }
});

/** relu(A·B + 0.5) for A = [[1, 2]], B = [[1, -3], [1, 1]] through `gemm`. */
function reluBias<T extends FloatArray>(
  make: (xs: number[]) => T,
  gemm: (p: GemmParams<T>) => void,
): number[] {
  const c = make([0, 0]);
  gemm({
    m: 1,
    n: 2,
    k: 2,
    a: make([1, 2]),
    aOffset: 0,
    aRowStride: 2,
    aColStride: 1,
    b: make([1, -3, 1, 1]),
    bOffset: 0,
    bRowStride: 2,
    bColStride: 1,
    c,
    cOffset: 0,
    ldc: 2,
    accumulate: false,
    epilogue: { bias: make([0.5, 0.5]), biasOffset: 0, act: "relu" },
  });
  return Array.from(c);
}

Deno.test("registry GEMMs run an epilogue the backend does not fuse as a separate pass", () => {
  assert.equal(selectBackend("js", { threads: 1 }), null);
  assert.deepEqual(reluBias((xs) => new Float32Array(xs), sgemm), [3.5, 0]);
  assert.deepEqual(reluBias((xs) => new Float64Array(xs), dgemm), [3.5, 0]);
});
