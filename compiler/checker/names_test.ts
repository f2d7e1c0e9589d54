// Name resolution and scopes: E0201–E0208, E0503, hoisting, shadowing,
// names a function uses before they are declared.

import {
  expectClean,
  expectError,
  expectErrors,
  expectTypes,
} from "./test_util.ts";

Deno.test("E0201: undefined name, at the name", () => {
  expectError(
    "let total = 1\nprint(totl + 1)",
    "E0201",
    "cannot find `totl` in this scope",
    "totl",
  );
});

Deno.test("E0201 is reported for each undefined name, in order", () => {
  expectErrors("print(a)\nprint(b)", [
    { code: "E0201", message: "cannot find `a` in this scope", at: "a" },
    { code: "E0201", message: "cannot find `b` in this scope", at: "b" },
  ]);
});

Deno.test("top-level lets are not hoisted; fns and models are", () => {
  expectError(
    "print(x)\nlet x = 1",
    "E0201",
    "cannot find `x` in this scope",
    "x",
  );
  expectClean(
    "print(f(1))\nfn f(a) { a + 1 }\nlet m = M()\nmodel M() { let v = 1 }",
  );
});

Deno.test("block scopes end with their block", () => {
  expectError(
    "if true { let inner = 1 }\nprint(inner)",
    "E0201",
    "cannot find `inner` in this scope",
    "inner",
  );
});

Deno.test("a function body may use a top-level let declared after it", () => {
  expectClean("fn show() { print(later) }\nlet later = 3\nshow()");
  expectClean(
    "let f = fn(n) { if n == 0 { 0 } else { f(n - 1) } }\nprint(f(3))",
  );
});

Deno.test("E0202: assigning to a let, at the whole assignment", () => {
  expectError(
    "let x = 1\nx = 2",
    "E0202",
    "cannot assign twice to immutable variable `x`",
    "x = 2",
  );
  expectError(
    "let total = 0\nfor i in 0..3 {\n    total += i\n}",
    "E0202",
    "cannot assign twice to immutable variable `total`",
    "total += i",
  );
});

Deno.test("let fixes the name, not the object: x[i] = e on a let is fine", () => {
  expectClean('let t = zeros([3])\nt[0] = 1.0\nlet l = ["a", "b"]\nl[1] = "c"');
});

Deno.test("var, parameters and loop variables may be assigned", () => {
  expectClean(
    "var v = 1\nv = 2\nv += 3\nfn f(p) { p = p + 1\n p }\nfor i in 0..3 { i = i * 2 }",
  );
});

Deno.test("E0203: a function or parameter defined twice", () => {
  expectError(
    "fn f() -> int { 1 }\nfn f() -> int { 2 }",
    "E0203",
    "`f` is defined more than once",
    "f",
  );
  expectError(
    "fn g(a, a) { a }",
    "E0203",
    "`a` is defined more than once",
    "a",
  );
});

Deno.test("E0204 / E0205: break, continue and return out of place", () => {
  expectErrors("break\nfn f() { continue }\nreturn 1", [
    { code: "E0204", message: "`break` outside of a loop", at: "break" },
    { code: "E0204", message: "`continue` outside of a loop", at: "continue" },
    {
      code: "E0205",
      message: "`return` outside of a function",
      at: "return 1",
    },
  ]);
});

Deno.test("a lambda in a loop is not in the loop", () => {
  expectError(
    "for i in 0..3 { let f = fn() { break } }",
    "E0204",
    "`break` outside of a loop",
    "break",
  );
  expectClean("while true { if 1 > 0 { break } else { continue } }");
});

Deno.test("E0206: no such member", () => {
  expectError(
    "let x = zeros([2])\nprint(x.size)",
    "E0206",
    "no member `size` on `Tensor<f32, [2]>`",
    "size",
  );
});

Deno.test("E0207: assigning to a function or builtin", () => {
  expectErrors("fn f() { 1 }\nf = 2\nprint = 3", [
    { code: "E0207", message: "cannot assign to function `f`", at: "f" },
    { code: "E0207", message: "cannot assign to builtin `print`", at: "print" },
  ]);
});

Deno.test("E0208: a let field assigned from outside", () => {
  expectError(
    "model Box(v: int) {\n    let value = v\n}\nlet b = Box(1)\nb.value = 2",
    "E0208",
    "cannot assign to the `let` field `value`",
    "b.value = 2",
  );
});

Deno.test("E0503: import inside a block", () => {
  expectError(
    'fn f() {\n    import "x.dl"\n}',
    "E0503",
    "`import` is only allowed at the top level of a file",
    'import "x.dl"',
  );
});

Deno.test("shadowing with let starts a new binding with its own type", () => {
  expectTypes('let x = 1\nlet y = x + 1\nlet x = "s"\nlet z = x + "t"', {
    y: "int",
    z: "str",
  });
});

Deno.test("closures made before a shadowing let keep the old binding", () => {
  // f captured the int `x`; calling it after `x` became a str is fine.
  expectClean('let x = 1\nfn f(y) { x + y }\nlet x = "s"\nprint(f(2))');
});

Deno.test("dtype names are values of type dtype", () => {
  expectTypes("let d = f32\nlet e = zeros([2]).dtype", {
    d: "dtype",
    e: "dtype",
  });
});
