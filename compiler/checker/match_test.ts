// `match`: pattern types, bindings, arm agreement and exhaustiveness (E0601).

import {
  expectClean,
  expectError,
  expectErrors,
  expectTypes,
} from "./test_util.ts";

Deno.test("E0601: no catch-all arm, at the whole match", () => {
  expectError(
    'let v = 3\nlet s = match v {\n    0 => "zero",\n    1 | 2 => "small",\n}',
    "E0601",
    "non-exhaustive `match`: no arm matches `_`",
    'match v {\n    0 => "zero",\n    1 | 2 => "small",\n}',
  );
});

Deno.test("bools and tuples of bools can be shown exhaustive", () => {
  expectClean(
    "let b = true\nlet x = match b { true => 1, false => 0 }\nlet y = match (b, !b) { (true, _) => 1, (false, true) => 2, (false, false) => 3 }",
  );
  expectError(
    "let b = true\nlet y = match (b, b) { (true, _) => 1, (false, true) => 2 }",
    "E0601",
    "non-exhaustive `match`: no arm matches `(false, false)`",
    "match (b, b) { (true, _) => 1, (false, true) => 2 }",
  );
  expectError(
    "let b = true\nlet x = match b { true => 1 }",
    "E0601",
    "non-exhaustive `match`: no arm matches `false`",
    "match b { true => 1 }",
  );
});

Deno.test("catch-alls: `_`, names, tuples of them; guarded arms leave it to run time", () => {
  expectClean(
    'let p = (1, 2)\nlet a = match p { (0, 0) => 0, (x, y) => x + y }\nlet b = match 5 { n => n }\nfn c(v: int) -> str { match v { n if n > 0 => "pos", n if n < 0 => "neg" } }',
  );
});

Deno.test("arms bind names with the subject's parts; arm types agree", () => {
  expectTypes(
    'let r = match ("add", (2, 3)) { ("add", (a, b)) => a + b, _ => 0 }\nlet g = match (true, 1.5) { (true, n) => n, (false, _) => 0.0 }',
    { r: "int", g: "float" },
  );
  expectError(
    'let v = match 1 { 0 => "zero", _ => 1 }',
    "E0301",
    "mismatched types: expected `str`, found `int`",
    "1",
  );
});

Deno.test("pattern types must fit the subject", () => {
  expectErrors('let v = match 1 { "a" => 1, (x, y) => 2, _ => 3 }', [
    {
      code: "E0301",
      message: "mismatched types: expected `int`, found `str`",
      at: '"a"',
    },
    {
      code: "E0301",
      message: "mismatched types: expected `int`, found `(_, _)`",
      at: "(x, y)",
    },
  ]);
  expectError(
    "let v = match (1, 2) { (a, b, c) => 1, _ => 0 }",
    "E0313",
    "tuple has 2 fields, pattern has 3",
    "(a, b, c)",
  );
});

Deno.test("guards must be bool", () => {
  expectError(
    "let v = match 1 { n if n => 1, _ => 0 }",
    "E0305",
    "condition must be `bool`, found `int`",
    "n",
  );
});
