// THE pass order: every IR optimisation runs from here, in this order, on
// every function of a program.

import type { IrFn, IrProgram } from "../ir/ir.ts";
import { propagateCopies } from "./copy_prop.ts";
import { eliminateDeadCode } from "./dce.ts";
import { eliminateCommonSubexpressions } from "./cse.ts";
import { coalesceMoves } from "./coalesce.ts";
import { foldConstants } from "./fold.ts";
import { hoistInvariants } from "./licm.ts";
import { reduceStrength } from "./strength.ts";
import { optimizeJumps } from "./jumps.ts";
import { releaseDeadRegisters } from "./release.ts";
import { sinkCallees } from "./sink.ts";

/** One pass: rewrites a function's code in place. */
export type Pass = (fn: IrFn) => void;

/** The passes, in order. */
export const PASSES: readonly { name: string; run: Pass }[] = [
  { name: "fold", run: foldConstants },
  { name: "strength", run: reduceStrength },
  { name: "copy-prop", run: propagateCopies },
  { name: "dce", run: eliminateDeadCode },
  { name: "jumps", run: optimizeJumps },
  { name: "cse", run: eliminateCommonSubexpressions },
  { name: "licm", run: hoistInvariants },
  { name: "copy-prop", run: propagateCopies },
  { name: "coalesce", run: coalesceMoves },
  { name: "dce", run: eliminateDeadCode },
  { name: "sink", run: sinkCallees },
];

/** Runs every pass on `fn` and the functions nested in it. */
export function optimizeFn(fn: IrFn, seen = new Set<IrFn>()): void {
  if (seen.has(fn)) return;
  seen.add(fn);
  for (const p of PASSES) p.run(fn);
  for (const k of fn.consts) if (k.kind === "fn") optimizeFn(k.fn, seen);
}

/** How a program's modules are optimised beyond PASSES. */
export interface ProgramOptions {
  /**
   * Release module-frame values after their last use (release.ts). Programs
   * want it; a REPL session must not (it reads its chunk's registers after
   * the chunk has run).
   */
  readonly release?: boolean;
}

/** Optimises every module of a program (in place; returns it). */
export function optimizeProgram(
  p: IrProgram,
  opts: ProgramOptions = {},
): IrProgram {
  const seen = new Set<IrFn>();
  for (const m of p.modules) {
    optimizeFn(m.body, seen);
    if (opts.release === true) releaseDeadRegisters(m.body);
  }
  return p;
}
