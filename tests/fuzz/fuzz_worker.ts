// A worker that fuzzes one range of input indices (every fifth also through
// the REPL): it reports each index before trying it (so the parent can name
// an input that hangs), every exception that escapes dl, and a tally.

/// <reference lib="deno.worker" />

import { makeCorpus, type SeedProgram } from "./corpus.ts";
import { fuzzReplTarget, fuzzTarget } from "./target.ts";

/** The job a worker is given. */
export interface FuzzJob {
  readonly seed: number;
  readonly start: number;
  readonly end: number;
  readonly programs: readonly SeedProgram[];
}

/** Messages a worker sends back. */
export type FuzzMessage =
  | { readonly type: "progress"; readonly index: number }
  | {
    readonly type: "failure";
    readonly index: number;
    readonly error: string;
  }
  | { readonly type: "done"; readonly tally: Record<string, number> };

/** Every REPL_EVERY-th input also goes through a REPL session, line by line. */
const REPL_EVERY = 5;

function describe(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

self.onmessage = async (e: MessageEvent<FuzzJob>) => {
  const job = e.data;
  const corpus = makeCorpus({ seed: job.seed, programs: job.programs });
  const tally: Record<string, number> = {};
  const post = (m: FuzzMessage) => self.postMessage(m);
  for (let i = job.start; i < job.end; i++) {
    post({ type: "progress", index: i });
    const input = corpus(i);
    try {
      const outcome = await fuzzTarget(input.text);
      tally[outcome] = (tally[outcome] ?? 0) + 1;
      if (i % REPL_EVERY === 0 && input.text.length < 10_000) {
        await fuzzReplTarget(input.text);
        tally.repl = (tally.repl ?? 0) + 1;
      }
    } catch (err) {
      tally.failure = (tally.failure ?? 0) + 1;
      post({ type: "failure", index: i, error: describe(err) });
    }
  }
  post({ type: "done", tally });
};
