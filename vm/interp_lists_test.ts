// Lists and tuples: literals, indexing (negative, slices), assignment,
// push/len/iteration, sharing, destructuring and printing.

import { strictEqual } from "node:assert";
import { errorOf, outputOf } from "./test_support.ts";

Deno.test("list literals, indexing, slices and assignment", () => {
  const src = `
var xs = ["a", "b", "c", "d"]
xs[1] = "B"
xs[-1] = "D"
print(xs, xs[0], xs[-2], xs[1:3], xs[::-1], xs[::2], len(xs))
`;
  strictEqual(
    outputOf(src),
    '["a", "B", "c", "D"] a c ["B", "c"] ["D", "c", "B", "a"] ["a", "c"] 4\n',
  );
});

Deno.test("lists are shared references; push grows them; for walks them", () => {
  const src = `
var a = []
let b = a
push(a, (1, "x"))
b.push((2, "y"))
var keys = 0
var vals = ""
for (k, v) in a { keys += k; vals = vals + v }
print(len(a), keys, vals, b)
`;
  strictEqual(outputOf(src), '2 3 xy [(1, "x"), (2, "y")]\n');
});

Deno.test("lists of lists, tensors and bools are lists", () => {
  const src = `
let m = [[], []]
push(m[0], 5)
print(m, [true, false], [[1, 2], [3, 4]][1])
`;
  strictEqual(
    outputOf(src),
    "[[5], []] [true, false] tensor([3, 4], dtype=i32, shape=[2])\n",
  );
});

Deno.test("tuples: fields, nesting, destructuring, unit and one-element printing", () => {
  const src = `
let t = (1, (2.5, "s"), true)
let (a, (b, c), d) = t
print(t.0, (t.1).1, a, b, c, d, t, (), (7,))
`;
  strictEqual(
    outputOf(src),
    '1 s 1 2.5 s true (1, (2.5, "s"), true) () (7,)\n',
  );
});

Deno.test("tuples and lists compare structurally", () => {
  strictEqual(
    outputOf('print((1, "a") == (1, "a"), (1, 2) != (1, 3), ["x"] == ["x"])'),
    "true true true\n",
  );
});

Deno.test("out-of-range list index is R0003 with the length", () => {
  const e = errorOf('let xs = ["a", "b"]\nprint(xs[2])');
  strictEqual(e.code, "R0003");
  strictEqual(e.message, "index 2 is out of range for List of length 2");
  strictEqual(errorOf('var xs = ["a"]\nxs[-2] = "z"').code, "R0003");
});
