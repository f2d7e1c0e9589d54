// Types of expressions and the type errors E03xx: operators, conditions,
// annotations, literals, lists, tuples, if/blocks, conversions.

import {
  expectClean,
  expectError,
  expectErrors,
  expectTypes,
} from "./test_util.ts";

Deno.test("scalar arithmetic: int/int → float for `/`, mixing gives float", () => {
  expectTypes(
    'let a = 1 + 2\nlet b = 7 / 2\nlet c = 1 + 2.5\nlet d = 7 % 3\nlet e = 2 ** 10\nlet f = -2 ** 2\nlet g = "a" + "b"\nlet h = 1 < 2.5',
    {
      a: "int",
      b: "float",
      c: "float",
      d: "int",
      e: "int",
      f: "int",
      g: "str",
      h: "bool",
    },
  );
});

Deno.test("int ** int is an int only for a non-negative literal exponent", () => {
  expectTypes(
    "let n = 3\nlet a = 2 ** 3\nlet b = 2 ** -1\nlet c = 2 ** n\nlet d = 2.0 ** n",
    {
      a: "int",
      b: "float",
      c: "_",
      d: "float",
    },
  );
});

Deno.test("E0303: str + int, at the whole expression", () => {
  expectError(
    'let s = "a"\nprint(s + 3)',
    "E0303",
    "cannot apply `+` to `str` and `int`",
    "s + 3",
  );
  expectError(
    "let x = 1\nlet y = x + true",
    "E0303",
    "cannot apply `+` to `int` and `bool`",
    "x + true",
  );
});

Deno.test("E0303: && and || need bools", () => {
  expectError(
    "let b = 1 && true",
    "E0303",
    "cannot apply `&&` to `int` and `bool`",
    "1 && true",
  );
});

Deno.test("E0304: unary operators", () => {
  expectErrors('let a = !1\nlet b = -"s"', [
    { code: "E0304", message: "cannot apply unary `!` to `int`", at: "!1" },
    { code: "E0304", message: "cannot apply unary `-` to `str`", at: '-"s"' },
  ]);
});

Deno.test("E0305: conditions must be bool (no truthiness)", () => {
  expectErrors('let n = 1\nif n { print(n) }\nwhile "s" { }', [
    {
      code: "E0305",
      message: "condition must be `bool`, found `int`",
      at: "n",
      pos: "2:4",
    },
    {
      code: "E0305",
      message: "condition must be `bool`, found `str`",
      at: '"s"',
    },
  ]);
});

Deno.test("an error does not cascade: the bad expression is unknown", () => {
  expectErrors('let x = "a" - 1\nlet y = x * 2\nprint(y + undefined_name)', [
    {
      code: "E0303",
      message: "cannot apply `-` to `str` and `int`",
      at: '"a" - 1',
    },
    {
      code: "E0201",
      message: "cannot find `undefined_name` in this scope",
      at: "undefined_name",
    },
  ]);
});

Deno.test("E0301: a value that does not match its annotation", () => {
  expectError(
    "let x: int = 1.5",
    "E0301",
    "mismatched types: expected `int`, found `float`",
    "1.5",
  );
  expectError(
    'let ok: int = 1\nlet x: int = "one"',
    "E0301",
    "mismatched types: expected `int`, found `str`",
    '"one"',
  );
});

Deno.test("annotations: ints widen to float; tensor annotations check dtype and dims", () => {
  expectClean("let a: float = 1\nlet t: Tensor<f32, [2, _]> = zeros([2, 3])");
  expectError(
    "let t: Tensor<f32, [2, 4]> = zeros([2, 3])",
    "E0301",
    "mismatched types: expected `Tensor<f32, [2, 4]>`, found `Tensor<f32, [2, 3]>`",
    "zeros([2, 3])",
  );
  expectError(
    "let t: Tensor<i32> = zeros([2])",
    "E0301",
    "mismatched types: expected `Tensor<i32>`, found `Tensor<f32, [2]>`",
    "zeros([2])",
  );
});

Deno.test("E0309 / E0319: unknown type names and dtypes", () => {
  expectErrors("let a: Foo = 1\nlet b: Tensor<f16> = zeros([1])", [
    { code: "E0309", message: "unknown type `Foo`", at: "Foo" },
    { code: "E0319", message: "unknown dtype `f16`", at: "f16" },
  ]);
});

Deno.test("E0306: calling something that is not a function", () => {
  expectError("let n = 3\nprint(n(1))", "E0306", "`int` is not callable", "n");
});

Deno.test("bracket literals: numeric → tensor (f32 if any float), else list", () => {
  expectTypes(
    'let a = [1, 2, 3]\nlet b = [1, 2.5]\nlet c = [[1, 2], [3, 4]]\nlet d = ["a", "b"]\nlet e = []\nlet f = [true, false]\nlet g = [zeros([2]), zeros([3])]\nlet h = [(1, "a")]',
    {
      a: "Tensor<i32, [3]>",
      b: "Tensor<f32, [2]>",
      c: "Tensor<i32, [2, 2]>",
      d: "List<str>",
      e: "List<_>",
      f: "List<bool>",
      g: "List<Tensor<f32, [_]>>",
      h: "List<(int, str)>",
    },
  );
});

