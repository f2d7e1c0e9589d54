// Runs every tests/conformance/**/*.dl through `./dl run` as a user would,
// once per engine, and compares stdout, stderr and the exit status exactly
// with NAME.out / NAME.err / NAME.code. One test step per program. Arguments
// after `--` (deno test … -- s03 match) keep only paths containing one.

import { fail } from "node:assert";
import {
  type ConformanceCase,
  findConformanceCases,
} from "./harness/conformance_cases.ts";
import { type DlResult, mapPool, ROOT, spawnDl } from "./harness/spawn_dl.ts";
import { textDiff } from "./harness/text_diff.ts";
import { nativeTierUnavailable } from "../vm/tier_native.ts";

/** The engines checked here: each must pass every program before it is listed. */
const nativeWhy = nativeTierUnavailable();
if (nativeWhy !== null) {
  console.log(`conformance: engine native skipped: ${nativeWhy}`);
}
const ENGINES: readonly string[] = [
  "interp",
  "vm",
  "jit",
  ...(nativeWhy === null ? ["native"] : []),
];

const PARALLEL = Math.max(2, Math.min(8, navigator.hardwareConcurrency * 2));

/** Everything wrong with one result, or an empty list. */
function compare(c: ConformanceCase, r: DlResult): string[] {
  const problems: string[] = [];
  if (r.timedOut) problems.push("timed out (killed after 60 s)");
  if (r.stderr.includes("internal error")) {
    problems.push("dl reported an internal error (a bug in dl)");
  }
  if (r.code !== c.code) {
    problems.push(`exit status: expected ${c.code}, got ${r.code}`);
  }
  const out = textDiff(c.stdout, r.stdout);
  if (out) problems.push(`stdout differs:\n${out}`);
  const err = textDiff(c.stderr, r.stderr);
  if (err) problems.push(`stderr differs:\n${err}`);
  return problems;
}

const cases = await findConformanceCases(ROOT, "tests/conformance", Deno.args);

for (const engine of ENGINES) {
  Deno.test({
    name: `conformance (${engine}): ${cases.length} programs`,
    ignore: cases.length === 0,
    async fn(t) {
      const results = mapPool(
        cases,
        PARALLEL,
        (c) => spawnDl(["run", "--engine", engine, c.path, ...c.args]),
      );
      // Settle every promise, so a failing step leaves none dangling.
      results.forEach((p) => p.catch(() => {}));
      for (let i = 0; i < cases.length; i++) {
        const c = cases[i];
        await t.step(c.path, async () => {
          const problems = compare(c, await results[i]);
          if (problems.length > 0) {
            fail(`${c.path}\n${problems.join("\n")}`);
          }
        });
      }
    },
  });
}
