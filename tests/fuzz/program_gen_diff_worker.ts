// A worker of the differential test: runs generated programs number
// start..end-1 on every engine variant and reports each disagreement (or, in
// `leak` mode with one engine, runs each program twice, the second pass in
// reverse order, and reports any output that changed between runs).

/// <reference lib="deno.worker" />

import { generateProgram } from "./program_gen.ts";
import {
  compileGenerated,
  describeDifference,
  engineVariants,
  observe,
} from "./program_gen_engines.ts";

/** The job a worker is given. */
export interface DiffJob {
  readonly seed: number;
  readonly start: number;
  readonly end: number;
  /** `cross`: compare engines; `leak`: compare two runs on the first engine. */
  readonly mode: "cross" | "leak";
}

/** Messages a worker sends back. */
export type DiffMessage =
  | { readonly type: "progress"; readonly index: number }
  | { readonly type: "failure"; readonly index: number; readonly error: string }
  | { readonly type: "done"; readonly tally: Record<string, number> };

self.onmessage = (e: MessageEvent<DiffJob>) => {
  const job = e.data;
  const variants = engineVariants();
  const tally: Record<string, number> = {};
  const post = (m: DiffMessage) => self.postMessage(m);
  const first = new Map<number, string>();
  for (let i = job.start; i < job.end; i++) {
    post({ type: "progress", index: i });
    const text = generateProgram(job.seed, i).text;
    if (compileGenerated(text) === undefined) {
      post({ type: "failure", index: i, error: "does not check" });
      continue;
    }
    const base = { label: variants[0].label, text: observe(variants[0], text) };
    const outcome = base.text.includes("\n<error>\n") ? "error" : "ok";
    tally[outcome] = (tally[outcome] ?? 0) + 1;
    if (job.mode === "leak") {
      first.set(i, base.text);
      continue;
    }
    for (const v of variants.slice(1)) {
      const other = { label: v.label, text: observe(v, text) };
      if (other.text !== base.text) {
        post({
          type: "failure",
          index: i,
          error: describeDifference(base, other),
        });
        break;
      }
    }
  }
  for (let i = job.end - 1; i >= job.start && job.mode === "leak"; i--) {
    post({ type: "progress", index: i });
    const before = first.get(i);
    if (before === undefined) continue;
    const again = observe(variants[0], generateProgram(job.seed, i).text);
    if (again !== before) {
      const error = describeDifference(
        { label: "first run", text: before },
        { label: "second run", text: again },
      );
      post({ type: "failure", index: i, error });
    }
  }
  post({ type: "done", tally });
};
