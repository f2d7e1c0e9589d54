// Parses dl's command line (node:util parseArgs) into an Invocation: what to
// do, or a usage error. Pure: no I/O, so every rule is unit-tested.

import { parseArgs } from "node:util";
import {
  DEFAULT_ENGINE,
  isRegisteredEngine,
  REGISTERED_ENGINES,
} from "../engine_names.ts";
import {
  type CpuChoice,
  type CpuEnv,
  resolveCpuChoice,
} from "./backend_flags.ts";
import { isCommand } from "./usage.ts";

/** The engines `--engine` accepts (the registered ones, vm/engines.ts). */
export const ENGINES: readonly string[] = REGISTERED_ENGINES;

/** What the user asked for. */
export type Invocation =
  | {
    readonly kind: "run";
    readonly file: string;
    readonly args: readonly string[];
    readonly engine: string;
    /** The CPU backend asked for (absent: auto, all cores). */
    readonly cpu?: CpuChoice;
  }
  | {
    readonly kind: "eval";
    readonly code: string;
    readonly args: readonly string[];
    readonly engine: string;
    readonly cpu?: CpuChoice;
  }
  | {
    readonly kind: "check";
    readonly files: readonly string[];
    readonly json: boolean;
  }
  | {
    readonly kind: "disasm";
    readonly file: string;
    /** Show the IR before the optimisation passes. */
    readonly raw: boolean;
  }
  | {
    readonly kind: "repl";
    readonly engine: string;
    readonly cpu?: CpuChoice;
  }
  | { readonly kind: "version" }
  | { readonly kind: "help"; readonly command?: string }
  | {
    readonly kind: "usage-error";
    readonly message: string;
    /** The command whose usage line to show (`dl` for the top level). */
    readonly command: string;
  };

type Options = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

const HELP_OPTION = { help: { type: "boolean", short: "h" } } as const;

function usage(message: string, command: string): Invocation {
  return { kind: "usage-error", message, command };
}

/** Turns parseArgs' error into a short message, or undefined if it is not one. */
function flagError(err: unknown, command: string): Invocation {
  const e = err as { code?: string; message?: string };
  const raw = String(e?.message ?? err);
  const flag = /'(-[^' ]*)/.exec(raw)?.[1] ?? "";
  if (e?.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    return usage(`unknown flag \`${flag}\` for \`dl ${command}\``, command);
  }
  if (e?.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const what = raw.includes("argument missing")
      ? "needs a value"
      : "does not take a value";
    return usage(`flag \`${flag}\` ${what}`, command);
  }
  if (e?.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    return usage(`\`dl ${command}\` takes no arguments`, command);
  }
  return usage(raw, command);
}

function parseFlags(
  args: readonly string[],
  options: Options,
  command: string,
  positionals: boolean,
):
  | { ok: true; values: Record<string, unknown>; positionals: string[] }
  | { ok: false; error: Invocation } {
  try {
    const r = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: positionals,
    });
    return { ok: true, values: r.values, positionals: r.positionals };
  } catch (err) {
    return { ok: false, error: flagError(err, command) };
  }
}

/**
 * Splits `dl run` arguments at the program file: flags before it belong to
 * dl, everything after it to the program. `valueFlags` take the next word.
 */
export function splitAtProgram(
  args: readonly string[],
  valueFlags: readonly string[],
): { flags: string[]; file?: string; rest: string[] } {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      return {
        flags: args.slice(0, i),
        file: args[i + 1],
        rest: args.slice(i + 2),
      };
    }
    if (a.startsWith("-") && a !== "-") {
      if (valueFlags.includes(a)) i++;
      continue;
    }
    return { flags: args.slice(0, i), file: a, rest: args.slice(i + 1) };
  }
  return { flags: [...args], rest: [] };
}

function checkEngine(engine: string, command: string): Invocation | undefined {
  if (isRegisteredEngine(engine)) return undefined;
  return usage(
    `unknown engine \`${engine}\` (available: ${ENGINES.join(", ")})`,
    command,
  );
}

function parseRun(args: readonly string[], env: CpuEnv): Invocation {
  const split = splitAtProgram(args, ["--engine", "--backend", "--threads"]);
  const options = {
    engine: { type: "string" },
    backend: { type: "string" },
    threads: { type: "string" },
    ...HELP_OPTION,
  } as const;
  const r = parseFlags(split.flags, options, "run", false);
  if (!r.ok) return r.error;
  if (r.values.help) return { kind: "help", command: "run" };
  const engine = String(r.values.engine ?? DEFAULT_ENGINE);
  const bad = checkEngine(engine, "run");
  if (bad) return bad;
  const cpu = resolveCpuChoice({
    backend: r.values.backend as string | undefined,
    threads: r.values.threads as string | undefined,
  }, env);
  if (!cpu.ok) return usage(cpu.message, "run");
  if (split.file === undefined) return usage("missing FILE to run", "run");
  return withCpu(
    { kind: "run", file: split.file, args: split.rest, engine },
    cpu.choice,
  );
}

