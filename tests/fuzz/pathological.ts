// Pathological fuzz inputs: deep nesting of every bracket and construct, long
// operator chains and 100k-character lines. Each must end in a diagnostic or
// a result, never a JavaScript stack overflow or a hang.

/** A named pathological input. */
export interface PathologicalCase {
  readonly name: string;
  readonly text: string;
}

const rep = (s: string, n: number): string => s.repeat(n);

function nested(open: string, inner: string, close: string, n: number) {
  return rep(open, n) + inner + rep(close, n);
}

function chain(op: string, n: number): string {
  return "1" + rep(` ${op} 1`, n);
}

function builders(n: number): [string, string][] {
  return [
    ["parens", "print(" + nested("(", "1", ")", n) + ")"],
    ["brackets", "let a = " + nested("[", "1", "]", n)],
    ["blocks", "let b = " + nested("{", "1", "}", n)],
    ["unclosed parens", "print(" + rep("(", n) + "1"],
    ["unclosed brackets", rep("[", n)],
    ["unclosed blocks", rep("{", n)],
    ["closers only", rep(")]}", n)],
    ["plus chain", "print(" + chain("+", n) + ")"],
    ["minus chain", "let c = " + chain("-", n)],
    ["power chain", "print(" + chain("**", n) + ")"],
    ["and chain", "let d = true" + rep(" && true", n)],
    ["compare chain", "let e = " + chain("<", n)],
    ["matmul chain", "let m = [[1.0]]\nlet r = m" + rep(" @ m", n)],
    ["range chain", "let g = " + chain("..", n)],
    ["unary minus", "print(" + rep("-", n) + "1)"],
    ["unary not", "print(" + rep("!", n) + "true)"],
    ["member chain", "let h = x" + rep(".a", n)],
    ["tuple field chain", "let t = (1, 2)\nprint(t" + rep(".0", n) + ")"],
    ["call chain", "fn f() { f }\nf" + rep("()", n)],
    ["index chain", "let z = [1, 2]\nprint(z" + rep("[0]", n) + ")"],
    [
      "if nesting",
      "let i = " + rep("if true { ", n) + "1" + rep(" } else { 2 }", n),
    ],
    [
      "else-if chain",
      "let j = if false { 0 }" + rep(" else if false { 0 }", n),
    ],
    ["lambda nesting", "let k = " + rep("fn(x) { ", n) + "x" + rep(" }", n)],
    ["fn nesting", rep("fn f() {\n", n) + "1" + rep("\n}", n)],
    ["while nesting", rep("while false { ", n) + rep("}", n)],
    [
      "match nesting",
      "let q = " + rep("match 1 { _ => ", n) + "0" + rep(" }", n),
    ],
    ["tuple nesting", "let u = " + nested("(", "1", ",)", n)],
    [
      "type nesting",
      "let v: " + rep("List<", n) + "int" + rep(">", n) + " = []",
    ],
    ["many statements", rep("let w = 1\n", n)],
    ["many prints", rep("print(1)\n", n)],
    ["list elements", "let l = [" + rep("1, ", n) + "1]"],
    ["call arguments", "print(" + rep("1, ", n) + "1)"],
    ["named arguments", "print(" + rep("a: 1, ", n) + ")"],
    ["block comments", rep("/* c */", n) + "print(1)"],
    ["line comments", rep("// c\n", n) + "print(1)"],
    ["semicolons", rep(";", n)],
    ["newlines", rep("\n", n)],
  ];
}

/** Pathological inputs at the given nesting depths or repeat counts. */
export function pathologicalCases(
  sizes: readonly number[] = [100, 3000, 100_000],
): PathologicalCase[] {
  const out: PathologicalCase[] = [];
  for (const n of sizes) {
    for (const [name, text] of builders(n)) {
      out.push({ name: `${name} x${n}`, text });
    }
  }
  const long = 100_000;
  out.push(
    { name: "long identifier", text: "let " + rep("a", long) + " = 1" },
    { name: "long string", text: 'print("' + rep("s", long) + '")' },
    { name: "long unterminated string", text: 'print("' + rep("s", long) },
    { name: "long int literal", text: "print(" + rep("9", long) + ")" },
    { name: "long float literal", text: "print(1." + rep("5", long) + ")" },
    { name: "long exponent", text: "print(1e" + rep("9", long) + ")" },
    { name: "long comment line", text: "// " + rep("c", long) + "\nprint(1)" },
    { name: "long whitespace", text: rep(" ", long) + "print(1)" },
    { name: "long escapes", text: 'print("' + rep("\\n", long / 2) + '")' },
    {
      name: "long unicode",
      text: 'print("' + rep("\u{1F600}", long / 2) + '")',
    },
    {
      name: "long unterminated comment",
      text: "/* " + rep("c", long),
    },
    { name: "nul bytes", text: rep("\0", 1000) },
    { name: "lone surrogates", text: 'print("\ud800\udc00\ud800")\n\udfff' },
    { name: "bom and crlf", text: "\ufeffprint(1)\r\nprint(2)\r\n" },
  );
  return out;
}