Deno.test("bracket decisions are recorded for engines", () => {
  const checked = expectClean(
    'let a = [1, 2]\nlet b = ["x"]\nlet c = [[1], [2]]',
  );
  const kinds = [...checked.brackets.entries()].map(([e, k]) =>
    `${e.span.file.text.slice(e.span.start, e.span.end)}:${k}`
  );
  kinds.sort();
  const expected = [
    '["x"]:list',
    "[1, 2]:tensor",
    "[1]:tensor",
    "[2]:tensor",
    "[[1], [2]]:tensor",
  ];
  if (JSON.stringify(kinds) !== JSON.stringify(expected)) {
    throw new Error(JSON.stringify(kinds));
  }
});

Deno.test("a decision from known element types beats a guess", () => {
  // h's generic check calls f with an unknown argument after f("s") was
  // checked: the guess ("tensor") must not replace the known "list".
  const checked = expectClean(
    'fn f(v) { [v] }\nfn h(u) { f(u) }\nlet a = f("s")',
  );
  const kinds = [...checked.brackets.values()];
  if (kinds.join() !== "list") throw new Error(kinds.join());
  const guess = expectClean("fn f(v) { [v] }\nfn h(u) { f(u) }");
  if ([...guess.brackets.values()].join() !== "tensor") {
    throw new Error("an unknown element alone is decided tensor");
  }
});

Deno.test("unknown elements count as numeric evidence", () => {
  // `v` is unknown in the generic check of `f`: the literal is still a
  // tensor, of unknown dtype only where no float is seen.
  expectTypes(
    "fn f(v) { [v, 1.0] }\nfn g(v) { [v, 1] }\nlet t = f(2)\nlet u = g(2)",
    {
      t: "Tensor<f32, [2]>",
      u: "Tensor<i32, [2]>",
    },
  );
  expectError(
    'fn f(v) { [v, 1.0] }\nlet s = f("s")',
    "E0315",
    "list elements must have one type: `str` and `float`",
    "1.0",
  );
});

Deno.test("E0310: ragged nested literal, at the short row", () => {
  expectError(
    "let m = [[1, 2, 3], [4, 5]]",
    "E0310",
    "ragged nested literal: expected 3 elements, found 2",
    "[4, 5]",
  );
});

Deno.test("E0315: list elements of different types", () => {
  expectError(
    'let l = ["a", (1, 2)]',
    "E0315",
    "list elements must have one type: `str` and `(int, int)`",
    "(1, 2)",
  );
});

Deno.test("E0314: if branches must agree when the value is used", () => {
  expectError(
    'let v = if true { 1 } else { "one" }',
    "E0314",
    "mismatched types in `if` branches: `int` and `str`",
    'if true { 1 } else { "one" }',
  );
  expectTypes("let n = if true { 1 } else { 2.5 }", { n: "float" });
  // As a statement the value is dropped: no error.
  expectClean('if true { 1 } else { "one" }\nlet w = if false { 2 }');
});

Deno.test("tuples: fields, destructuring, E0313 and E0316", () => {
  expectTypes('let t = (1, "a")\nlet a = t.0\nlet b = t.1\nlet u = ()', {
    a: "int",
    b: "str",
    u: "()",
  });
  expectError(
    "let t = (1, 2)\nprint(t.2)",
    "E0316",
    "no field `2` on tuple of 2 fields",
    "2",
  );
  expectError(
    "let (a, b) = (1, 2, 3)",
    "E0313",
    "tuple has 3 fields, pattern has 2",
    "(a, b)",
  );
});

Deno.test("lists: push, index, len, iteration", () => {
  expectTypes(
    'var l = ["a"]\npush(l, "b")\nlet first = l[0]\nlet n = len(l)\nlet part = l[0:1]',
    { first: "str", n: "int", part: "List<str>" },
  );
  expectError(
    'let l = ["a"]\npush(l, 1)',
    "E0301",
    "mismatched types: expected `str`, found `int`",
    "1",
  );
});

Deno.test("E0308: indexing what cannot be indexed", () => {
  expectErrors("let n = 1\nprint(n[0])\nlet t = (1, 2)\nprint(t[0])", [
    { code: "E0308", message: "cannot index `int`", at: "n[0]" },
    { code: "E0308", message: "cannot index `(int, int)`", at: "t[0]" },
  ]);
});

Deno.test("E0312: iterating over what is not iterable", () => {
  expectError("for x in 5 { }", "E0312", "cannot iterate over `int`", "5");
});

Deno.test("for loops bind ints for ranges, elements for lists, rows for tensors", () => {
  expectClean(
    'for i in 0..3 { let j: int = i }\nfor s in ["a"] { let t: str = s }\nfor r in zeros([2, 3]) { let q: Tensor<f32, [3]> = r }\nfor v in [1.5, 2.5] { let w: float = v }\nfor (a, b) in [(1, "x")] { let c: str = b }',
  );
});

Deno.test("E0311: conversions only take numbers", () => {
  expectError(
    'let n = int("42")',
    "E0311",
    "`int` expects a number, found `str`",
    'int("42")',
  );
  expectTypes("let a = int(2.7)\nlet b = float(3)\nlet c = str([1, 2])", {
    a: "int",
    b: "float",
    c: "str",
  });
});

Deno.test("blocks: the value is the last expression statement", () => {
  expectTypes("let a = { let x = 1\n x + 1 }\nlet b = { let y = 2 }", {
    a: "int",
    b: "()",
  });
});

Deno.test("ranges need ints", () => {
  expectError(
    "for i in 0..2.5 { }",
    "E0301",
    "mismatched types: expected `int`, found `float`",
    "2.5",
  );
});
