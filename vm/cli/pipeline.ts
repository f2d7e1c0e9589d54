// Binds the CLI's Stages and ReplSession to the real compiler and engine:
// compiler/mod.ts (load, parse, check) and vm/interp.ts (the reference
// interpreter). Loaded lazily by the commands that need them.

import type { Stmt } from "../../compiler/ast.ts";
import { makeDiagnostic } from "../../compiler/core/diagnostics.ts";
import { makeSourceFile, type SourceFile } from "../../compiler/core/span.ts";
import { parseProgram } from "../../compiler/parser.ts";
import {
  createInterpSession,
  formatValue,
  type RunnableProgram,
  runProgram,
} from "../interp.ts";
import { DlTuple } from "../values.ts";
import type {
  CompileOutput,
  ReplOutcome,
  ReplSession,
  Stages,
} from "./stages.ts";

/** Which engine runs programs, and its limits. */
export interface StageOptions {
  readonly engine: string;
  /** False for `dl check`, which never runs anything. */
  readonly run: boolean;
  /** Step budget (the fuzzer uses a small one); unlimited by default. */
  readonly maxSteps?: number;
}

function compileText(file: SourceFile): CompileOutput {
  const parsed = parseProgram(file);
  const checked: RunnableProgram = { modules: [{ program: parsed.program }] };
  return { checked, diagnostics: parsed.diagnostics };
}

async function compilePath(path: string): Promise<CompileOutput> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    const why = err instanceof Deno.errors.NotFound
      ? "no such file"
      : err instanceof Error
      ? err.message
      : String(err);
    return { diagnostics: [makeDiagnostic("E0501", undefined, [path, why])] };
  }
  return compileText(makeSourceFile(path, text));
}

/** The stages for `dl run`, `dl -e` and `dl check`. */
export function loadStages(opts: StageOptions): Promise<Stages> {
  return Promise.resolve({
    compileFile: compilePath,
    compileSource: (file) => Promise.resolve(compileText(file)),
    run: (checked, runOpts) =>
      Promise.resolve(runProgram(checked as RunnableProgram, {
        stdout: runOpts.stdout,
        args: runOpts.args,
        maxSteps: opts.maxSteps,
      })),
  });
}

function isUnit(v: unknown): boolean {
  return v instanceof DlTuple && v.items.length === 0;
}

function endsWithExpression(body: readonly Stmt[]): boolean {
  return body.length > 0 && body[body.length - 1].kind === "ExprStmt";
}

/** A REPL session over the checker's and the interpreter's sessions. */
export function createReplSession(
  opts: { readonly engine: string; readonly stdout: (text: string) => void },
): Promise<ReplSession> {
  const interp = createInterpSession({ stdout: opts.stdout });
  return Promise.resolve({
    evaluate(file: SourceFile): Promise<ReplOutcome> {
      const parsed = parseProgram(file);
      if (parsed.diagnostics.some((d) => d.severity === "error")) {
        return Promise.resolve({ ok: false, diagnostics: parsed.diagnostics });
      }
      const r = interp.run(parsed.program);
      if (!r.ok) return Promise.resolve({ ok: false, diagnostics: [r.error] });
      const show = endsWithExpression(parsed.program.body) && !isUnit(r.value);
      return Promise.resolve({
        ok: true,
        display: show ? formatValue(r.value) : undefined,
      });
    },
  });
}
