// The dl command: parses the command line, runs one command, and turns any
// exception that escapes into an "internal error" report (exit 70). Modules a
// command does not need are never loaded (dynamic imports keep start-up fast).

import { parseCommandLine } from "./command_line.ts";
import { type Console, readEnv } from "./io.ts";
import { writeInternalError, writeUsageError } from "./report.ts";
import type { StageOptions, Stages } from "./stages.ts";
import { DL_VERSION, EXIT } from "./status.ts";
import { helpText } from "./usage.ts";

function debugOn(): boolean {
  const v = readEnv("DL_DEBUG");
  return v !== undefined && v !== "" && v !== "0";
}

function versionText(): string {
  const v = Deno.version;
  return `dl ${DL_VERSION} (deno ${v.deno}, v8 ${v.v8}, typescript ${v.typescript})\n`;
}

/** Replaceable parts of the CLI (tests swap in fake stages). */
export interface CliHooks {
  /** Loads the compiler and engine; defaults to pipeline.ts's loadStages. */
  readonly loadStages?: (opts: StageOptions) => Promise<Stages>;
}

async function stagesFor(
  hooks: CliHooks,
  opts: StageOptions,
): Promise<Stages> {
  if (hooks.loadStages) return await hooks.loadStages(opts);
  const { loadStages } = await import("./pipeline.ts");
  return await loadStages(opts);
}

async function dispatch(
  argv: readonly string[],
  con: Console,
  hooks: CliHooks,
): Promise<number> {
  const inv = parseCommandLine(argv, {
    DL_BACKEND: readEnv("DL_BACKEND"),
    DL_THREADS: readEnv("DL_THREADS"),
  });
  switch (inv.kind) {
    case "usage-error":
      writeUsageError(con, inv.message, inv.command);
      return EXIT.usage;
    case "help":
      con.stdout.write(helpText(inv.command));
      return EXIT.ok;
    case "version":
      con.stdout.write(versionText());
      return EXIT.ok;
    case "run":
    case "eval": {
      const [stages, { runCommand }, { applyCpuChoice }] = await Promise.all([
        stagesFor(hooks, { engine: inv.engine, run: true }),
        import("./run_command.ts"),
        import("./backend_select.ts"),
      ]);
      const failed = applyCpuChoice(con, inv.cpu);
      if (failed !== null) return failed;
      const source = inv.kind === "run"
        ? { kind: "file", path: inv.file } as const
        : { kind: "code", code: inv.code, name: "<-e>" } as const;
      return await runCommand(con, stages, { source, args: inv.args });
    }
    case "check": {
      const [stages, { checkCommand }] = await Promise.all([
        stagesFor(hooks, { engine: "interp", run: false }),
        import("./check_command.ts"),
      ]);
      return await checkCommand(con, stages, inv);
    }
    case "disasm": {
      const [stages, { disasmCommand }] = await Promise.all([
        stagesFor(hooks, { engine: "vm", run: false }),
        import("./disasm_command.ts"),
      ]);
      return await disasmCommand(con, stages, inv);
    }
    case "repl": {
      const [{ replCommand }, { applyCpuChoice }] = await Promise.all([
        import("./repl.ts"),
        import("./backend_select.ts"),
      ]);
      const failed = applyCpuChoice(con, inv.cpu);
      if (failed !== null) return failed;
      return await replCommand(con, { engine: inv.engine });
    }
  }
}

let crashed = false;

/** Reports an exception that escaped everything, once, and exits with 70. */
function crash(con: Console, err: unknown): void {
  if (crashed) return;
  crashed = true;
  writeInternalError(con, err, debugOn());
  Deno.exit(EXIT.internal);
}

/** Turns uncaught errors and unhandled rejections into internal-error reports. */
export function installCrashHandlers(con: Console): void {
  globalThis.addEventListener("error", (e) => {
    e.preventDefault();
    crash(con, e.error);
  });
  globalThis.addEventListener("unhandledrejection", (e) => {
    e.preventDefault();
    crash(con, e.reason);
  });
}

/**
 * Runs the dl command line and returns the exit status. Never throws: an
 * unexpected exception is reported as an internal error (status 70).
 */
export async function runCli(
  argv: readonly string[],
  con: Console,
  hooks: CliHooks = {},
): Promise<number> {
  try {
    return await dispatch(argv, con, hooks);
  } catch (err) {
    writeInternalError(con, err, debugOn());
    return EXIT.internal;
  } finally {
    con.stdout.flush();
    con.stderr.flush();
  }
}
