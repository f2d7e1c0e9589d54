// Tests for the element-wise driver: every unary op on every dtype against a
// naive per-element reference, hand-computed values, broadcasting, dtype
// promotion with scalars, strided inputs and int errors.

import assert from "node:assert/strict";
import type { DType } from "../compiler/core/dtype.ts";
import {
  type OpDef,
  opDTypes,
  type OpName,
  OPS,
  type UnaryOpName,
} from "../compiler/core/ops.ts";
import {
  boolScalar as B,
  floatScalar as F,
  intScalar as I,
} from "../compiler/core/scalar.ts";
import { binary, ternary, unary } from "./elementwise.ts";
import { KernelError } from "./errors.ts";
import { fromFlat, tensor } from "./creation.ts";
import { transpose } from "./shape_ops.ts";
import { Tensor, toArray } from "./tensor.ts";

function throwsCode(f: () => unknown, code: string): void {
  assert.throws(f, (e) => e instanceof KernelError && e.code === code);
}

function roundTo(dtype: DType, v: number): number {
  return dtype === "f32" ? Math.fround(v) : v;
}

const INPUTS: Record<DType, number[]> = {
  f32: [-2.5, -1, -0.25, 0, 0.5, 1, 3.75, 100],
  f64: [-2.5, -1, -0.25, 0, 0.5, 1, 3.75, 100],
  i32: [-7, -1, 0, 1, 2, 5, 1000, -2147483647],
  bool: [0, 1, 1, 0],
  i8: [-128, -3, 0, 4, 127],
};

const UNARY = (Object.keys(OPS) as OpName[]).filter((n) =>
  OPS[n].kind === "unary"
) as UnaryOpName[];

Deno.test("every unary op on every dtype matches a per-element reference", () => {
  for (const op of UNARY) {
    const def: OpDef = OPS[op];
    for (const dt of ["f32", "f64", "i32", "bool", "i8"] as DType[]) {
      const x = fromFlat(INPUTS[dt], [INPUTS[dt].length], dt);
      const { compute, result } = opDTypes(op, [dt]);
      const y = unary(op, x);
      assert.equal(y.dtype, result, `${op}(${dt}) dtype`);
      const useF = compute === "f32" || compute === "f64";
      const expected = toArray(x).map((v) =>
        roundTo(
          result,
          (useF ? def.evalF! : def.evalI!)(roundTo(compute, v), 0, 0),
        )
      );
      assert.deepEqual(toArray(y), expected, `${op}(${dt})`);
    }
  }
});

Deno.test("unary ops: hand-computed values", () => {
  assert.deepEqual(toArray(unary("exp", tensor([0, 1]))), [
    1,
    Math.fround(Math.E),
  ]);
  assert.deepEqual(toArray(unary("neg", tensor([true, false]))), [-1, 0]);
  assert.deepEqual(toArray(unary("not", tensor([true, false]))), [0, 1]);
  assert.deepEqual(toArray(unary("sign", tensor([-3, 0, 9]))), [-1, 0, 1]);
  assert.deepEqual(toArray(unary("relu", tensor([-3.5, 2.5]))), [0, 2.5]);
  assert.equal(unary("sqrt", tensor([4])).dtype, "f32");
  throwsCode(() => unary("neg", tensor([-2147483648], "i32")), "R0001");
});

Deno.test("binary ops: same shape, values and f32 rounding", () => {
  const a = tensor([F(0.1), F(0.2)]), b = tensor([F(0.2), F(0.4)]);
  assert.deepEqual(toArray(binary("add", a, b)), [
    Math.fround(Math.fround(0.1) + Math.fround(0.2)),
    Math.fround(Math.fround(0.2) + Math.fround(0.4)),
  ]);
  const i = tensor([7, -7, 9]), j = tensor([2, 2, -4]);
  assert.deepEqual(toArray(binary("mod", i, j)), [1, -1, 1]);
  assert.deepEqual(toArray(binary("div", i, j)), [3.5, -3.5, -2.25]);
  assert.equal(binary("div", i, j).dtype, "f32");
  assert.deepEqual(toArray(binary("pow", i, I(2))), [49, 49, 81]);
  assert.deepEqual(toArray(binary("lt", i, j)), [0, 1, 0]);
  assert.equal(binary("lt", i, j).dtype, "bool");
  assert.deepEqual(toArray(binary("maximum", i, j)), [7, 2, 9]);
  const t = tensor([true, true, false]), f = tensor([true, false, false]);
  assert.deepEqual(toArray(binary("and", t, f)), [1, 0, 0]);
  assert.deepEqual(toArray(binary("or", t, f)), [1, 1, 0]);
  assert.deepEqual(toArray(binary("add", t, f)), [2, 1, 0]);
  assert.equal(binary("add", t, f).dtype, "i32");
  assert.equal(binary("eq", t, B(true)).dtype, "bool");
});

