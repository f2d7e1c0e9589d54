// Tensors through the interpreter: literals, operators with broadcasting
// and scalars, `@`, indexing to views and scalars, index assignment through
// views, members, iteration, reductions and kernel errors with spans.

import { strictEqual } from "node:assert";
import { errorOf, outputOf, uncheckedErrorOf } from "./test_support.ts";

Deno.test("bracket literals: i32 unless a float appears; nested rows", () => {
  const src = `
let a = [1, 2, 3]
let b = [[1.5, 2], [3, 4]]
print(a.dtype, a.shape, b.dtype, b.shape, b.ndim)
`;
  strictEqual(outputOf(src), "i32 [3] f32 [2, 2] 2\n");
});

Deno.test("operators broadcast and keep the tensor's dtype with scalars", () => {
  const src = `
let t = [[1.0, 2.0], [3.0, 4.0]]
print(t * 2, (t + [10.0, 20.0])[1], [1, 2] * 2, ([1, 2] * 0.5).dtype)
print(t > 2.5, -[1, 2])
`;
  strictEqual(
    outputOf(src),
    "tensor([[2.0, 4.0],\n        [6.0, 8.0]], dtype=f32, shape=[2, 2]) " +
      "tensor([13.0, 24.0], dtype=f32, shape=[2]) " +
      "tensor([2, 4], dtype=i32, shape=[2]) f32\n" +
      "tensor([[false, false],\n        [true, true]], dtype=bool, shape=[2, 2]) " +
      "tensor([-1, -2], dtype=i32, shape=[2])\n",
  );
});

Deno.test("indexing every dim gives scalars of the language's types", () => {
  const src = `
let f = [[1.5, 2.5], [3.5, 4.5]]
let i = [[1, 2], [3, 4]]
print(f[1, 0], i[0, 1], i[-1, -1], f[0], (i > 2)[1, 1], f[:, 1], i[::-1, 0])
`;
  strictEqual(
    outputOf(src),
    "3.5 2 4 tensor([1.5, 2.5], dtype=f32, shape=[2]) true " +
      "tensor([2.5, 4.5], dtype=f32, shape=[2]) tensor([3, 1], dtype=i32, shape=[2])\n",
  );
});

Deno.test("index assignment writes through views and shared references", () => {
  const src = `
let a = zeros([2, 3])
let b = a
let row = a[1]
row[2] = 7.0
a[0] = 1.0
b[1, 0] += 2.0
print(a)
`;
  strictEqual(
    outputOf(src),
    "tensor([[1.0, 1.0, 1.0],\n        [2.0, 0.0, 7.0]], dtype=f32, shape=[2, 3])\n",
  );
});

Deno.test("matmul, transpose member and reductions with axis/keepdims", () => {
  const src = `
let a = [[1.0, 2.0], [3.0, 4.0]]
print(a @ [1.0, 1.0], a.T[0], sum(a), a.sum(axis: 1), mean(a, axis: 0, keepdims: true).shape, max(a), argmax(a, axis: 1))
`;
  strictEqual(
    outputOf(src),
    "tensor([3.0, 7.0], dtype=f32, shape=[2]) tensor([1.0, 3.0], dtype=f32, shape=[2]) " +
      "10.0 tensor([3.0, 7.0], dtype=f32, shape=[2]) [1, 2] 4.0 tensor([1, 1], dtype=i32, shape=[2])\n",
  );
});

Deno.test("for walks the first dim: scalars for rank 1, rows otherwise", () => {
  const src = `
var s = 0.0
for x in [0.5, 1.5] { s = s + x }
var n = 0
for row in [[1, 2], [3, 4], [5, 6]] { n += row[1] }
print(s, n)
`;
  strictEqual(outputOf(src), "2.0 12\n");
});

Deno.test("element-wise builtins on tensors and scalars use the op table", () => {
  const src = `
print(relu([-1.0, 2.0]), abs(-4), exp(0.0), sqrt(4), maximum([1, 5], 3), clip(7, 0, 5), where([1, 0] > 0, 1, 2))
`;
  strictEqual(
    outputOf(src),
    "tensor([0.0, 2.0], dtype=f32, shape=[2]) 4 1.0 2.0 tensor([3, 5], dtype=i32, shape=[2]) 5 " +
      "tensor([1, 2], dtype=i32, shape=[2])\n",
  );
});

Deno.test("kernel errors become runtime errors at the expression's span", () => {
  const e = errorOf(
    'let n = len("abcd")\nlet a = ones([2, 3])\nlet b = ones([n])\nprint(a + b)',
  );
  strictEqual(e.code, "R0008");
  strictEqual(e.text.includes("4 | print(a + b)"), true);
  strictEqual(e.text.includes("  |       ^^^^^"), true);
  strictEqual(
    errorOf('let a = [1, 2]\nlet i = len("abcde")\nprint(a[i])').code,
    "R0003",
  );
});

Deno.test("a ragged nested literal is a runtime error", () => {
  strictEqual(
    uncheckedErrorOf("print([[1, 2], [3]])").message,
    "ragged nested literal: expected 2 elements, found 1",
  );
});
