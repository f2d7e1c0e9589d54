// The VM's fast paths and superinstructions against the interpreter: int
// `%` signs, one-index tensor and list reads (GETIDX) with negative and
// out-of-range indices, operand order when a later operand assigns a
// variable, and dl calls (depth limit, stack traces) through the call path.

import { strictEqual } from "node:assert";
import { runOn } from "./vm_test_support.ts";

const run = runOn;

/** Runs `src` on every engine; all must print `expected`. */
function agree(src: string, expected?: string): string {
  const want = run("interp", src);
  if (expected !== undefined) strictEqual(want, expected);
  strictEqual(run("vm", src), want, "vm");
  strictEqual(run("vm-noopt", src), want, "vm without optimizations");
  return want;
}

Deno.test("vm fast paths: int % keeps the dividend's sign, x % 0 fails", () => {
  agree(
    "let a = -7\nlet b = 2\nprint(a % 3, 7 % -3, -8 % b, -2147483648 % -1)\n",
    "-1 1 0 0\n",
  );
  const out = agree("let z = 0\nprint(5 % z)\n");
  strictEqual(out.includes("division by zero"), true, out);
});

Deno.test("vm fast paths: one-index reads of tensors and lists", () => {
  const out = agree(
    "let t = [1.5, 2.5, 3.5]\nlet i = -1\nlet n = [1, 2, 3]\n" +
      "let b = [true, false]\nlet l = [[1, 4], [2, 3]]\n" +
      "print(t[0], t[i], n[1] + 1, b[1], l[-1][0], t[1:][0])\nprint(l[1])\n",
  );
  strictEqual(out.startsWith("1.5 3.5 3 false 2 2.5\n"), true, out);
  const oob = agree("let t = [1.0, 2.0]\nvar i = 2\nprint(t[i])\n");
  strictEqual(oob.includes("error"), true, oob);
  const neg = agree("let l = [1, 2]\nlet i = -3\nprint(l[i])\n");
  strictEqual(neg.includes("error"), true, neg);
});

Deno.test("vm lowering: a later operand that assigns a variable", () => {
  agree(
    "var x = 1\nlet y = x + { x = 5\n 1 }\nprint(y, x)\n" +
      "let t = [10, 20]\nvar j = 0\nprint(t[j] + { j = 1\n 0 }, t[{ j = 0\n j }])\n",
    "2 5\n10 10\n",
  );
});

Deno.test("vm passes: hoisting, coalescing and x ** 2 keep behaviour", () => {
  agree(
    "var x = 7\nvar k = 0\nwhile k < 0 {\n  x = 1\n  k += 1\n}\nprint(x)\n" +
      "var y = 0\nfor i in 0..3 {\n  let c = 5\n  y = c\n}\n" +
      "var z = 0\nvar w = 10\nfor i in 0..3 {\n  z = w\n  w = i\n}\nprint(y, z, w)\n" +
      "var a = 1\nvar b = 2\nfor i in 0..4 {\n  let t = a * b + 1\n  b = t\n  a += 1\n}\n" +
      "print(a, b, b ** 2, 1.5 ** 2, [1.5, 2.0] ** 2)\n",
    "7\n5 1 2\n5 89 7921 2.25 tensor([2.25,  4.0], dtype=f32, shape=[2])\n",
  );
  const big = agree("let n = 46341\nprint(n ** 2)\n");
  strictEqual(big.includes("overflow"), true, big);
});

Deno.test("vm calls: returns give back their depth, host re-entries too", () => {
  // 100 rounds of a depth-40 recursion under a limit of 50: a return that
  // did not decrement the depth would fail a later round with R0004.
  const src = "fn down(n) { if n == 0 { 0 } else { down(n - 1) + 1 } }\n" +
    "var s = 0\nfor r in 0..100 {\n  s += down(40)\n}\n" +
    "let g = grad(fn(x) { x * x })\nvar t = 0.0\n" +
    "for r in 0..100 {\n  t += g(float(r))\n}\nprint(s, t)\n";
  strictEqual(run("vm", src, { maxDepth: 50 }), "4000 9900.0\n");
  strictEqual(run("vm-noopt", src, { maxDepth: 50 }), "4000 9900.0\n");
  const deep = run("vm", src, { maxDepth: 30 });
  strictEqual(deep.includes("error: stack overflow"), true, deep);
});

Deno.test("vm fast paths: GETIDX over three tensors, views, writes and lists", () => {
  // Three tensors read in turn miss GETIDX's two-entry cache every time; a
  // view has an offset and a stride; a write is seen by the next read; a
  // pending (lazy) tensor, an i32, a bool tensor and a list read alike.
  const out = agree(
    "let a = arange(6)\nlet b = [1.5, 2.5, 3.5, 4.5, 5.5, 6.5]\n" +
      "let c = (b * 2.0)[::-2]\nlet m = [true, false, true]\n" +
      "let l = [10, 20, 30]\nvar s = 0.0\nvar n = 0\n" +
      "for i in 0..3 {\n  s += b[i] + c[i] + float(a[-1 - i])\n" +
      "  b[i + 1] = 0.25\n  if m[i] { n += l[i] }\n}\nprint(s, n, c[2], b[-6])\n",
  );
  strictEqual(out, "41.0 40 5.0 1.5\n");
});
