// Program-level behaviour: modules run once in order with imports binding
// their top-level names; REPL sessions keep globals across chunks; args().

import { deepStrictEqual, strictEqual } from "node:assert";
import { makeSourceFile } from "../compiler/core/span.ts";
import { parseProgram } from "../compiler/parser.ts";
import { createInterpSession, formatValue, runProgram } from "./interp.ts";
import { runSource } from "./test_support.ts";

function parse(path: string, text: string) {
  const r = parseProgram(makeSourceFile(path, text));
  strictEqual(r.diagnostics.length, 0);
  return r.program;
}

Deno.test("imported modules run once, first; their top-level names are bound", () => {
  const lib = parse(
    "src/lib.dl",
    'print("lib runs")\nvar hits = 0\nfn hit() { hits += 1; hits }\nlet name = "lib"',
  );
  const util = parse(
    "src/util/u.dl",
    'import "../lib.dl"\nfn twice() { hit(); hit() }',
  );
  const main = parse(
    "src/main.dl",
    'import "lib.dl"\nimport "util/u.dl"\nprint(name, hit(), twice(), hits)',
  );
  let out = "";
  const r = runProgram({
    modules: [{ program: lib }, { program: util }, {
      program: main,
    }],
  }, { stdout: (s) => (out += s) });
  strictEqual(r.ok, true);
  strictEqual(out, "lib runs\nlib 1 3 3\n");
});

Deno.test("the loader's import map decides which module an import binds", () => {
  const lib = parse("elsewhere/lib_v2.dl", "let version = 2");
  const main = parse("main.dl", 'import "lib.dl"\nprint(version)');
  const imports = new Map([[main.body[0], "elsewhere/lib_v2.dl"]]);
  let out = "";
  const r = runProgram({
    modules: [{ program: lib, path: "elsewhere/lib_v2.dl" }, {
      program: main,
      path: "main.dl",
      imports,
    }],
  }, { stdout: (s) => (out += s) });
  strictEqual(r.ok, true);
  strictEqual(out, "2\n");
});

Deno.test("a REPL session keeps names and returns the last expression's value", () => {
  let out = "";
  const s = createInterpSession({ stdout: (t) => (out += t) });
  const run = (text: string) => s.run(parse("<repl>", text));
  strictEqual(run("var x = 40\nfn add(a) { x + a }").ok, true);
  const r = run("x += 1\nadd(1)");
  strictEqual(r.ok && formatValue(r.value), "42");
  const bad = run("print(x)\nlet y = 1 % 0");
  strictEqual(bad.ok ? "" : bad.error.code, "R0002");
  strictEqual(out, "41\n");
  const again = run("add(0) * 2");
  strictEqual(again.ok && formatValue(again.value), "82");
});

Deno.test("args() returns the program's arguments as strs", () => {
  const r = runSource("let a = args()\nprint(len(a), a)", {
    args: ["x", "y z"],
  });
  strictEqual(r.out, '2 ["x", "y z"]\n');
});

Deno.test("output reaches the sink in large chunks, never lost", () => {
  const chunks: string[] = [];
  const program = parse("p.dl", 'for i in 0..5000 { print("0123456789") }');
  runProgram({ modules: [{ program }] }, { stdout: (s) => chunks.push(s) });
  deepStrictEqual(chunks.join("").length, 5000 * 11);
  strictEqual(chunks.length < 10, true);
});
