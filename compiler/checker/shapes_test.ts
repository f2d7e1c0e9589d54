// Static shapes and dtypes: E0401–E0405 where sizes are known, and the
// result types of tensor builtins, operators, indexing and members.

import { expectClean, expectError, expectTypes } from "./test_util.ts";

Deno.test("E0401: the spec's matmul example, exactly", () => {
  expectError(
    "let x = randn([64, 784])\nlet w = randn([128, 10])\nlet h = x @ w",
    "E0401",
    "shape mismatch in `@`: [64, 784] @ [128, 10] (784 != 128)",
    "x @ w",
  );
});

Deno.test("E0401: shapes known from annotations", () => {
  expectError(
    "fn layer(x: Tensor<f32, [64, 784]>, w: Tensor<f32, [128, 10]>) -> Tensor<f32> {\n    let h = x @ w\n    h\n}",
    "E0401",
    "shape mismatch in `@`: [64, 784] @ [128, 10] (784 != 128)",
    "x @ w",
  );
});

Deno.test("E0401: broadcasting mismatch", () => {
  expectError(
    "let a = zeros([2])\nlet b = zeros([3])\nprint(a + b)",
    "E0401",
    "shape mismatch in `+`: cannot broadcast [2] with [3] (2 != 3)",
    "a + b",
  );
  expectError(
    "let a = zeros([2])\nlet b = where(a > 0.0, a, zeros([3]))",
    "E0401",
    "shape mismatch in `where`: cannot broadcast [2] with [3] (2 != 3)",
    "where(a > 0.0, a, zeros([3]))",
  );
});

Deno.test("unknown sizes never give false shape errors", () => {
  expectClean(
    "var n = 2\nn += 1\nlet a = zeros([n])\nlet b = zeros([2])\nprint(a + b)\nfn f(x: Tensor<f32, [N]>, y: Tensor<f32, [M]>) { x + y }",
  );
});

Deno.test("operators: broadcasting and dtype promotion", () => {
  expectTypes(
    "let a = zeros([2, 3]) + ones([3])\nlet b = [1, 2] * 2.5\nlet c = [1, 2] / [3, 4]\nlet d = zeros([2]) > 0.5\nlet e = [[1.0, 2.0]] @ [[1.0], [2.0]]\nlet f = -[1, 2]\nlet g = zeros([4, 2, 3]) @ zeros([3, 5])\nlet h = zeros([3]) @ zeros([3])",
    {
      a: "Tensor<f32, [2, 3]>",
      b: "Tensor<f32, [2]>",
      c: "Tensor<f32, [2]>",
      d: "Tensor<bool, [2]>",
      e: "Tensor<f32, [1, 1]>",
      f: "Tensor<i32, [2]>",
      g: "Tensor<f32, [4, 2, 5]>",
      h: "Tensor<f32, []>",
    },
  );
});

Deno.test("creation builtins: literal shapes and dtypes", () => {
  expectTypes(
    "let a = zeros([2, 3])\nlet b = ones([4], dtype: i32)\nlet c = arange(5)\nlet d = arange(0.0, 1.0, 0.25)\nlet e = eye(3)\nlet f = linspace(0.0, 1.0, 11)\nlet g = randint(0, 10, [5])\nlet h = full([2], 7.0)\nlet i = zeros(a.shape)",
    {
      a: "Tensor<f32, [2, 3]>",
      b: "Tensor<i32, [4]>",
      c: "Tensor<i32, [5]>",
      d: "Tensor<f32, [4]>",
      e: "Tensor<f32, [3, 3]>",
      f: "Tensor<f32, [11]>",
      g: "Tensor<i32, [5]>",
      h: "Tensor<f32, [2]>",
      i: "Tensor<f32, [2, 3]>",
    },
  );
});

