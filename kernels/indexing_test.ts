// Tests for indexing: ints, slices with numpy's rules (negative steps,
// clamping), scalars from full indexing, views sharing storage, errors, and
// setIndex through views with broadcasting and dtype conversion.

import assert from "node:assert/strict";
import { boolScalar, floatScalar, intScalar } from "../compiler/core/scalar.ts";
import { arange, fromFlat, tensor } from "./creation.ts";
import { KernelError } from "./errors.ts";
import { index, resolveSlice, setIndex } from "./indexing.ts";
import { reshape, transpose } from "./shape_ops.ts";
import { Tensor, toArray } from "./tensor.ts";

function view(x: Tensor, items: Parameters<typeof index>[1]): Tensor {
  const r = index(x, items);
  assert.ok(r instanceof Tensor, "expected a tensor view");
  return r;
}

const r10 = (): Tensor => arange(intScalar(10));

/** Python's list slicing, the reference for numpy's 1-D slice rules. */
function pySlice(n: number, start?: number, stop?: number, step = 1): number[] {
  const { start: s0, step: st, count } = resolveSlice(
    { start, stop, step },
    n,
  );
  return Array.from({ length: count }, (_, i) => s0 + i * st);
}

Deno.test("slices follow numpy's rules, including negative steps", () => {
  const x = r10();
  const cases: [number | undefined, number | undefined, number, number[]][] = [
    [undefined, undefined, 1, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    [2, 5, 1, [2, 3, 4]],
    [-3, undefined, 1, [7, 8, 9]],
    [undefined, -7, 1, [0, 1, 2]],
    [undefined, undefined, 2, [0, 2, 4, 6, 8]],
    [1, undefined, 3, [1, 4, 7]],
    [undefined, undefined, -1, [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]],
    [8, 2, -2, [8, 6, 4]],
    [-1, -4, -1, [9, 8, 7]],
    [undefined, 5, -1, [9, 8, 7, 6]],
    [5, undefined, -2, [5, 3, 1]],
    [100, undefined, -3, [9, 6, 3, 0]],
    [-100, 100, 1, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    [5, 2, 1, []],
    [2, 5, -1, []],
    [20, 30, 1, []],
  ];
  for (const [start, stop, step, expected] of cases) {
    const v = view(x, [{ start, stop, step }]);
    assert.deepEqual(toArray(v), expected, `[${start}:${stop}:${step}]`);
    assert.deepEqual(pySlice(10, start, stop, step), expected);
  }
  assert.throws(
    () => index(x, [{ step: 0 }]),
    (e) => e instanceof KernelError && e.code === "R0012",
  );
  assert.throws(
    () => index(x, [{ start: 0.5 }]),
    (e) => e instanceof KernelError && e.code === "R0012",
  );
  assert.throws(
    () => index(x, [1.5]),
    (e) => e instanceof KernelError && e.code === "R0003",
  );
});

Deno.test("int indices give views or scalars; negative from the end", () => {
  const x = reshape(arange(intScalar(12)), [3, 4]);
  assert.deepEqual(index(x, [1, 2]), intScalar(6));
  assert.deepEqual(index(x, [-1, -1]), intScalar(11));
  assert.deepEqual(toArray(view(x, [-2])), [4, 5, 6, 7]);
  assert.deepEqual(toArray(view(x, [{}, 2])), [2, 6, 10]);
  assert.deepEqual(toArray(view(x, [{ start: 1 }, { stop: -1 }])), [
    4,
    5,
    6,
    8,
    9,
    10,
  ]);
  assert.deepEqual(view(x, [{ start: 1 }, { stop: -1 }]).shape, [2, 3]);
  const f = tensor([[1.5, 2]]);
  assert.deepEqual(index(f, [0, 0]), floatScalar(1.5));
  assert.deepEqual(index(tensor([true, false]), [1]), boolScalar(false));
  const t = transpose(x);
  assert.deepEqual(index(t, [3, 0]), intScalar(3));
  assert.deepEqual(toArray(view(t, [{ step: -1 }, 1])), [7, 6, 5, 4]);
});

Deno.test("out-of-range indices are R0003 with index and length", () => {
  const x = reshape(arange(intScalar(6)), [2, 3]);
  assert.throws(
    () => index(x, [0, 3]),
    (e) =>
      e instanceof KernelError && e.code === "R0003" &&
      e.message === "index 3 is out of range for axis 1 of length 3",
  );
  assert.throws(
    () => index(x, [-3]),
    (e) =>
      e instanceof KernelError && e.code === "R0003" &&
      e.message === "index -3 is out of range for axis 0 of length 2",
  );
  assert.throws(
    () => index(x, [0, 0, 0]),
    (e) => e instanceof KernelError && e.code === "R0012",
  );
});

Deno.test("views share storage both ways", () => {
  const a = reshape(arange(intScalar(6)), [2, 3]);
  const row = view(a, [1]);
  const rev = view(a, [{}, { step: -1 }]);
  assert.equal(row.data, a.data);
  setIndex(a, [1, 0], intScalar(42));
  assert.deepEqual(toArray(row), [42, 4, 5]);
  assert.deepEqual(toArray(rev), [2, 1, 0, 5, 4, 42]);
  setIndex(rev, [0, 0], intScalar(-1));
  assert.deepEqual(toArray(a), [0, 1, -1, 42, 4, 5]);
});

Deno.test("setIndex broadcasts scalars and tensors into slices", () => {
  const a = fromFlat(new Array(12).fill(0), [3, 4], "f32");
  setIndex(a, [{}, 1], floatScalar(2.5));
  setIndex(a, [0], tensor([1, 2, 3, 4]));
  setIndex(a, [{ start: 1 }, { start: 2 }], tensor([[7], [8]]));
  assert.deepEqual(toArray(a), [1, 2, 3, 4, 0, 2.5, 7, 7, 0, 2.5, 8, 8]);
  assert.throws(
    () => setIndex(a, [{ step: -2 }, { stop: 1 }], tensor([5, 6])),
    (e) =>
      e instanceof KernelError &&
      e.message === "shape mismatch in `[]=`: cannot broadcast [2] to [2, 1]",
  );
  setIndex(a, [{ step: -2 }, { stop: 1 }], tensor([[5], [6]]));
  assert.deepEqual(toArray(a).filter((_, i) => i % 4 === 0), [6, 0, 5]);
  assert.throws(
    () => setIndex(a, [0], tensor([1, 2, 3])),
    (e) => e instanceof KernelError && e.code === "R0008",
  );
  assert.throws(
    () => setIndex(a, [5], floatScalar(1)),
    (e) => e instanceof KernelError && e.code === "R0003",
  );
});

Deno.test("setIndex converts to the target dtype; overlapping copies work", () => {
  const i = tensor([1, 2, 3]);
  setIndex(i, [0], floatScalar(-2.7));
  assert.deepEqual(toArray(i), [-2, 2, 3]);
  assert.throws(
    () => setIndex(i, [0], floatScalar(NaN)),
    (e) => e instanceof KernelError && e.code === "R0009",
  );
  const b = tensor([true, true]);
  setIndex(b, [1], intScalar(0));
  assert.deepEqual(toArray(b), [1, 0]);
  const x = arange(intScalar(5));
  setIndex(x, [{ start: 1 }], view(x, [{ stop: -1 }]));
  assert.deepEqual(toArray(x), [0, 0, 1, 2, 3]);
});

Deno.test("0-d tensors: empty index gives a view; item-like scalar access", () => {
  const z = fromFlat([7], [], "i32");
  const v = index(z, []);
  assert.ok(v instanceof Tensor && v.ndim === 0);
  setIndex(z, [], intScalar(9));
  assert.deepEqual(toArray(z), [9]);
});
