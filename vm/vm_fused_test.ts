// The VM's fused pairs (GETUPVAL_CALL, JLT_RK_RET, ADD_RET) and its in-place
// float()/int() conversions against the interpreter: results, the errors
// they raise (overflow, stack overflow, step budget) and where.

import { strictEqual } from "node:assert";
import { runOn } from "./vm_test_support.ts";

/** Runs `src` on every engine; all must print the same; returns that. */
function agree(
  src: string,
  limits: { maxSteps?: number; maxDepth?: number } = {},
): string {
  const want = runOn("interp", src, limits);
  strictEqual(runOn("vm", src, limits), want, "vm");
  strictEqual(runOn("vm-noopt", src, limits), want, "vm without optimizations");
  return want;
}

const FIB =
  "fn fib(n: int) -> int {\n  if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\n}\n";

Deno.test("fused: recursive fib through GETUPVAL_CALL, JLT_RK_RET, ADD_RET", () => {
  strictEqual(agree(`${FIB}print(fib(15), fib(1), fib(-3))\n`), "610 1 -3\n");
  // Floats and mixed kinds leave the fused fast paths for the general ones.
  const out = agree(
    "fn h(x: float) -> float {\n  if x < 2.0 { x } else { h(x - 1.0) + 0.5 }\n}\n" +
      "fn g(n: int) -> int {\n  if n < 2.5 { n } else { g(n - 1) + n }\n}\n" +
      "print(h(4.5), g(6))\n",
  );
  strictEqual(out, "3.0 20\n");
});

Deno.test("fused: ADD_RET overflow, deep recursion and the step budget fail as before", () => {
  const ovf = agree(
    "fn f(n: int) -> int {\n  if n < 1 { 2147483647 } else { f(n - 1) + n }\n}\nprint(f(3))\n",
  );
  strictEqual(ovf.includes("integer overflow\n --> t.dl:2:34"), true, ovf);
  const deep = agree(`${FIB}print(fib(40))\n`, { maxDepth: 20 });
  strictEqual(deep.includes("stack overflow"), true, deep);
  // The VM counts steps at calls and back edges (not as the interpreter
  // does), so the budget's error is compared between the VM's two builds.
  const src = `${FIB}print(fib(20))\n`;
  const steps = runOn("vm", src, { maxSteps: 777 });
  strictEqual(runOn("vm-noopt", src, { maxSteps: 777 }), steps);
  strictEqual(steps.includes("step limit exceeded"), true, steps);
});

Deno.test("fused: a callee upvalue that is not a VM closure (a builtin)", () => {
  const out = agree(
    "fn go() -> float {\n  let f = float\n  fn g(n: int) -> float { f(n - 1) }\n  g(3)\n}\n" +
      "print(go())\n",
  );
  strictEqual(out, "2.0\n");
});

Deno.test("float()/int() of numbers convert in place; other arguments fail as before", () => {
  strictEqual(
    agree(
      "let i = 7\nlet x = -2.75\nprint(float(i), float(x), int(x), int(i), int(2147483647.9))\n",
    ),
    "7.0 -2.75 -2 7 2147483647\n",
  );
  const big = agree("let x = 3.0e9\nprint(int(x))\n");
  strictEqual(big.includes("cannot convert 3000000000.0 to int"), true, big);
  const nan = agree("let x = 0.0 / 0.0\nprint(int(x))\n");
  strictEqual(nan.includes("cannot convert"), true, nan);
});

Deno.test("GETGLOBAL's one-entry cache: alternating builtins in a loop", () => {
  const out = agree(
    "var s = 0.0\nfor i in 0..4 {\n  s += float(i) + float(int(2.5))\n" +
      "  print(str(i), abs(-i), float(i) * 2.0)\n}\nprint(s, f64)\n",
  );
  strictEqual(out.split("\n")[0], "0 0 0.0");
  strictEqual(out.includes("14.0 f64"), true, out);
});

Deno.test("the register file grows under calls, builtin callbacks and loops", () => {
  // Thousands of frames of 3+ registers pass the initial 4096 registers
  // several times: in the call fast path, inside a builtin's callback (grad)
  // and in a loop around them (too deep for the tree-walker's host stack in
  // a test, so the VM's two builds are compared).
  const src =
    "fn deep(n: int) -> int {\n  if n < 1 { 0 } else { deep(n - 1) + 1 }\n}\n" +
    "let f = fn(x) { x * float(deep(3000)) }\nlet g = grad(f)(2.0)\n" +
    "var s = 0\nfor i in 0..3 {\n  s += deep(5000 + i)\n}\n" +
    "print(s, g, deep(9000))\n";
  const out = runOn("vm", src, { maxDepth: 20000 });
  strictEqual(out, "15003 3000.0 9000\n");
  strictEqual(runOn("vm-noopt", src, { maxDepth: 20000 }), out);
});
