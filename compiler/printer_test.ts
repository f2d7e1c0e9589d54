// Round-trip tests of the printer: for a corpus covering the whole syntax,
// parse(print(parse(src))) equals parse(src) modulo spans, and printing is
// stable (printing the reparsed tree gives the same text).

import assert from "node:assert/strict";
import type {
  Arg,
  Block,
  Expr,
  Pattern,
  Program,
  SliceExpr,
  Stmt,
} from "./ast.ts";
import { stripSpans } from "./ast_strip.ts";
import { makeSourceFile } from "./core/span.ts";
import { parseProgram } from "./parser.ts";
import { printExpr, printProgram, quote } from "./printer.ts";

function parseOk(src: string) {
  const r = parseProgram(makeSourceFile("t.dl", src));
  assert.deepEqual(r.diagnostics.map((d) => d.message), [], src);
  return r.program;
}

function roundTrip(src: string): string {
  const first = parseOk(src);
  const printed = printProgram(first);
  const r = parseProgram(makeSourceFile("printed.dl", printed));
  assert.deepEqual(
    r.diagnostics.map((d) => d.message),
    [],
    `reparse of:\n${printed}`,
  );
  assert.deepEqual(
    stripSpans(r.program.body),
    stripSpans(first.body),
    `round trip of:\n${src}\nprinted as:\n${printed}`,
  );
  assert.equal(printProgram(r.program), printed, "printing is stable");
  return printed;
}

const CORPUS: string[] = [
  // literals and names
  `let a = 42
let b = 1_000_000
let c = 0.5
let d = 1e-3
let e = 2.5E+4
let f = 1e21
let g = "tab\\t quote\\" back\\\\ nl\\n cr\\r emoji \\u{1F600}"
let h = true
let i = false
let j = -2147483648`,
  // operators and precedence
  `let x = -2 ** 2
let y = 2 ** 3 ** 2
let z = (2 ** 3) ** 2
let w = 2 ** -1
let v = (-2) ** 2
let u = a - (b - c)
let t = a - b - c
let s = a / (b * c) % d @ e
let r = !(a && b) || c && !d
let q = (a || b) && c
let p = a == b != (c == d)
let o = a < b == (c >= d)
let n = -(-x)
let m = -x.y[0](1)
let l = (a + b).c
let k = (a + b)[1]
let kk = (f)(x)`,
  // ranges
  `for i in 0..n {}
for j in 0..=n - 1 {}
for k in (a + 1)..(b * 2) {}
let r = (0..3)`,
  // tuples, groups, brackets
  `let unit = ()
let one = (a,)
let two = (a, b)
let nested = ((a, b), (c,))
let t = (t.0).1
let first = pairs[0].0
let list = []
let m = [[1, 2], [3, 4]]
let mixed = [a, "s", (1, 2)]`,
  // calls, named args, members, indexing and slices
  `print(x.sum(axis: 1), mean(x, axis: -1, keepdims: true))
let opt = Adam(net, lr: 0.001)
let s = x[1:, :-1]
let r = x[::-1]
let q = x[::2, 0]
let p = x[:, 2]
let o = x[a:b:c]
let n = x[:]
let m = net.fc1.weight.shape
let v = var(x, axis: 0)
let w = x.var()`,
  // if, blocks and match as expressions
  `let a = if c { 1 } else { 2 }
let b = if x < 0 {
    "neg"
} else if x == 0 {
    "zero"
} else {
    "pos"
}
let c = (if c { 1 } else { 2 }) + 1
let d = {
    let t = 1
    t + 1
}
let e = match v {
    0 => "zero",
    1 | 2 => "small",
    -1 => "minus one",
    n if n < 0 => "negative",
    (a, _) => "pair",
    "s" => "str",
    1.5 => "float",
    true => "bool",
    _ => "big",
}
let f = match x {}
let g = (match x { _ => 1 }) * 2`,
  // lambdas and closures
  `let double = fn(x) { x * 2 }
let add = fn(x: int, y: int) -> int { x + y }
let ys = map(xs, fn(x) {
    let y = x * 2
    y + 1
})
let h = (fn(x) { x })(3)
let k = fn(f: fn(int) -> int, x) { f(x) }`,
  // statements
  `var x = 0
x = 1
x += 2
x -= 3
x *= 4
x /= 5
t[i, j] = v
m.field = 3
let (a, b) = pair
let (p, (q, _)) = nested
let _ = ignored()
var count: int = 0
while x < 10 {
    x += 1
    if x == 5 { continue }
    if x == 8 { break }
}
for (i, v) in pairs {
    print(i, v)
}
import "lib.dl"
(var(x))
(var(x))[0] = 1`,
  // functions and models
  `fn affine(x: Tensor<f32, [B, N]>, w: Tensor<f32, [N, M]>, b) -> Tensor<f32, [B, M]> {
    x @ w + b
}
fn early(x) {
    if x < 0 {
        return
    }
    return x * 2
}
fn defaults(a, b: int = 2, c = "s") { a }
fn types(a: List<List<int>>, b: (int, float), c: fn(int, float) -> bool, d: Tensor, e: Tensor<i32>, f: (int,), g: ()) {}
model MLP(inp: int, hidden: int, out: int) {
    let fc1 = Linear(inp, hidden)
    var scale = 1.0
    fn forward(x) {
        fc2(relu(fc1(x))) * scale
    }
}
model Empty() {}
let net = MLP(784, 128, 10)
print(net.fc1.weight.shape)`,
];

