// Calls: argument binding errors (E0302, E0307, E0317, E0318), inference
// per call site, recursion, closures and lambdas, annotated signatures with
// symbolic dims, member calls that fall back to functions.

import {
  expectClean,
  expectError,
  expectErrors,
  expectTypes,
} from "./test_util.ts";

Deno.test("E0302: wrong number of arguments, at the call", () => {
  expectError(
    "fn add(a: int, b: int) -> int { a + b }\nprint(add(1, 2, 3))",
    "E0302",
    "this function takes 2 arguments but 3 were supplied",
    "add(1, 2, 3)",
  );
  expectError(
    "fn one(a) { a }\nprint(one())",
    "E0302",
    "this function takes 1 argument but 0 were supplied",
    "one()",
  );
  expectError(
    "let z = zeros()",
    "E0302",
    "this function takes 1 to 2 arguments but 0 were supplied",
    "zeros()",
  );
  expectError(
    "let l = len(1, 2)",
    "E0302",
    "this function takes 1 argument but 2 were supplied",
    "len(1, 2)",
  );
});

Deno.test("E0307: a named argument must name a parameter (at the name)", () => {
  expectError(
    "fn scale(x: float, by: float) -> float { x * by }\nprint(scale(2.0, factor: 3.0))",
    "E0307",
    "no parameter named `factor`",
    "factor",
  );
});

Deno.test("E0317 / E0318: given twice, missing", () => {
  expectErrors("fn f(a, b) { a }\nf(1, a: 2)\nf(b: 1)", [
    { code: "E0317", message: "argument `a` is given twice", at: "a: 2" },
    { code: "E0318", message: "missing argument `a`", at: "f(b: 1)" },
  ]);
});

Deno.test("named arguments bind by name, defaults make parameters optional", () => {
  expectTypes(
    "fn f(a, b: int = 2) { a * b }\nlet x = f(b: 3, a: 1.5)\nlet y = f(4)\nlet s = sum(zeros([2, 3]), axis: 1)",
    { x: "float", y: "int", s: "Tensor<f32, [2]>" },
  );
});

Deno.test("inference per call site: fn id(x) { x } with int and str", () => {
  expectTypes('fn id(x) { x }\nlet a = id(1) + 2\nlet b = id("s") + "t"', {
    a: "int",
    b: "str",
  });
});

Deno.test("each instantiation is checked: an error only with some argument types", () => {
  expectError(
    'fn twice(x) { x * 2 }\nlet a = twice(3)\nlet b = twice("s")',
    "E0303",
    "cannot apply `*` to `str` and `int`",
    "x * 2",
  );
});

Deno.test("functions are checked even when never called", () => {
  expectError(
    'fn unused(a: int) -> int {\n    a + "x"\n}',
    "E0303",
    "cannot apply `+` to `int` and `str`",
    'a + "x"',
  );
});

Deno.test("annotated parameters and results are checked", () => {
  expectErrors(
    'fn f(n: int) -> str { n }\nfn g(s: str) { s }\ng(1)\nfn h(x: int) -> int { return "a" }',
    [
      {
        code: "E0301",
        message: "mismatched types: expected `str`, found `int`",
        at: "n",
        pos: "1:23",
      },
      {
        code: "E0301",
        message: "mismatched types: expected `str`, found `int`",
        at: "1",
        pos: "3:3",
      },
      {
        code: "E0301",
        message: "mismatched types: expected `int`, found `str`",
        at: '"a"',
      },
    ],
  );
});

Deno.test("recursion and mutual recursion", () => {
  expectTypes(
    "fn fact(n) { if n <= 1 { 1 } else { n * fact(n - 1) } }\nlet f = fact(5)\nfn fib(n: int) -> int { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\nlet g = fib(10)\nfn even(n) { if n == 0 { true } else { odd(n - 1) } }\nfn odd(n) { if n == 0 { false } else { even(n - 1) } }\nlet e = even(10)",
    { f: "_", g: "int", e: "_" },
  );
});