/** Adds the backend choice to an invocation when one was made. */
function withCpu(inv: Invocation, cpu: CpuChoice | undefined): Invocation {
  return cpu === undefined ? inv : { ...inv, cpu } as Invocation;
}

function parseEval(args: readonly string[], env: CpuEnv): Invocation {
  if (args.length === 0) return usage("`-e` needs CODE to run", "dl");
  const cpu = resolveCpuChoice({}, env);
  if (!cpu.ok) return usage(cpu.message, "dl");
  return withCpu({
    kind: "eval",
    code: args[0],
    args: args.slice(1),
    engine: DEFAULT_ENGINE,
  }, cpu.choice);
}

function parseCheck(args: readonly string[]): Invocation {
  const options = { json: { type: "boolean" }, ...HELP_OPTION } as const;
  const r = parseFlags(args, options, "check", true);
  if (!r.ok) return r.error;
  if (r.values.help) return { kind: "help", command: "check" };
  if (r.positionals.length === 0) {
    return usage("missing FILE to check", "check");
  }
  return { kind: "check", files: r.positionals, json: r.values.json === true };
}

function parseDisasm(args: readonly string[]): Invocation {
  const options = { raw: { type: "boolean" }, ...HELP_OPTION } as const;
  const r = parseFlags(args, options, "disasm", true);
  if (!r.ok) return r.error;
  if (r.values.help) return { kind: "help", command: "disasm" };
  if (r.positionals.length !== 1) {
    return usage("`dl disasm` takes one FILE", "disasm");
  }
  return { kind: "disasm", file: r.positionals[0], raw: r.values.raw === true };
}

function parseNoArgs(
  args: readonly string[],
  command: "version",
  _env: CpuEnv,
): Invocation {
  const r = parseFlags(args, HELP_OPTION, command, false);
  if (!r.ok) return r.error;
  if (r.values.help) return { kind: "help", command };
  return { kind: "version" };
}

function parseRepl(args: readonly string[], env: CpuEnv): Invocation {
  const options = { engine: { type: "string" }, ...HELP_OPTION } as const;
  const r = parseFlags(args, options, "repl", false);
  if (!r.ok) return r.error;
  if (r.values.help) return { kind: "help", command: "repl" };
  const engine = String(r.values.engine ?? DEFAULT_ENGINE);
  const bad = checkEngine(engine, "repl");
  if (bad) return bad;
  const cpu = resolveCpuChoice({}, env);
  if (!cpu.ok) return usage(cpu.message, "repl");
  return withCpu({ kind: "repl", engine }, cpu.choice);
}

function parseHelp(args: readonly string[]): Invocation {
  const r = parseFlags(args, HELP_OPTION, "help", true);
  if (!r.ok) return r.error;
  if (r.values.help) return { kind: "help", command: "help" };
  if (r.positionals.length > 1) return usage("too many arguments", "help");
  const topic = r.positionals[0];
  if (topic !== undefined && !isCommand(topic)) {
    return usage(`unknown command \`${topic}\``, "help");
  }
  return { kind: "help", command: topic };
}

/**
 * Parses the arguments after `dl` into what to do; `env` holds the
 * DL_BACKEND / DL_THREADS variables (flags override them).
 */
export function parseCommandLine(
  argv: readonly string[],
  env: CpuEnv = {},
): Invocation {
  const [first, ...rest] = argv;
  switch (first) {
    case undefined:
      return usage("no command given", "dl");
    case "-h":
    case "--help":
      return { kind: "help" };
    case "-V":
    case "--version":
      return { kind: "version" };
    case "-e":
    case "--eval":
      return parseEval(rest, env);
    case "run":
      return parseRun(rest, env);
    case "check":
      return parseCheck(rest);
    case "disasm":
      return parseDisasm(rest);
    case "repl":
      return parseRepl(rest, env);
    case "version":
      return parseNoArgs(rest, first, env);
    case "help":
      return parseHelp(rest);
  }
  if (first.endsWith(".dl") && !first.startsWith("-")) {
    return parseRun(argv, env);
  }
  if (first.startsWith("-")) return usage(`unknown flag \`${first}\``, "dl");
  return usage(`unknown command \`${first}\``, "dl");
}
