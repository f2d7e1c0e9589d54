// Runs the checker over every conformance program (tests/conformance): the
// programs that must compile check clean (no false errors), and those whose
// expected output is a compile error from the checker or loader produce
// exactly the expected diagnostics, rendered as `dl` prints them.

import { equal } from "node:assert/strict";
import { renderDiagnostic } from "../core/diagnostics.ts";
import { compileFile, denoHost } from "../mod.ts";
import { findConformanceCases } from "../../tests/harness/conformance_cases.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Reads paths relative to the repository root, as `dl` run from there would. */
const host = {
  readFile: (path: string) =>
    denoHost.readFile(path.startsWith("/") ? path : ROOT + path),
};

/** Compile errors the parser reports (not this stage's business). */
const SYNTAX =
  /^error: (unexpected character|unterminated|unknown escape|integer literal|expected |invalid )/;

const cases = await findConformanceCases(ROOT, "tests/conformance");

Deno.test("conformance programs that run check clean", () => {
  let n = 0;
  for (const c of cases) {
    if (c.code === 2) continue;
    const r = compileFile(c.path, host);
    const text = r.diagnostics.map((d) => renderDiagnostic(d)).join("\n");
    equal(text, "", `${c.path} should compile`);
    n++;
  }
  equal(n > 50, true, "the corpus is there");
});

Deno.test("conformance compile errors match exactly", () => {
  for (const c of cases) {
    if (c.code !== 2 || SYNTAX.test(c.stderr)) continue;
    const r = compileFile(c.path, host);
    const text = r.diagnostics.map((d) => renderDiagnostic(d) + "\n").join(
      "\n",
    );
    equal(text, c.stderr, c.path);
  }
});