Deno.test("scalars take the tensor's dtype; float scalars promote ints", () => {
  const i = tensor([1, 2]);
  const f = tensor([F(1), F(2)]);
  const d = fromFlat([1, 2], [2], "f64");
  assert.equal(binary("mul", i, I(2)).dtype, "i32");
  assert.equal(binary("mul", f, I(2)).dtype, "f32");
  assert.equal(binary("mul", i, F(2.5)).dtype, "f32");
  assert.deepEqual(toArray(binary("mul", i, F(2.5))), [2.5, 5]);
  assert.equal(binary("mul", d, F(0.1)).dtype, "f64");
  assert.deepEqual(toArray(binary("mul", d, F(0.1))), [0.1, 0.2]);
  // The float scalar is rounded to f32 first, like numpy's weak scalars.
  assert.deepEqual(toArray(binary("mul", f, F(0.1))), [
    Math.fround(0.1),
    Math.fround(2 * Math.fround(0.1)),
  ]);
  assert.equal(binary("add", i, f).dtype, "f32");
  assert.equal(binary("add", f, d).dtype, "f64");
  assert.deepEqual(toArray(binary("sub", I(10), i)), [9, 8]);
  assert.equal(binary("div", i, I(2)).dtype, "f32");
});

Deno.test("i32 values round to f32 before mixing with f32", () => {
  const big = tensor([16777217]);
  const r = binary("add", big, tensor([F(0)]));
  assert.deepEqual(toArray(r), [16777216]);
});

Deno.test("int tensor errors: overflow R0001, modulo by zero R0002", () => {
  throwsCode(() => binary("add", tensor([2147483647]), I(1)), "R0001");
  throwsCode(() => binary("mul", tensor([65536]), tensor([65536])), "R0001");
  throwsCode(() => binary("mod", tensor([1, 2]), tensor([1, 0])), "R0002");
  throwsCode(() => binary("pow", tensor([2]), I(-1)), "R0012");
  assert.deepEqual(toArray(binary("div", tensor([1]), I(0))), [Infinity]);
});

/** Naive broadcasting reference: out[idx] = f(a[idx'], b[idx']). */
function refBinary(
  f: (x: number, y: number) => number,
  a: Tensor,
  b: Tensor,
  shape: number[],
): number[] {
  const out: number[] = [];
  const n = shape.reduce((p, d) => p * d, 1);
  const pick = (t: Tensor, idx: number[]): number => {
    const lead = idx.length - t.ndim;
    let flat = 0;
    for (let i = 0; i < t.ndim; i++) {
      flat = flat * t.shape[i] + (t.shape[i] === 1 ? 0 : idx[lead + i]);
    }
    return t.at(flat);
  };
  for (let k = 0; k < n; k++) {
    const idx: number[] = [];
    let r = k;
    for (let i = shape.length - 1; i >= 0; i--) {
      idx[i] = r % shape[i];
      r = Math.floor(r / shape[i]);
    }
    out.push(f(pick(a, idx), pick(b, idx)));
  }
  return out;
}

function seq(shape: number[], start = 1): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  return fromFlat(
    Array.from({ length: n }, (_, i) => start + i),
    shape,
    "i32",
  );
}

Deno.test("broadcasting matches a naive reference", () => {
  const cases: [number[], number[], number[]][] = [
    [[2, 3], [3], [2, 3]],
    [[2, 1], [1, 3], [2, 3]],
    [[4, 1, 3], [2, 1], [4, 2, 3]],
    [[3], [], [3]],
    [[], [], []],
    [[2, 0], [1], [2, 0]],
    [[1, 5, 1], [3, 1, 2], [3, 5, 2]],
  ];
  for (const [sa, sb, so] of cases) {
    const a = seq(sa), b = seq(sb, 10);
    const r = binary("sub", a, b);
    assert.deepEqual(r.shape, so);
    assert.deepEqual(toArray(r), refBinary((x, y) => x - y, a, b, so));
  }
  assert.throws(
    () => binary("add", seq([2, 3]), seq([2])),
    (e) =>
      e instanceof KernelError && e.code === "R0008" &&
      e.message === "shape mismatch in `+`: cannot broadcast [2, 3] with [2]",
  );
});

Deno.test("strided (transposed) operands", () => {
  const a = seq([2, 3]);
  const at = transpose(a);
  const b = seq([3, 2], 100);
  const r = binary("add", at, b);
  assert.deepEqual(r.shape, [3, 2]);
  assert.deepEqual(toArray(r), refBinary((x, y) => x + y, at, b, [3, 2]));
  assert.deepEqual(toArray(unary("neg", at)), [-1, -4, -2, -5, -3, -6]);
});

Deno.test("where and clip broadcast with scalars", () => {
  const x = tensor([F(-2), F(0.5), F(3)]);
  const c = binary("gt", x, I(0));
  const w = ternary("where", c, x, F(0));
  assert.equal(w.dtype, "f32");
  assert.deepEqual(toArray(w), [0, 0.5, 3]);
  const w2 = ternary("where", tensor([[true], [false]]), tensor([1, 2]), I(9));
  assert.deepEqual(w2.shape, [2, 2]);
  assert.deepEqual(toArray(w2), [1, 2, 9, 9]);
  assert.deepEqual(toArray(ternary("clip", x, I(-1), F(1))), [-1, 0.5, 1]);
  assert.deepEqual(toArray(ternary("clip", tensor([-5, 5]), I(0), I(3))), [
    0,
    3,
  ]);
});
