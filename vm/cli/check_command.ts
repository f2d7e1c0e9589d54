// `dl check [--json] FILE…`: compile without running. Silent and exit 0
// when clean; otherwise diagnostics on stderr (or JSON lines on stdout) and
// exit 2.

import type { Console } from "./io.ts";
import { hasErrors, writeDiagnostics, writeDiagnosticsJson } from "./report.ts";
import type { Stages } from "./stages.ts";
import { EXIT } from "./status.ts";

/** Checks each file; returns the exit status. */
export async function checkCommand(
  con: Console,
  stages: Stages,
  opts: { readonly files: readonly string[]; readonly json: boolean },
): Promise<number> {
  let failed = false;
  for (const path of opts.files) {
    const compiled = await stages.compileFile(path);
    if (opts.json) writeDiagnosticsJson(con, compiled.diagnostics);
    else writeDiagnostics(con, compiled.diagnostics);
    if (hasErrors(compiled.diagnostics) || compiled.checked === undefined) {
      failed = true;
    }
  }
  return failed ? EXIT.compile : EXIT.ok;
}
