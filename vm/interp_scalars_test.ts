// Scalars through parse → run: int/float arithmetic from the op table,
// strs, comparisons, short-circuit logic, and the runtime errors of ints.

import { strictEqual } from "node:assert";
import { errorOf, outputOf, uncheckedErrorOf } from "./test_support.ts";

Deno.test("int arithmetic and int / int is float", () => {
  strictEqual(
    outputOf("print(1 + 2 * 3, 7 / 2, 6 / 3, 7 % 3, -7 % 3, 7 % -3)"),
    "7 3.5 2.0 1 -1 1\n",
  );
});

Deno.test("** is int on ints, right-associative, binds tighter than unary minus", () => {
  strictEqual(
    outputOf("print(2 ** 10, 2 ** 3 ** 2, -2 ** 2, 2.0 ** 0.5 > 1.41)"),
    "1024 512 -4 true\n",
  );
});

Deno.test("int and float mix to float", () => {
  strictEqual(
    outputOf("print(1 + 0.5, 2 * 1.5, 1.0 - 1, 7.5 % 2, 3 == 3.0)"),
    "1.5 3.0 0.0 1.5 true\n",
  );
});

Deno.test("float IEEE division and printing", () => {
  strictEqual(
    outputOf("print(1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0, 0.1 + 0.2, 1e21)"),
    "inf -inf nan 0.30000000000000004 1e+21\n",
  );
});

Deno.test("integer overflow is R0001 at the operator", () => {
  const e = errorOf("let x = 2147483647\nlet y = x + 1\nprint(y)");
  strictEqual(e.code, "R0001");
  strictEqual(e.message, "integer overflow");
  strictEqual(e.text.includes("2 | let y = x + 1"), true);
  strictEqual(e.text.includes("^^^^^"), true);
});

Deno.test("negating the smallest int and int ** overflow are R0001", () => {
  strictEqual(errorOf("let m = -2147483647 - 1\nprint(-m)").code, "R0001");
  strictEqual(errorOf("print(3 ** 40)").code, "R0001");
});

Deno.test("int / int, % by zero are R0002; float division by zero is IEEE", () => {
  strictEqual(errorOf("print(1 % 0)").code, "R0002");
  strictEqual(
    errorOf("let z = 0\nprint(10 % z)").message,
    "integer division by zero",
  );
  strictEqual(errorOf("let z = 0\nprint(7 / z)").code, "R0002");
  strictEqual(outputOf("print(1.0 / 0)"), "inf\n");
});

Deno.test("strs concatenate, compare, index by character and convert", () => {
  strictEqual(
    outputOf(
      'let s = "héllo"\nprint(s + "!", len(s), s[1], s[-1], s[1:3], "a" < "b", str(12) + str(1.5))',
    ),
    "héllo! 5 é o él true 121.5\n",
  );
});

Deno.test("comparisons and short-circuit logic", () => {
  strictEqual(
    outputOf(
      'fn boom() -> bool { assert(false, "evaluated"); true }\nprint(1 < 2, 2 <= 1, false && boom(), true || boom(), !true)',
    ),
    "true false false true false\n",
  );
});

Deno.test("int() truncates toward zero, float() widens, round() is half-even", () => {
  strictEqual(
    outputOf(
      "print(int(3.9), int(-3.9), float(2), round(2.5), round(3.5), round(-0.5), round(3.14159, 2), round(7), round(1234, -2))",
    ),
    "3 -3 2.0 2.0 4.0 -0.0 3.14 7.0 1200.0\n",
  );
});

Deno.test("int() of a huge float or of a str is R0009", () => {
  strictEqual(errorOf("print(int(1e12))").code, "R0009");
  strictEqual(
    uncheckedErrorOf('print(int("3"))').message,
    "cannot convert str to int",
  );
});

Deno.test("max/min/abs work on scalars", () => {
  strictEqual(
    outputOf("print(max(3, 4), min(3, 4.5), abs(-3), abs(-2.5), max(1.5, 1))"),
    "4 3.0 3 2.5 1.5\n",
  );
});