Deno.test("printer: the corpus round-trips through parse and print", () => {
  for (const src of CORPUS) roundTrip(src);
});

Deno.test("printer: output is laid out as expected", () => {
  assert.equal(
    roundTrip("fn f(x){if x>0{return x}\nx*-1}"),
    "fn f(x) {\n    if x > 0 {\n        return x\n    }\n    x * -1\n}\n",
  );
  assert.equal(
    roundTrip("let m = match v { 0 => 1, _ => 2 }"),
    "let m = match v {\n    0 => 1,\n    _ => 2,\n}\n",
  );
  assert.equal(printProgram(parseOk("")), "");
});

Deno.test("printer: parenthesises by precedence, and only where needed", () => {
  const show = (src: string) => {
    const s = parseOk(src).body[0];
    assert.equal(s.kind, "ExprStmt");
    return printExpr((s as { expr: Expr }).expr);
  };
  assert.equal(show("(a + b) * c"), "(a + b) * c");
  assert.equal(show("a + (b * c)"), "a + b * c");
  assert.equal(show("a - (b - c)"), "a - (b - c)");
  assert.equal(show("(a - b) - c"), "a - b - c");
  assert.equal(show("(2 ** 3) ** 2"), "(2 ** 3) ** 2");
  assert.equal(show("2 ** (3 ** 2)"), "2 ** 3 ** 2");
  assert.equal(show("-(2 ** 2)"), "-2 ** 2");
  assert.equal(show("(-2) ** 2"), "(-2) ** 2");
  assert.equal(show("(a..b)"), "a..b");
  assert.equal(show("(t.0).1"), "(t.0).1");
  assert.equal(show("(a.b).c"), "a.b.c");
  assert.equal(show("((f))(x)"), "f(x)");
});

Deno.test("printer: float and string literals print as readable source", () => {
  const lit = (src: string) => {
    const s = parseOk(`x = ${src}`).body[0];
    assert.ok(s.kind === "Assign");
    return printExpr(s.value);
  };
  assert.equal(lit("1.0"), "1.0");
  assert.equal(lit("2.5E+4"), "25000.0");
  assert.equal(lit("1e-7"), "1e-7");
  assert.equal(lit("1e400"), "1e999");
  assert.equal(quote("a\u0001b"), '"a\\u{1}b"');
  assert.equal(quote('say "hi"\n'), '"say \\"hi\\"\\n"');
});

// ---------------------------------------------------------------- random trees

const NOWHERE = { file: makeSourceFile("gen.dl", ""), start: 0, end: 0 };
const BINARY_OPS = [
  "+",
  "-",
  "*",
  "/",
  "%",
  "@",
  "**",
  "==",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "&&",
  "||",
] as const;

/** A tiny deterministic PRNG so failures reproduce. */
function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s % n;
  };
}

function genPattern(r: (n: number) => number, depth: number): Pattern {
  const span = NOWHERE;
  switch (r(depth > 0 ? 7 : 5)) {
    case 0:
      return {
        kind: "LitPattern",
        value: { kind: "IntLit", value: r(10), span },
        span,
      };
    case 1: {
      const operand: Expr = { kind: "IntLit", value: r(10), span };
      const value: Expr = { kind: "Unary", op: "-", operand, span };
      return { kind: "LitPattern", value, span };
    }
    case 2:
      return { kind: "NamePattern", name: "p" + r(3), span };
    case 3:
      return { kind: "WildcardPattern", span };
    case 4:
      return {
        kind: "LitPattern",
        value: { kind: "StrLit", value: "s" + r(3), span },
        span,
      };
    case 5:
      return {
        kind: "TuplePattern",
        elements: Array.from({ length: r(3) }, () => genPattern(r, depth - 1)),
        span,
      };
    default:
      return {
        kind: "OrPattern",
        alternatives: [genPattern(r, 0), genPattern(r, 0)],
        span,
      };
  }
}

