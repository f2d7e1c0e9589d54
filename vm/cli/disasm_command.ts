// `dl disasm FILE`: compiles a program and prints its VM bytecode (after
// the optimisation passes unless --raw), one listing per module.

import { disassemble } from "../../compiler/bytecode/disasm.ts";
import type { CheckedProgram } from "../../compiler/checker/mod.ts";
import { lowerProgram } from "../../compiler/ir/lower.ts";
import { optimizeProgram } from "../../compiler/passes/pipeline.ts";
import type { Console } from "./io.ts";
import { hasErrors, writeDiagnostics } from "./report.ts";
import type { Stages } from "./stages.ts";
import { EXIT } from "./status.ts";

/** Prints the bytecode of `opts.file`; returns the exit status. */
export async function disasmCommand(
  con: Console,
  stages: Stages,
  opts: { readonly file: string; readonly raw: boolean },
): Promise<number> {
  const compiled = await stages.compileFile(opts.file);
  writeDiagnostics(con, compiled.diagnostics);
  if (hasErrors(compiled.diagnostics) || compiled.checked === undefined) {
    return EXIT.compile;
  }
  let ir = lowerProgram(compiled.checked as CheckedProgram);
  if (!opts.raw) ir = optimizeProgram(ir, { release: true });
  for (const m of ir.modules) {
    con.stdout.write(`;; module ${m.path}\n${disassemble(m.body)}\n`);
  }
  return EXIT.ok;
}
