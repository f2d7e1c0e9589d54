// Tests for the CLI's dispatch and exit statuses, with fake stages standing
// in for the compiler and the engine.

import { strictEqual } from "node:assert";
import {
  type Diagnostic,
  makeDiagnostic,
} from "../../compiler/core/diagnostics.ts";
import { makeSourceFile } from "../../compiler/core/span.ts";
import { runCli } from "./cli.ts";
import { type Console, StringSink } from "./io.ts";
import type { RunOutcome, Stages } from "./stages.ts";

type TestConsole = Console & { stdout: StringSink; stderr: StringSink };

function fakeConsole(): TestConsole {
  return { stdout: new StringSink(), stderr: new StringSink(), color: false };
}

const file = makeSourceFile("p.dl", "print(x)\n");
const span = { file, start: 6, end: 7 };

/** Stages whose compile and run results are fixed by the test. */
function fakeStages(
  compileErrors: readonly Diagnostic[],
  run: () => RunOutcome,
): () => Promise<Stages> {
  const compiled = () =>
    Promise.resolve({
      checked: compileErrors.length === 0 ? {} : undefined,
      diagnostics: compileErrors,
    });
  return () =>
    Promise.resolve({
      compileFile: compiled,
      compileSource: compiled,
      run: (_checked, opts) => {
        opts.stdout("out\n");
        return Promise.resolve(run());
      },
    });
}

async function cli(argv: string[], stages: () => Promise<Stages>) {
  const con = fakeConsole();
  const code = await runCli(argv, con, { loadStages: stages });
  return { code, out: con.stdout.text(), err: con.stderr.text() };
}

Deno.test("a clean run exits 0 with the program's output", async () => {
  const r = await cli(["run", "p.dl"], fakeStages([], () => ({ ok: true })));
  strictEqual(r.code, 0);
  strictEqual(r.out, "out\n");
  strictEqual(r.err, "");
});

Deno.test("compile errors exit 2 and nothing runs", async () => {
  const undef = makeDiagnostic("E0201", span, ["x"]);
  let ran = false;
  const stages = fakeStages([undef], () => {
    ran = true;
    return { ok: true };
  });
  const r = await cli(["-e", "print(x)"], stages);
  strictEqual(r.code, 2);
  strictEqual(ran, false);
  strictEqual(r.err.startsWith("error: cannot find `x` in this scope\n"), true);
  const checked = await cli(["check", "p.dl"], stages);
  strictEqual(checked.code, 2);
  strictEqual(checked.out, "");
});

Deno.test("runtime errors exit 1 after the output so far", async () => {
  const error = makeDiagnostic("R0002", span);
  const r = await cli(
    ["run", "p.dl"],
    fakeStages([], () => ({ ok: false, error })),
  );
  strictEqual(r.code, 1);
  strictEqual(r.out, "out\n");
  strictEqual(r.err.startsWith("error: integer division by zero\n"), true);
});

Deno.test("an engine-wrapped JS exception exits 70 with a request to report it", async () => {
  const error = makeDiagnostic("R0007", span, [
    "internal error: x is undefined",
  ]);
  const r = await cli(
    ["run", "p.dl"],
    fakeStages([], () => ({ ok: false, error })),
  );
  strictEqual(r.code, 70);
  strictEqual(r.err.includes("please report it"), true);
});

Deno.test("an exception escaping a stage exits 70, never throws", async () => {
  const r = await cli(
    ["run", "p.dl"],
    () => Promise.reject(new TypeError("boom")),
  );
  strictEqual(r.code, 70);
  strictEqual(
    r.err.startsWith("error: internal error: TypeError: boom\n"),
    true,
  );
  const thrower = fakeStages([], () => {
    throw new RangeError("Maximum call stack size exceeded");
  });
  const deep = await cli(["run", "p.dl"], thrower);
  strictEqual(deep.code, 70);
  strictEqual(deep.out, "out\n", "output before the crash is still flushed");
});

Deno.test("usage errors exit 64 without loading any stage", async () => {
  let loaded = false;
  const con = fakeConsole();
  const code = await runCli(["run", "--engine", "warp", "p.dl"], con, {
    loadStages: () => {
      loaded = true;
      return Promise.reject(new Error("unreachable"));
    },
  });
  strictEqual(code, 64);
  strictEqual(loaded, false);
  strictEqual(
    con.stderr.text().startsWith("error: unknown engine `warp`"),
    true,
  );
});
