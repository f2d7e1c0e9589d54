// REPL scripts run on every engine the REPL offers (interp, vm, jit) must
// print the same values and diagnostics: names persist across inputs, a
// runtime error keeps what earlier inputs (and statements) defined.

import { strictEqual } from "node:assert";
import { createReplSession } from "./pipeline.ts";
import { type Console, StringSink } from "./io.ts";
import { ReplDriver } from "./repl.ts";

/** Runs `script` line by line through a driver; returns stdout and stderr. */
async function repl(
  engine: string,
  script: string,
): Promise<{ out: string; err: string }> {
  const stdout = new StringSink(), stderr = new StringSink();
  const con: Console = { stdout, stderr, color: false };
  const session = await createReplSession({
    engine,
    stdout: (t) => stdout.write(t),
  });
  const driver = new ReplDriver(con, session);
  for (const line of script.split("\n")) await driver.line(line);
  await driver.finish();
  return { out: stdout.text(), err: stderr.text() };
}

/** Asserts every engine prints what the interpreter prints; returns that. */
async function sameOnAll(
  script: string,
): Promise<{ out: string; err: string }> {
  const ref = await repl("interp", script);
  for (const engine of ["vm", "jit"]) {
    const got = await repl(engine, script);
    strictEqual(got.out, ref.out, `${engine} stdout`);
    strictEqual(got.err, ref.err, `${engine} stderr`);
  }
  return ref;
}

Deno.test("names persist across inputs; a final expression's value is shown", async () => {
  const r = await sameOnAll(
    "let x = 2\nvar n = 0\nx * 3\nn += x\nn\nfn f(a) {\n  a + x\n}\nf(10)\n" +
      'print("hi", n)\n"s"\n(1, 2.5)\n()',
  );
  strictEqual(r.out, "6\n2\n12\nhi 2\ns\n(1, 2.5)\n");
  strictEqual(r.err, "");
});

Deno.test("a runtime error keeps earlier inputs' and statements' definitions", async () => {
  const r = await sameOnAll(
    "var x = 40\nfn f() { x }\nlet q = 1\nlet y = 1 % 0\ny\n" +
      "let a = 5\nlet b = a % 0\na + q\nb\nx += 2\nf()",
  );
  strictEqual(r.out, "6\n42\n");
  strictEqual(r.err.match(/integer division by zero/g)?.length, 2);
  strictEqual(r.err.match(/cannot find `y`/g)?.length, 1);
  strictEqual(r.err.match(/cannot find `b`/g)?.length, 1);
});

Deno.test("redefining a function reaches earlier callers; a let shadows", async () => {
  const r = await sameOnAll(
    "fn f() { 1 }\nfn g() { f() * 10 }\ng()\n" +
      "for i in 0..100 { g() }\ng()\nfn f() { 7 }\ng()\n" +
      "var x = 40\nfn h() { x }\nlet x = 5\nh()\nx",
  );
  strictEqual(r.out, "10\n10\n70\n40\n5\n");
});

Deno.test("closures capture earlier globals by reference", async () => {
  const r = await sameOnAll(
    "var count = 0\nlet bump = fn() { count += 1; count }\nbump()\n" +
      "bump()\ncount\nfn adder(k) { fn(v) { v + k + count } }\n" +
      "let add3 = adder(3)\ncount = 10\nadd3(1)\n" +
      "var total = 0\nfor i in 0..1000 { total += add3(i) }\ntotal",
  );
  strictEqual(r.out, "1\n2\n2\n14\n512500\n");
});

Deno.test("a model defined in one input trains in later ones", async () => {
  const r = await sameOnAll(
    "seed(0)\nmodel Net() {\n  let fc1 = Linear(2, 8)\n  let fc2 = Linear(8, 2)\n" +
      "  fn forward(x) { fc2(tanh(fc1(x))) }\n}\nlet net = Net()\n" +
      "let x = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]\n" +
      "let y = tensor([0, 1, 1, 0])\nlet opt = Adam(net, lr: 0.05)\n" +
      "fn loss(m) { cross_entropy(m(x), y) }\n" +
      "let before = loss(net)\n" +
      "for step in 0..200 { opt.step(grad(loss)(net)) }\n" +
      "loss(net) < before\naccuracy(net(x), y)",
  );
  strictEqual(r.out, "true\n1.0\n");
  strictEqual(r.err, "");
});

Deno.test("compile errors leave the session as it was", async () => {
  const r = await sameOnAll(
    'let a = 1\nlet b: str = 2\nb\na + 1\nfn k() { a + "x" }\nk',
  );
  strictEqual(r.out, "2\n");
  strictEqual(r.err.includes("error"), true);
});

Deno.test("a hot caller sees a redefined recursive function (jit compiled it)", async () => {
  const r = await sameOnAll(
    [
      "fn f(n: int) -> int { if n == 0 { 1 } else { f(n - 1) } }",
      "fn g(n: int) -> int { f(n) + f(n) }",
      "var s = 0",
      "for i in 0..50 { s += g(i) }",
      "s",
      "fn f(n: int) -> int { if n == 0 { 2 } else { f(n - 1) } }",
      "g(5)",
    ].join("\n"),
  );
  strictEqual(r.out.trim().split("\n").slice(-2).join(" "), "100 4");
});
