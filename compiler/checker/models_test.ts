// Models (spec §6): constructors, fields in order, methods seeing fields
// and parameters, calling `forward`, field reads and writes.

import {
  expectClean,
  expectError,
  expectErrors,
  expectTypes,
} from "./test_util.ts";

const COUNTER = `model Counter(start: int) {
    var count = start
    let step = 2
    fn inc() { count += step }
    fn forward(n) { count + n }
}
`;

Deno.test("a model is a nominal type with fields and methods", () => {
  expectTypes(
    COUNTER +
      "let c = Counter(3)\nlet n = c.count\nlet r = c(4)\nlet s = c.forward(1.5)\nlet m = c.inc",
    { c: "Counter", n: "int", r: "int", s: "float", m: "fn inc" },
  );
});

Deno.test("var fields may be assigned from outside, let fields may not", () => {
  expectClean(COUNTER + "let c = Counter(3)\nc.count = 10\nc.inc()");
  expectError(
    COUNTER + "let c = Counter(3)\nc.step = 1",
    "E0208",
    "cannot assign to the `let` field `step`",
    "c.step = 1",
  );
});

Deno.test("methods assigning a let field", () => {
  expectError(
    "model M() {\n    let k = 1\n    fn bump() { k = 2 }\n}",
    "E0208",
    "cannot assign to the `let` field `k`",
    "k = 2",
  );
});

Deno.test("constructor annotations are checked before the model's declaration too", () => {
  expectError(
    'let early = Box("x")\nmodel Box(v: int) { let value = v }',
    "E0301",
    "mismatched types: expected `int`, found `str`",
    '"x"',
  );
});

Deno.test("constructor arity and annotated parameters", () => {
  expectErrors(COUNTER + 'let a = Counter()\nlet b = Counter("x")', [
    {
      code: "E0302",
      message: "this function takes 1 argument but 0 were supplied",
      at: "Counter()",
    },
    {
      code: "E0301",
      message: "mismatched types: expected `int`, found `str`",
      at: '"x"',
    },
  ]);
});

Deno.test("fields are evaluated in order; methods see later fields", () => {
  expectError(
    "model M() {\n    let a = b\n    let b = 1\n}",
    "E0201",
    "cannot find `b` in this scope",
    "b",
  );
  expectClean(
    "model M() {\n    fn get() { later }\n    let later = 1\n}\nlet m = M()\nprint(m.get())",
  );
});

Deno.test("sub-models and model-typed annotations", () => {
  expectTypes(
    "model Inner(n: int) { let w = zeros([n]) }\nmodel Outer() {\n    let a = Inner(3)\n    fn forward(x) { x + a.w }\n}\nfn size(m: Outer) -> int { len(m.a.w) }\nlet o = Outer()\nlet y = o(1.0)\nlet n = size(o)",
    { o: "Outer", y: "Tensor<f32, [_]>", n: "int" },
  );
  expectError(
    "model A() { }\nmodel B() { }\nfn f(m: A) { m }\nf(B())",
    "E0301",
    "mismatched types: expected `A`, found `B`",
    "B()",
  );
});

Deno.test("no member, not callable without forward", () => {
  expectErrors(
    "model P() { let x = 1 }\nlet p = P()\nprint(p.y)\nprint(p(1))",
    [
      { code: "E0206", message: "no member `y` on `P`", at: "y" },
      { code: "E0306", message: "`P` is not callable", at: "p", pos: "4:7" },
    ],
  );
});

Deno.test("E0203: a parameter, field or method defined twice in a model", () => {
  expectErrors(
    "model M(a, a) {\n    let w = 1\n    var w = 2\n    fn go() { 1 }\n    fn go() { 2 }\n}",
    [
      {
        code: "E0203",
        message: "`a` is defined more than once",
        at: "a",
        pos: "1:12",
      },
      {
        code: "E0203",
        message: "`w` is defined more than once",
        at: "w",
        pos: "3:9",
      },
      {
        code: "E0203",
        message: "`go` is defined more than once",
        at: "go",
        pos: "5:8",
      },
    ],
  );
});
