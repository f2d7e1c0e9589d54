// Generated well-typed programs as extra mutation material for the
// robustness fuzzer (tests/robustness_test.ts), so its mutations start from
// programs that reach deep into the checker and the engines.

import type { SeedProgram } from "./corpus.ts";
import { generateProgram } from "./program_gen.ts";

/** `count` generated programs of run `seed`, named `<generated:SEED:I>`. */
export function generatedSeeds(seed: number, count: number): SeedProgram[] {
  return Array.from({ length: count }, (_, i) => ({
    path: `<generated:${seed}:${i}>`,
    text: generateProgram(seed, i).text,
  }));
}
