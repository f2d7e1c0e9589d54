// The pipeline entry: compileFile / compileSource (checked only without
// errors), imports bringing names into scope, the real-file host, and the
// incremental session the REPL uses.

import { deepEqual, equal, ok } from "node:assert/strict";
import { makeSourceFile } from "./core/span.ts";
import { parseProgram } from "./parser.ts";
import {
  compileFile,
  compileSource,
  createCheckSession,
  denoHost,
} from "./mod.ts";
import { memoryHost } from "./checker/test_util.ts";

Deno.test("compileSource: checked only when there are no errors", () => {
  const good = compileSource(
    makeSourceFile("a.dl", "print(1 + 2)"),
    memoryHost(),
  );
  deepEqual(good.diagnostics, []);
  ok(good.checked !== undefined);
  equal(good.checked.modules.length, 1);
  const bad = compileSource(
    makeSourceFile("a.dl", "print(nope)"),
    memoryHost(),
  );
  equal(bad.checked, undefined);
  deepEqual(bad.diagnostics.map((d) => d.code), ["E0201"]);
});

Deno.test("syntax errors stop before checking", () => {
  const r = compileSource(
    makeSourceFile("a.dl", "let = 1\nprint(nope)"),
    memoryHost(),
  );
  equal(r.checked, undefined);
  ok(r.diagnostics.every((d) => d.code.startsWith("E01")));
});

Deno.test("imports bring the imported file's top-level names into scope", () => {
  const files = {
    "main.dl": 'import "lib/util.dl"\nprint(square(3) + offset)',
    "lib/util.dl": 'import "base.dl"\nfn square(x) { x * x }',
    "lib/base.dl": "let offset = 1",
  };
  const r = compileFile("main.dl", memoryHost(files));
  deepEqual(r.diagnostics, []);
  deepEqual(r.checked?.modules.map((m) => m.path), [
    "lib/base.dl",
    "lib/util.dl",
    "main.dl",
  ]);
  const err = compileFile(
    "m.dl",
    memoryHost({
      "m.dl": 'import "u.dl"\nlet s: str = twice(2)',
      "u.dl": "fn twice(x) { x * 2 }",
    }),
  );
  deepEqual(err.diagnostics.map((d) => d.message), [
    "mismatched types: expected `str`, found `int`",
  ]);
});

Deno.test("import cycles are compile errors", () => {
  const r = compileFile(
    "a.dl",
    memoryHost({ "a.dl": 'import "b.dl"', "b.dl": 'import "a.dl"' }),
  );
  equal(r.checked, undefined);
  deepEqual(r.diagnostics.map((d) => d.code), ["E0502"]);
});

Deno.test("denoHost reads real files and turns failures into errors", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/lib.dl`, "fn one() { 1 }");
    Deno.writeTextFileSync(`${dir}/main.dl`, 'import "lib.dl"\nprint(one())');
    const r = compileFile(`${dir}/main.dl`, denoHost);
    deepEqual(r.diagnostics, []);
    deepEqual(denoHost.readFile(`${dir}/none.dl`), { error: "file not found" });
    deepEqual(denoHost.readFile(dir), { error: "is a directory" });
    Deno.writeFileSync(`${dir}/bad.dl`, new Uint8Array([0xff, 0xfe]));
    deepEqual(denoHost.readFile(`${dir}/bad.dl`), { error: "not valid UTF-8" });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

function chunk(text: string) {
  return parseProgram(makeSourceFile("<repl>", text)).program;
}

Deno.test("session: names from earlier chunks stay visible", () => {
  const s = createCheckSession(memoryHost());
  deepEqual(s.check(chunk("let x = 1\nfn f(y) { y + x }")).diagnostics, []);
  const r = s.check(chunk("let z: int = f(2)"));
  deepEqual(r.diagnostics, []);
  ok(r.checked !== undefined);
});

Deno.test("session: a chunk with errors leaves the scope unchanged", () => {
  const s = createCheckSession(memoryHost());
  const bad = s.check(chunk("let a = 1\nprint(nope)"));
  equal(bad.checked, undefined);
  deepEqual(bad.diagnostics.map((d) => d.code), ["E0201"]);
  deepEqual(
    s.check(chunk("print(a)")).diagnostics.map((d) => d.message),
    ["cannot find `a` in this scope"],
  );
  // The same mistake in a later chunk is reported again.
  deepEqual(s.check(chunk("print(nope)")).diagnostics.map((d) => d.code), [
    "E0201",
  ]);
});

Deno.test("session: shadowing across chunks and imports", () => {
  const s = createCheckSession(memoryHost({ "lib.dl": "let k = 5" }));
  deepEqual(s.check(chunk('let v = "s"')).diagnostics, []);
  deepEqual(s.check(chunk("let v = 2\nlet w: int = v + 1")).diagnostics, []);
  deepEqual(s.check(chunk('import "lib.dl"\nlet u = k')).diagnostics, []);
  deepEqual(s.check(chunk("let q: int = k")).diagnostics, []);
});
