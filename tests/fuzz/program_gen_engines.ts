// What the differential test runs each generated program on: every
// registered engine (vm/engines.ts), plus the VM without optimizations when
// the VM is registered (RunOptions `optimize: false`), the jit compiling at
// once (`threshold: 0`) when it is registered, and how one run's
// observable result (stdout and the rendered error) is captured.

import type { CheckedProgram } from "../../compiler/checker/mod.ts";
import { renderDiagnostic } from "../../compiler/core/diagnostics.ts";
import { makeSourceFile } from "../../compiler/core/span.ts";
import { compileSource } from "../../compiler/mod.ts";
import {
  availableEngines,
  type Engine,
  ENGINES,
  type RunOptions,
} from "../../vm/engines.ts";
import { nativeTierUnavailable } from "../../vm/tier_native.ts";

/** One way of running a program, with a label for reports. */
export interface EngineVariant {
  readonly label: string;
  readonly run: Engine;
}

/** Every registered engine, and the unoptimized VM when there is a VM. */
export function engineVariants(): EngineVariant[] {
  const out: EngineVariant[] = [];
  for (const name of availableEngines()) {
    const run = ENGINES[name];
    if (run === undefined) continue;
    if (name === "native" && nativeTierUnavailable() !== null) continue;
    out.push({ label: name, run });
    if (name === "vm") {
      const opts = { optimize: false };
      out.push({
        label: "vm (optimize: false)",
        run: (c, o) => run(c, { ...o, ...opts } as RunOptions),
      });
    }
    if (name === "jit") {
      // Compile at the first call / back edge, so the tier really runs.
      const opts = { threshold: 0 };
      out.push({
        label: "jit (threshold 0)",
        run: (c, o) => run(c, { ...o, ...opts } as RunOptions),
      });
    }
  }
  return out;
}

/** Compiles a generated program; undefined when it does not check. */
export function compileGenerated(
  text: string,
  name = "gen.dl",
): CheckedProgram | undefined {
  return compileSource(makeSourceFile(name, text)).checked;
}

/**
 * Compiles `text` afresh (an engine may cache code on the checked program)
 * and runs it on one engine: its stdout, then its error as `dl` renders it.
 */
export function observe(variant: EngineVariant, text: string): string {
  const checked = compileGenerated(text);
  if (checked === undefined) return "<does not check>";
  let out = "";
  let r;
  try {
    r = variant.run(checked, { stdout: (s) => out += s, args: [] });
  } catch (e) {
    return `${out}\n<uncaught exception: ${
      e instanceof Error ? e.message : e
    }>`;
  }
  if (r.ok) return out;
  return `${out}\n<error>\n${renderDiagnostic(r.error, { color: false })}`;
}

/** The first line where two observations differ, shown side by side. */
export function describeDifference(
  a: { label: string; text: string },
  b: { label: string; text: string },
): string {
  const la = a.text.split("\n");
  const lb = b.text.split("\n");
  let i = 0;
  while (i < la.length && i < lb.length && la[i] === lb[i]) i++;
  return `first difference at output line ${i + 1}:\n` +
    `  ${a.label}: ${JSON.stringify(la[i] ?? "<end>")}\n` +
    `  ${b.label}: ${JSON.stringify(lb[i] ?? "<end>")}`;
}
