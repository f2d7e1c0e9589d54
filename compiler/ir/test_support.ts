// Test helpers for the IR: compile dl source text to (optionally optimised)
// IR without touching the file system.

import { compileSource } from "../mod.ts";
import { makeSourceFile } from "../core/span.ts";
import type { IrProgram } from "./ir.ts";
import { lowerProgram } from "./lower.ts";

/** Lowers a one-module program given as text (fails the test on compile errors). */
export function lowerText(src: string, name = "t.dl"): IrProgram {
  const c = compileSource(makeSourceFile(name, src), {
    readFile: () => ({ error: "no imports in tests" }),
  });
  if (c.checked === undefined) {
    throw new Error(c.diagnostics.map((d) => d.message).join("\n"));
  }
  return lowerProgram(c.checked);
}
