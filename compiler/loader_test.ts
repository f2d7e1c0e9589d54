// The loader: dependency order, each file parsed once, relative paths,
// import cycles (E0502) and unreadable files (E0501), all in memory.

import { deepEqual, equal } from "node:assert/strict";
import { lineCol } from "./core/span.ts";
import {
  type CompilerHost,
  loadProgram,
  normalizePath,
  resolveImport,
} from "./loader.ts";

function host(
  files: Record<string, string>,
  reads: string[] = [],
): CompilerHost {
  return {
    readFile(path) {
      reads.push(path);
      return Object.hasOwn(files, path)
        ? files[path]
        : { error: "file not found" };
    },
  };
}

function spanText(
  d: { span?: { file: { text: string }; start: number; end: number } },
) {
  return d.span === undefined
    ? undefined
    : d.span.file.text.slice(d.span.start, d.span.end);
}

Deno.test("paths are normalised and resolved against the importer's directory", () => {
  equal(normalizePath("./a/./b/../c.dl"), "a/c.dl");
  equal(normalizePath("../x.dl"), "../x.dl");
  equal(normalizePath("/r/a/../b.dl"), "/r/b.dl");
  equal(resolveImport("lib/main.dl", "util.dl"), "lib/util.dl");
  equal(resolveImport("main.dl", "sub/u.dl"), "sub/u.dl");
  equal(resolveImport("lib/main.dl", "../top.dl"), "top.dl");
  equal(resolveImport("lib/main.dl", "/abs/x.dl"), "/abs/x.dl");
});

Deno.test("modules come in dependency order, each file read and parsed once", () => {
  const reads: string[] = [];
  const r = loadProgram(
    "main.dl",
    host({
      "main.dl": 'import "lib/a.dl"\nimport "lib/b.dl"\nprint(1)',
      "lib/a.dl": 'import "b.dl"\nlet a = 1',
      "lib/b.dl": "let b = 2",
    }, reads),
  );
  deepEqual(r.diagnostics, []);
  deepEqual(r.modules.map((m) => m.path), ["lib/b.dl", "lib/a.dl", "main.dl"]);
  deepEqual(reads, ["main.dl", "lib/a.dl", "lib/b.dl"]);
  equal(r.entry?.path, "main.dl");
  const main = r.modules[2];
  deepEqual([...main.imports.values()], ["lib/a.dl", "lib/b.dl"]);
});

Deno.test("E0502: an import cycle names the chain, at the import that closes it", () => {
  const r = loadProgram(
    "a.dl",
    host({
      "a.dl": 'import "b.dl"\nprint(1)',
      "b.dl": 'let x = 1\nimport "a.dl"',
    }),
  );
  equal(r.diagnostics.length, 1);
  const d = r.diagnostics[0];
  equal(d.code, "E0502");
  equal(d.message, "import cycle: a.dl -> b.dl -> a.dl");
  equal(spanText(d), 'import "a.dl"');
  equal(d.span?.file.path, "b.dl");
  deepEqual(lineCol(d.span!.file, d.span!.start), { line: 2, col: 1 });
});

Deno.test("E0502: a file importing itself", () => {
  const r = loadProgram("a.dl", host({ "a.dl": 'import "a.dl"' }));
  deepEqual(r.diagnostics.map((d) => d.message), [
    "import cycle: a.dl -> a.dl",
  ]);
});

Deno.test("E0501: an unreadable import, at its path", () => {
  const r = loadProgram("main.dl", host({ "main.dl": 'import "nope.dl"' }));
  equal(r.diagnostics.length, 1);
  const d = r.diagnostics[0];
  equal(d.code, "E0501");
  equal(d.message, "cannot read `nope.dl`: file not found");
  equal(spanText(d), '"nope.dl"');
});

Deno.test("E0501: an unreadable entry has no span", () => {
  const r = loadProgram("missing.dl", host({}));
  equal(r.modules.length, 0);
  equal(r.entry, undefined);
  equal(r.diagnostics[0].message, "cannot read `missing.dl`: file not found");
  equal(r.diagnostics[0].span, undefined);
});

Deno.test("syntax errors in imported files are reported", () => {
  const r = loadProgram(
    "m.dl",
    host({ "m.dl": 'import "x.dl"', "x.dl": "let = 1" }),
  );
  equal(r.diagnostics.length > 0, true);
  equal(r.diagnostics[0].span?.file.path, "x.dl");
});
