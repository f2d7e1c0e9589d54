// Tests for the REPL's continuation rule.

import { strictEqual } from "node:assert";
import { needsMoreInput, replCommand } from "./repl_input.ts";

Deno.test("complete inputs need no more lines", () => {
  for (
    const s of [
      "let x = 2",
      "x * 3",
      'print("a (")',
      "f(x) // trailing ( comment",
      "if x { 1 } else { 2 }",
      "/* c */ 1",
      "",
      "   ",
      'let s = "ends with +"',
      ")",
    ]
  ) {
    strictEqual(needsMoreInput(s), false, s);
  }
});

Deno.test("open brackets, comments and trailing operators continue", () => {
  for (
    const s of [
      "fn f(x) {",
      "let a = [1,",
      "print(",
      "let y = 1 +",
      "let z = a &&",
      "let w =",
      "x.",
      "/* open comment",
      "model M() {\n  let a = 1\n",
      "match v { 0 => 1,\n",
      "let r = 0..",
      "fn g() ->",
      "a **",
    ]
  ) {
    strictEqual(needsMoreInput(s), true, s);
  }
  strictEqual(needsMoreInput("fn f(x) {\n  x * 2\n}"), false);
});

Deno.test("repl commands are recognised", () => {
  strictEqual(replCommand(":quit"), "quit");
  strictEqual(replCommand("  :help "), "help");
  strictEqual(replCommand("x : int"), undefined);
  strictEqual(replCommand("let x = 1"), undefined);
});
