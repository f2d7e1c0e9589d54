// Random well-typed dl programs for differential testing of the engines:
// program number i of seed s is a pure function of (s, i). Each program
// seeds the RNG, declares a few functions and models, then runs bounded
// top-level code that prints its intermediate values. Runtime errors
// (overflow, division by zero, indices out of range) may happen, and must
// happen identically on every engine.

import {
  genCounterModel,
  genFunction,
  genLinearModel,
  genMaker,
  genModelUse,
  genRecursive,
} from "./program_gen_decl.ts";
import { GenContext } from "./program_gen_context.ts";
import { genStmt } from "./program_gen_stmt.ts";
import { type GenNode, renderNodes } from "./program_gen_types.ts";
import { rngFor } from "./rng.ts";

/** A generated program: its statement tree (for shrinking) and its text. */
export interface GeneratedProgram {
  readonly nodes: GenNode[];
  readonly text: string;
}

/** Generates program number `index` of the run with `seed`. */
export function generateProgram(seed: number, index: number): GeneratedProgram {
  const ctx = new GenContext(rngFor(seed, index));
  const { rng } = ctx;
  const nodes: GenNode[] = [`seed(${rng.int(100)})`];
  for (let i = rng.range(0, 3); i > 0; i--) nodes.push(genFunction(ctx));
  if (rng.chance(0.4)) nodes.push(genRecursive(ctx));
  if (rng.chance(0.2)) nodes.push(genMaker(ctx));
  if (rng.chance(0.15)) nodes.push(genCounterModel(ctx));
  if (rng.chance(0.08)) nodes.push(genLinearModel(ctx));
  const n = rng.range(6, 18);
  for (let i = 0; i < n; i++) {
    const m = ctx.models.length > 0 && rng.chance(0.15);
    nodes.push(...(m ? genModelUse(ctx) : genStmt(ctx)));
  }
  return { nodes, text: renderNodes(nodes) };
}
