// What the fuzzer feeds each input to, in process: compile (parse + check)
// and render the diagnostics as the CLI does; when the program is clean and
// safe to run (no file I/O, no huge sizes), run it with a small step budget.
// Returns normally when dl answered with diagnostics or a result; an
// exception escaping is the bug we hunt.

import {
  type Diagnostic,
  diagnosticToJson,
} from "../../compiler/core/diagnostics.ts";
import { makeSourceFile } from "../../compiler/core/span.ts";
import { StringSink } from "../../vm/cli/io.ts";
import { createReplSession, loadStages } from "../../vm/cli/pipeline.ts";
import { ReplDriver } from "../../vm/cli/repl.ts";
import { formatDiagnostics } from "../../vm/cli/report.ts";
import type { Stages } from "../../vm/cli/stages.ts";
import { ALLOC_LIMITS } from "../../kernels/tensor.ts";

/** Step budget for fuzzed programs that run. */
export const FUZZ_MAX_STEPS = 5_000;

/**
 * Largest tensor a fuzzed program may make (16M elements): sizes computed at
 * run time (`arange(f(6, 7))` came to 1.7 billion) escape the UNSAFE text
 * check below and would page for a minute; past it dl reports R0007.
 */
export const FUZZ_MAX_ELEMENTS = 1 << 24;

/** How one input ended. */
export type TargetOutcome =
  | "compile-error"
  | "ran"
  | "runtime-error"
  | "not-run";

// Programs that touch files or could allocate huge tensors are only compiled.
const UNSAFE =
  /\b(save|save_npy|load|load_npy|load_csv|load_idx|dataset|plot|progress)\b|\d{4}|\d_\d/;

let stages: Stages | undefined;

/** Renders diagnostics both ways the CLI does, so rendering is fuzzed too. */
function render(diagnostics: readonly Diagnostic[]): void {
  formatDiagnostics(diagnostics, true);
  for (const d of diagnostics) JSON.stringify(diagnosticToJson(d));
}

/** Compiles (and, when clean and safe, runs) one input. Throws only on a dl bug. */
export async function fuzzTarget(text: string): Promise<TargetOutcome> {
  ALLOC_LIMITS.maxElements = FUZZ_MAX_ELEMENTS;
  stages ??= await loadStages({
    engine: "interp",
    run: true,
    maxSteps: FUZZ_MAX_STEPS,
  });
  const file = makeSourceFile("<fuzz>", text);
  const compiled = await stages.compileSource(file);
  render(compiled.diagnostics);
  if (compiled.diagnostics.some((d) => d.severity === "error")) {
    return "compile-error";
  }
  if (compiled.checked === undefined || UNSAFE.test(text)) return "not-run";
  const outcome = await stages.run(compiled.checked, {
    stdout: () => {},
    args: [],
  });
  if (outcome.ok) return "ran";
  render([outcome.error]);
  if (outcome.error.message.includes("internal error")) {
    // The engine caught a JavaScript exception and wrapped it: still a bug.
    throw new Error(`engine reported: ${outcome.error.message}`);
  }
  return "runtime-error";
}

/**
 * Feeds an input to a fresh REPL session line by line, as `dl repl` would
 * (continuation lines, `:commands`, errors that must not end the session).
 */
export async function fuzzReplTarget(text: string): Promise<void> {
  ALLOC_LIMITS.maxElements = FUZZ_MAX_ELEMENTS;
  const con = {
    stdout: new StringSink(),
    stderr: new StringSink(),
    color: false,
  };
  const session = await createReplSession({
    engine: "interp",
    stdout: (t) => con.stdout.write(t),
    maxSteps: UNSAFE.test(text) ? 0 : FUZZ_MAX_STEPS,
  });
  const driver = new ReplDriver(con, session);
  for (const line of text.split("\n").slice(0, 40)) {
    if (!await driver.line(line)) return;
  }
  await driver.finish();
  if (con.stderr.text().includes("internal error")) {
    throw new Error(`repl reported: ${con.stderr.text().slice(0, 500)}`);
  }
}