function genBlock(r: (n: number) => number, depth: number): Block {
  const body: Stmt[] = Array.from({ length: r(3) }, () => {
    const expr = genExpr(r, depth - 1);
    return { kind: "ExprStmt", expr, span: NOWHERE } as Stmt;
  });
  return { kind: "Block", body, span: NOWHERE };
}

function genExpr(r: (n: number) => number, depth: number): Expr {
  const span = NOWHERE;
  const sub = () => genExpr(r, depth - 1);
  if (depth <= 0) {
    switch (r(6)) {
      case 0:
        return { kind: "IntLit", value: r(100), span };
      case 1:
        return { kind: "FloatLit", value: [0.5, 2, 1e-7, 1e21][r(4)], span };
      case 2:
        return {
          kind: "StrLit",
          value: ['a"b', "c\\d", "e\nf", ""][r(4)],
          span,
        };
      case 3:
        return { kind: "BoolLit", value: r(2) === 0, span };
      default:
        return { kind: "Name", name: ["a", "b", "var", "x1"][r(4)], span };
    }
  }
  switch (r(16)) {
    case 0:
      return { kind: "Unary", op: r(2) ? "-" : "!", operand: sub(), span };
    case 1:
    case 2:
    case 3: {
      const op = BINARY_OPS[r(BINARY_OPS.length)];
      return { kind: "Binary", op, left: sub(), right: sub(), span };
    }
    case 4:
      return {
        kind: "Range",
        start: sub(),
        end: sub(),
        inclusive: r(2) === 0,
        span,
      };
    case 5: {
      const args: Arg[] = Array.from({ length: r(3) }, () => ({
        value: sub(),
        span,
      }));
      if (r(2)) args.push({ name: "axis", value: sub(), span });
      return { kind: "Call", callee: sub(), args, span };
    }
    case 6: {
      const indices = Array.from(
        { length: 1 + r(2) },
        (): Expr | SliceExpr =>
          r(2) ? sub() : {
            kind: "Slice",
            start: r(2) ? sub() : undefined,
            stop: r(2) ? sub() : undefined,
            step: r(2) ? sub() : undefined,
            span,
          },
      );
      return { kind: "Index", target: sub(), indices, span };
    }
    case 7: {
      const name = ["f", "0", "1", "var"][r(4)];
      return { kind: "Member", target: sub(), name, nameSpan: span, span };
    }
    case 8:
      return {
        kind: "Bracket",
        elements: Array.from({ length: r(3) }, sub),
        span,
      };
    case 9:
      return {
        kind: "Tuple",
        elements: Array.from({ length: r(3) }, sub),
        span,
      };
    case 10: {
      const tail = r(3);
      const elseBranch = tail === 0
        ? undefined
        : tail === 1
        ? genBlock(r, depth)
        : genIf(r, depth);
      return {
        kind: "If",
        cond: sub(),
        then: genBlock(r, depth),
        else: elseBranch as Block | undefined,
        span,
      };
    }
    case 11:
      return genBlock(r, depth);
    case 12: {
      const arms = Array.from({ length: r(3) }, () => ({
        pattern: genPattern(r, 2),
        guard: r(3) === 0 ? sub() : undefined,
        body: sub(),
        span,
      }));
      return { kind: "Match", subject: sub(), arms, span };
    }
    case 13:
      return {
        kind: "Lambda",
        params: [{ name: "q", span }],
        body: genBlock(r, depth),
        span,
      };
    default:
      return genExpr(r, 0);
  }
}

function genIf(r: (n: number) => number, depth: number): Expr {
  return {
    kind: "If",
    cond: genExpr(r, depth - 1),
    then: genBlock(r, depth),
    span: NOWHERE,
  };
}

Deno.test("printer: random expression trees round-trip", () => {
  const r = rng(20240611);
  for (let i = 0; i < 1500; i++) {
    const e = genExpr(r, 4);
    const stmt: Stmt = {
      kind: "Let",
      pattern: { kind: "NamePattern", name: "v", span: NOWHERE },
      value: e,
      mutable: false,
      span: NOWHERE,
    };
    const program: Program = {
      kind: "Program",
      file: NOWHERE.file,
      body: [stmt, { kind: "ExprStmt", expr: e, span: NOWHERE }],
      span: NOWHERE,
    };
    const text = printProgram(program);
    const back = parseProgram(makeSourceFile("printed.dl", text));
    assert.deepEqual(back.diagnostics.map((d) => d.message), [], text);
    assert.deepEqual(
      stripSpans(back.program.body),
      stripSpans(program.body),
      text,
    );
  }
});