Deno.test("an unannotated function's branches need not agree", () => {
  expectTypes(
    'var n = 0\nfn f(x) { if x > 0 { n += 1 } else { "skip" } }\nlet r = f(1)',
    { r: "_" },
  );
  expectError(
    'fn g(x) -> int { if x > 0 { 1 } else { "skip" } }',
    "E0314",
    "mismatched types in `if` branches: `int` and `str`",
    'if x > 0 { 1 } else { "skip" }',
  );
});

Deno.test("early returns join with the body's value", () => {
  expectTypes(
    "fn sign(x) { if x < 0 { return -1 }\n if x == 0 { return 0 }\n 1 }\nlet s = sign(5)",
    { s: "int" },
  );
});

Deno.test("closures see the variables in scope; lambdas are inferred per call", () => {
  expectTypes(
    "var count = 0\nlet inc = fn() { count += 1\n count }\nlet c = inc()\nlet double = fn(x) { x * 2 }\nlet d = double(3)\nlet e = double(1.5)\nfn apply(f, v) { f(v) }\nlet g = apply(double, 4)\nfn adder(n) { fn(x) { x + n } }\nlet h = adder(1)(2)",
    { c: "int", d: "int", e: "float", g: "int", h: "int" },
  );
});

Deno.test("annotated function types", () => {
  expectTypes(
    "fn apply(f: fn(int) -> int, v: int) -> int { f(v) }\nlet r = apply(fn(x) { x + 1 }, 2)",
    { r: "int" },
  );
});

Deno.test("symbolic dims bind per call (spec §5)", () => {
  const src =
    "fn affine(x: Tensor<f32, [B, N]>, w: Tensor<f32, [N, M]>, b) -> Tensor<f32, [B, M]> {\n    x @ w + b\n}\n";
  expectTypes(
    src + "let y = affine(randn([64, 784]), randn([784, 10]), zeros([10]))",
    { y: "Tensor<f32, [64, 10]>" },
  );
  expectError(
    src + "let y = affine(randn([64, 784]), randn([128, 10]), zeros([10]))",
    "E0301",
    "mismatched types: expected `Tensor<f32, [784, M]>`, found `Tensor<f32, [128, 10]>`",
    "randn([128, 10])",
  );
});

Deno.test("unannotated results keep the callee's dims", () => {
  expectTypes(
    "fn flat(x: Tensor<f32, [B, H, W]>) { reshape(x, [-1, 4]) }\nfn pass(x: Tensor<f32, [B, N]>) { x }\nlet p = pass(zeros([3, 4]))",
    { p: "Tensor<f32, [3, 4]>" },
  );
});

Deno.test("member calls fall back to functions: x.sum(axis: 1) is sum(x, axis: 1)", () => {
  expectTypes(
    "let x = zeros([2, 3])\nlet s = x.sum(axis: 1)\nfn norm2(t) { sum(t * t) }\nlet n = x.norm2()\nlet k = (3).max(4)",
    { s: "Tensor<f32, [2]>", n: "Tensor<f32, []>", k: "int" },
  );
  expectError(
    "let x = zeros([2])\nprint(x.frobnicate())",
    "E0206",
    "no member `frobnicate` on `Tensor<f32, [2]>`",
    "frobnicate",
  );
});

Deno.test("member calls record how they resolved", () => {
  const checked = expectClean(
    "model M() { fn go() { 1 } }\nlet m = M()\nprint(m.go())\nprint(zeros([2]).sum())",
  );
  const kinds = [...checked.memberCalls.values()].sort();
  if (kinds.join() !== "function,member") throw new Error(kinds.join());
});

Deno.test("unknown callees", () => {
  expectError(
    "let fc = Lininear(3, 4)",
    "E0201",
    "cannot find `Lininear` in this scope",
    "Lininear",
  );
  expectClean("fn call(f) { f(1, 2, x: 3) }");
});

Deno.test("deep instantiation chains do not overflow", () => {
  const n = 3000;
  const fns: string[] = [];
  for (let i = 0; i < n; i++) fns.push(`fn f${i}(x) { f${i + 1}(x) }`);
  fns.push(`fn f${n}(x) { x }`);
  expectClean(fns.join("\n") + "\nprint(f0(1))");
});
