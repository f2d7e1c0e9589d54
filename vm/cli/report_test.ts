// Tests for how the CLI prints diagnostics, usage errors and internal errors.

import { deepStrictEqual, strictEqual } from "node:assert";
import { makeDiagnostic } from "../../compiler/core/diagnostics.ts";
import { makeSourceFile } from "../../compiler/core/span.ts";
import { type Console, StringSink } from "./io.ts";
import {
  describeThrown,
  formatDiagnostics,
  hasErrors,
  writeDiagnosticsJson,
  writeInternalError,
  writeUsageError,
} from "./report.ts";

function fakeConsole(): Console & { stdout: StringSink; stderr: StringSink } {
  return { stdout: new StringSink(), stderr: new StringSink(), color: false };
}

const file = makeSourceFile("p.dl", "let x = 1\nprint(y)\n");
const undefinedY = makeDiagnostic("E0201", { file, start: 16, end: 17 }, ["y"]);

Deno.test("diagnostics render in the spec's form, separated by blank lines", () => {
  const text = formatDiagnostics([undefinedY, undefinedY], false);
  const one = [
    "error: cannot find `y` in this scope",
    " --> p.dl:2:7",
    "  |",
    "2 | print(y)",
    "  |       ^",
    "",
  ].join("\n");
  strictEqual(text, one + "\n" + one);
  strictEqual(formatDiagnostics([], false), "");
});

Deno.test("warnings alone are not errors", () => {
  const warning = makeDiagnostic("E0602", undefined, [], {
    severity: "warning",
  });
  strictEqual(hasErrors([warning]), false);
  strictEqual(hasErrors([warning, undefinedY]), true);
});

Deno.test("--json writes one object per line on stdout", () => {
  const con = fakeConsole();
  writeDiagnosticsJson(con, [undefinedY, undefinedY]);
  const lines = con.stdout.text().trimEnd().split("\n");
  strictEqual(lines.length, 2);
  const obj = JSON.parse(lines[0]);
  deepStrictEqual(
    [obj.code, obj.file, obj.line, obj.col, obj.message],
    ["E0201", "p.dl", 2, 7, "cannot find `y` in this scope"],
  );
});

Deno.test("usage errors show the usage line and where to get help", () => {
  const con = fakeConsole();
  writeUsageError(con, "missing FILE to run", "run");
  strictEqual(
    con.stderr.text(),
    "error: missing FILE to run\n\nusage: dl run [--engine NAME] FILE [args...]\n" +
      "Run `dl run --help` for more information.\n",
  );
  strictEqual(con.stdout.text(), "");
});

Deno.test("internal errors ask for a report and hide the JS stack unless debugging", () => {
  const con = fakeConsole();
  writeInternalError(con, new TypeError("boom"), false);
  const text = con.stderr.text();
  strictEqual(
    text.startsWith("error: internal error: TypeError: boom\n"),
    true,
  );
  strictEqual(text.includes("please report it"), true);
  strictEqual(text.includes("report_test.ts"), false);
  const dbg = fakeConsole();
  writeInternalError(dbg, new TypeError("boom"), true);
  strictEqual(dbg.stderr.text().includes("report_test.ts"), true);
  strictEqual(describeThrown(42), "uncaught value: 42");
});

Deno.test("past the limit only a count of the remaining diagnostics is printed", () => {
  const many = Array.from({ length: 7 }, () => undefinedY);
  const text = formatDiagnostics(many, false, 3);
  strictEqual(text.split("error: cannot find").length - 1, 3);
  strictEqual(
    text.endsWith("\nerror: 4 more errors not shown (the first 3 are above)\n"),
    true,
  );
});
