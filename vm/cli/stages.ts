// The narrow view of the compiler and the engines that the CLI commands use.
// pipeline.ts implements it over compiler/mod.ts and vm/interp.ts (loaded
// lazily); tests implement it with fakes.

import type { Diagnostic } from "../../compiler/core/diagnostics.ts";
import type { SourceFile } from "../../compiler/core/span.ts";

/** What compiling a program produced: a checked program when it is clean. */
export interface CompileOutput {
  /** The checked program (opaque to the CLI); absent after errors. */
  readonly checked?: unknown;
  readonly diagnostics: readonly Diagnostic[];
}

/** How a run ended. */
export type RunOutcome = { readonly ok: true } | {
  readonly ok: false;
  readonly error: Diagnostic;
};

/** Options for running a checked program. */
export interface RunOptions {
  /** Receives the program's stdout text. */
  readonly stdout: (text: string) => void;
  /** The program's command-line arguments (`args()`). */
  readonly args: readonly string[];
}

/** Which engine runs programs, and its limits. */
export interface StageOptions {
  readonly engine: string;
  /** False for `dl check`, which never runs anything. */
  readonly run: boolean;
  /** Step budget (the fuzzer uses a small one); unlimited by default. */
  readonly maxSteps?: number;
}

/** Compile and run, as `dl run` / `dl check` / `dl -e` need them. */
export interface Stages {
  /** Loads, parses and checks a program file and its imports. */
  compileFile(path: string): Promise<CompileOutput>;
  /** Parses and checks source text already in memory. */
  compileSource(file: SourceFile): Promise<CompileOutput>;
  /** Runs a checked program with the engine chosen by `--engine`. */
  run(checked: unknown, opts: RunOptions): Promise<RunOutcome>;
}

/** One REPL input's result. */
export type ReplOutcome =
  | {
    readonly ok: true;
    /** The value of a final expression statement, formatted; absent for unit. */
    readonly display?: string;
  }
  | {
    readonly ok: false;
    readonly diagnostics: readonly Diagnostic[];
  };

/** A REPL session: names and values persist from one input to the next. */
export interface ReplSession {
  /** Checks and runs one input; output goes to the session's stdout. */
  evaluate(file: SourceFile): Promise<ReplOutcome>;
}
