// Tests for dl's command-line parsing.

import { deepStrictEqual, strictEqual } from "node:assert";
import {
  type Invocation,
  parseCommandLine,
  splitAtProgram,
} from "./command_line.ts";

function kind(argv: string[]): string {
  return parseCommandLine(argv).kind;
}

function usageMessage(argv: string[]): string {
  const inv = parseCommandLine(argv);
  return inv.kind === "usage-error"
    ? inv.message
    : `(not an error: ${inv.kind})`;
}

Deno.test("run takes flags before FILE and passes the rest to the program", () => {
  deepStrictEqual(parseCommandLine(["run", "p.dl", "--lr", "0.1", "-x"]), {
    kind: "run",
    file: "p.dl",
    args: ["--lr", "0.1", "-x"],
    engine: "jit",
  });
  const withEngine = parseCommandLine([
    "run",
    "--engine",
    "interp",
    "p.dl",
    "a",
  ]);
  deepStrictEqual(withEngine, {
    kind: "run",
    file: "p.dl",
    args: ["a"],
    engine: "interp",
  });
  const eq = parseCommandLine(["run", "--engine=interp", "--", "-weird.dl"]);
  strictEqual(eq.kind === "run" && eq.file, "-weird.dl");
  strictEqual(kind(["prog.dl", "x"]), "run");
});

Deno.test("usage errors name the problem", () => {
  strictEqual(usageMessage([]), "no command given");
  strictEqual(usageMessage(["frobnicate"]), "unknown command `frobnicate`");
  strictEqual(usageMessage(["--frob"]), "unknown flag `--frob`");
  strictEqual(usageMessage(["run"]), "missing FILE to run");
  strictEqual(
    usageMessage(["run", "--bogus", "p.dl"]),
    "unknown flag `--bogus` for `dl run`",
  );
  strictEqual(
    usageMessage(["run", "--engine", "warp", "p.dl"]),
    "unknown engine `warp` (available: interp, vm, jit, native)",
  );
  strictEqual(
    usageMessage(["run", "--engine"]),
    "flag `--engine` needs a value",
  );
  strictEqual(usageMessage(["check"]), "missing FILE to check");
  strictEqual(
    usageMessage(["check", "--json=yes", "a.dl"]),
    "flag `--json` does not take a value",
  );
  strictEqual(usageMessage(["repl", "extra"]), "`dl repl` takes no arguments");
  strictEqual(usageMessage(["help", "nope"]), "unknown command `nope`");
  strictEqual(usageMessage(["-e"]), "`-e` needs CODE to run");
});

Deno.test("check, eval, repl, version and help", () => {
  deepStrictEqual(parseCommandLine(["check", "a.dl", "--json", "b.dl"]), {
    kind: "check",
    files: ["a.dl", "b.dl"],
    json: true,
  });
  deepStrictEqual(parseCommandLine(["-e", "print(1)", "x"]), {
    kind: "eval",
    code: "print(1)",
    args: ["x"],
    engine: "jit",
  });
  strictEqual(kind(["repl"]), "repl");
  deepStrictEqual(parseCommandLine(["repl"]), { kind: "repl", engine: "jit" });
  deepStrictEqual(parseCommandLine(["repl", "--engine", "interp"]), {
    kind: "repl",
    engine: "interp",
  });
  strictEqual(
    usageMessage(["repl", "--engine", "warp"]),
    "unknown engine `warp` (available: interp, vm, jit, native)",
  );
  strictEqual(kind(["version"]), "version");
  strictEqual(kind(["--version"]), "version");
  const helps: [string[], string | undefined][] = [
    [["--help"], undefined],
    [["-h"], undefined],
    [["help"], undefined],
    [["help", "run"], "run"],
    [["run", "--help"], "run"],
    [["check", "-h", "x.dl"], "check"],
    [["repl", "--help"], "repl"],
    [["version", "--help"], "version"],
  ];
  for (const [argv, command] of helps) {
    const inv: Invocation = parseCommandLine(argv);
    strictEqual(inv.kind, "help", argv.join(" "));
    strictEqual(inv.kind === "help" && inv.command, command, argv.join(" "));
  }
});

Deno.test("splitAtProgram stops at the first positional", () => {
  deepStrictEqual(
    splitAtProgram(["--engine", "x.dl", "y.dl", "-z"], ["--engine"]),
    {
      flags: ["--engine", "x.dl"],
      file: "y.dl",
      rest: ["-z"],
    },
  );
  deepStrictEqual(splitAtProgram(["-h"], []), { flags: ["-h"], rest: [] });
  deepStrictEqual(splitAtProgram(["-", "a"], []), {
    flags: [],
    file: "-",
    rest: ["a"],
  });
});
