// Test support for the VM's tests: compiles dl source text and runs it on the
// interpreter or the VM (optimised or not), returning stdout followed by the
// rendered runtime error, so engines can be compared as text.

import { compileSource } from "../compiler/mod.ts";
import { makeSourceFile } from "../compiler/core/span.ts";
import { renderDiagnostic } from "../compiler/core/diagnostics.ts";
import { runProgram, type RunResult } from "./interp.ts";
import { runVm } from "./vm.ts";

/** Compiles `src` (throwing on a compile error: a broken test) and runs it on `engine`. */
export function runOn(
  engine: "interp" | "vm" | "vm-noopt",
  src: string,
  limits: { maxSteps?: number; maxDepth?: number } = {},
): string {
  const c = compileSource(makeSourceFile("t.dl", src));
  if (c.checked === undefined) {
    throw new Error(c.diagnostics.map((d) => d.message).join("\n"));
  }
  let out = "";
  const opts = { stdout: (s: string) => out += s, ...limits };
  const r: RunResult = engine === "interp"
    ? runProgram(c.checked, opts)
    : runVm(c.checked, { ...opts, optimize: engine === "vm" });
  return r.ok ? out : `${out}\n${renderDiagnostic(r.error, { color: false })}`;
}