Deno.test("reductions: full → 0-d (bool counts as i32), axis, keepdims", () => {
  expectTypes(
    "let x = zeros([2, 3])\nlet a = sum(x)\nlet b = sum(x > 0.0)\nlet c = sum(x, axis: 1)\nlet d = mean(x, axis: -1, keepdims: true)\nlet e = argmax(x, axis: 0)\nlet f = max(x)\nlet g = max(2, 3)\nlet h = max(2, 3.5)\nlet i = mean([1, 2])",
    {
      a: "Tensor<f32, []>",
      b: "Tensor<i32, []>",
      c: "Tensor<f32, [2]>",
      d: "Tensor<f32, [2, 1]>",
      e: "Tensor<i32, [3]>",
      f: "Tensor<f32, []>",
      g: "int",
      h: "float",
      i: "Tensor<f32, []>",
    },
  );
});

Deno.test("E0402: a literal axis out of range", () => {
  expectError(
    "let x = zeros([2, 3])\nlet s = sum(x, axis: 2)",
    "E0402",
    "axis 2 is out of range for a tensor of rank 2",
    "axis: 2",
  );
});

Deno.test("shape builtins", () => {
  expectTypes(
    "let x = zeros([2, 3, 4])\nlet a = reshape(x, [6, 4])\nlet b = reshape(x, [-1, 2])\nlet c = transpose(x)\nlet d = flatten(x)\nlet e = unsqueeze(x, 0)\nlet f = squeeze(zeros([1, 3, 1]))\nlet g = x.T\nlet h = astype(x, i32)\nlet i = item(sum(x))\nlet j = softmax(x, axis: -1)\nlet k = cross_entropy(zeros([4, 10]), zeros([4], dtype: i32))",
    {
      a: "Tensor<f32, [6, 4]>",
      b: "Tensor<f32, [12, 2]>",
      c: "Tensor<f32, [4, 3, 2]>",
      d: "Tensor<f32, [2, 12]>",
      e: "Tensor<f32, [1, 2, 3, 4]>",
      f: "Tensor<f32, [3]>",
      g: "Tensor<f32, [2, 4, 3]>",
      h: "Tensor<i32, [2, 3, 4]>",
      i: "float",
      j: "Tensor<f32, [2, 3, 4]>",
      k: "Tensor<f32, []>",
    },
  );
});

Deno.test("E0403: reshape with a known total size that cannot match", () => {
  expectError(
    "let x = arange(6)\nlet y = reshape(x, [4, 2])",
    "E0403",
    "cannot reshape [6] into [4, 2]",
    "reshape(x, [4, 2])",
  );
});

Deno.test("indexing tensors: scalars when every dim is indexed, slices", () => {
  expectTypes(
    "let x = zeros([4, 5])\nlet a = x[1, 2]\nlet b = x[1]\nlet c = x[1:3]\nlet d = x[:, -1]\nlet e = x[::2, 1:]\nlet f = arange(3)[0]\nlet g = (x > 0.0)[0, 0]\nlet h = x[::-1]",
    {
      a: "float",
      b: "Tensor<f32, [5]>",
      c: "Tensor<f32, [2, 5]>",
      d: "Tensor<f32, [4]>",
      e: "Tensor<f32, [2, 4]>",
      f: "int",
      g: "bool",
      h: "Tensor<f32, [4, 5]>",
    },
  );
});

Deno.test("E0404 / E0405: too many indices, literal index out of range", () => {
  expectError(
    "let x = zeros([2, 3])\nprint(x[0, 1, 2])",
    "E0404",
    "too many indices: tensor of rank 2 indexed with 3",
    "x[0, 1, 2]",
  );
  expectError(
    "let x = zeros([2, 3])\nprint(x[0, 3])",
    "E0405",
    "index 3 is out of range for dimension of size 3",
    "3",
  );
  expectError(
    "let x = zeros([2, 3])\nprint(x[-3])",
    "E0405",
    "index -3 is out of range for dimension of size 2",
    "-3",
  );
});

Deno.test("tensor members: shape, dtype, T, ndim", () => {
  expectTypes(
    "let x = zeros([2, 3])\nlet s = x.shape\nlet d = x.dtype\nlet t = x.T\nlet n = x.ndim",
    {
      s: "List<int>",
      d: "dtype",
      t: "Tensor<f32, [3, 2]>",
      n: "int",
    },
  );
});
