// Help texts of the dl command line, one per command, and the short usage
// lines shown with usage errors.

/** The commands dl knows, with their one-line descriptions. */
export const COMMANDS: Readonly<Record<string, string>> = {
  run: "compile and run a program",
  check: "report compile errors without running",
  disasm: "print a program's VM bytecode",
  repl: "start an interactive session",
  version: "print the version",
  help: "print help for dl or one command",
};

/** One usage line per command, shown under usage errors. */
export const USAGE: Readonly<Record<string, string>> = {
  dl: "dl <command> [flags] [args...]   (dl -e CODE [args...])",
  run: "dl run [--engine NAME] FILE [args...]",
  check: "dl check [--json] FILE...",
  disasm: "dl disasm [--raw] FILE",
  repl: "dl repl [--engine NAME]",
  version: "dl version",
  help: "dl help [COMMAND]",
};

const MAIN_HELP = `dl — a language for tensors, autodiff and neural networks

Usage:
  dl run [flags] FILE [args...]   compile and run FILE; args go to args()
  dl check [--json] FILE...       report compile errors without running
  dl disasm [--raw] FILE          print the program's VM bytecode
  dl -e CODE [args...]            run CODE given on the command line
  dl repl                         start an interactive session
  dl version                      print the version (also --version)
  dl help [COMMAND]               print help (also --help, -h)

Exit status: 0 success, 1 runtime error, 2 compile error, 64 usage error.
Environment: NO_COLOR disables colours; DL_DEBUG, DL_DATA; DL_BACKEND and
DL_THREADS choose the CPU backend (as \`dl run --backend/--threads\`).
`;

const HELP: Readonly<Record<string, string>> = {
  run: `Usage: ${USAGE.run}

Compiles FILE and runs it. Arguments after FILE are passed to the program
(read them with args()); flags must come before FILE.

Flags:
  --engine NAME   the engine that runs the program: interp (the reference
                  tree-walker), vm (the register VM), jit (the VM with its
                  JavaScript tier; the default) or native
  --backend NAME  the CPU backend of matmul and conv: auto (default: native,
                  else wasm, else js, whichever starts), js, wasm or native;
                  also DL_BACKEND (the flag wins)
  --threads N     worker threads the backend may use (default: all cores);
                  also DL_THREADS
  -h, --help      print this help

Exit status: 0 success, 1 runtime error, 2 compile error, 64 usage error.
`,
  check: `Usage: ${USAGE.check}

Parses and type-checks each FILE without running it. Prints nothing and
exits 0 when all are clean; otherwise prints the diagnostics on stderr and
exits 2.

Flags:
  --json          print diagnostics on stdout, one JSON object per line
  -h, --help      print this help
`,
  repl: `Usage: ${USAGE.repl}

Reads dl statements and prints the value of each expression. Definitions
persist across inputs; an error does not end the session. Lines continue
while brackets are open or a line ends with an operator.

Commands inside the REPL:
  :help           show this help
  :quit           leave (Ctrl-D works too)

Ctrl-C drops a half-typed input; while code is running it ends the session.

Flags:
  --engine NAME   the engine running each input (as for \`dl run\`; default jit)
  -h, --help      print this help
`,
  disasm: `Usage: ${USAGE.disasm}

Compiles FILE and prints the register VM's bytecode of every module and
function: pc, source line:col, opcode and operands (rN registers, kN
constants, @N jump targets). With --raw, before the optimisation passes.
`,
  version: `Usage: ${USAGE.version}

Prints the versions of dl and of the Deno runtime it runs on.
`,
  help: `Usage: ${USAGE.help}

Prints help for dl, or for one command.
`,
};

/** Help text for a command, or the main help when `command` is omitted. */
export function helpText(command?: string): string {
  if (command === undefined) return MAIN_HELP;
  return HELP[command] ?? MAIN_HELP;
}

/** True if `name` is a dl command. */
export function isCommand(name: string): boolean {
  return Object.hasOwn(COMMANDS, name);
}
