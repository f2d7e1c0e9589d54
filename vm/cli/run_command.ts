// `dl run FILE [args…]` and `dl -e CODE [args…]`: compile, report compile
// errors (exit 2), run with buffered stdout, report a runtime error (exit 1).

import { makeSourceFile } from "../../compiler/core/span.ts";
import { type Console, readEnv } from "./io.ts";
import {
  hasErrors,
  isInternal,
  REPORT_NOTE,
  writeDiagnostics,
} from "./report.ts";
import type { CompileOutput, Stages } from "./stages.ts";
import { EXIT } from "./status.ts";

/** What to run: a file path (`-` for stdin) or inline code. */
export type RunSource =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "code"; readonly code: string; readonly name: string };

async function readStdin(): Promise<string> {
  return await new Response(Deno.stdin.readable).text();
}

async function compile(
  stages: Stages,
  source: RunSource,
): Promise<CompileOutput> {
  if (source.kind === "code") {
    return await stages.compileSource(makeSourceFile(source.name, source.code));
  }
  if (source.path === "-") {
    return await stages.compileSource(
      makeSourceFile("<stdin>", await readStdin()),
    );
  }
  return await stages.compileFile(source.path);
}

function debugLevel(): number {
  const n = Number(readEnv("DL_DEBUG") ?? "0");
  return Number.isFinite(n) ? n : 0;
}

/** Compiles and runs a program; returns the exit status. */
export async function runCommand(
  con: Console,
  stages: Stages,
  opts: { readonly source: RunSource; readonly args: readonly string[] },
): Promise<number> {
  const t0 = performance.now();
  const compiled = await compile(stages, opts.source);
  const t1 = performance.now();
  writeDiagnostics(con, compiled.diagnostics);
  if (hasErrors(compiled.diagnostics) || compiled.checked === undefined) {
    return EXIT.compile;
  }
  const outcome = await stages.run(compiled.checked, {
    stdout: (text) => con.stdout.write(text),
    args: opts.args,
  });
  con.stdout.flush();
  if (debugLevel() >= 1) {
    const t2 = performance.now();
    con.stderr.write(
      `debug: compile ${(t1 - t0).toFixed(1)} ms, run ${
        (t2 - t1).toFixed(1)
      } ms\n`,
    );
  }
  if (!outcome.ok) {
    writeDiagnostics(con, [outcome.error]);
    if (isInternal(outcome.error)) {
      // The engine caught a JavaScript exception: a bug in dl, not the program.
      con.stderr.write(`${REPORT_NOTE}\n`);
      con.stderr.flush();
      return EXIT.internal;
    }
    return EXIT.runtime;
  }
  return EXIT.ok;
}
