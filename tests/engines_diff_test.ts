// Differential test of the engines: 2,000 generated well-typed programs
// (tests/fuzz/program_gen.ts) run on every registered engine and the
// unoptimized VM, in workers; stdout and rendered errors must agree exactly.
// With only the interpreter registered, the cross-engine part is skipped and
// each program is instead run twice (the second pass in reverse order) to
// catch state leaking between runs. A mismatch is shrunk and printed.
// Reproduce with DL_DIFF_SEED=S (and DL_DIFF_ONLY=I); DL_DIFF_COUNT=N.

import { fail } from "node:assert";
import { generateProgram } from "./fuzz/program_gen.ts";
import type { DiffJob, DiffMessage } from "./fuzz/program_gen_diff_worker.ts";
import {
  compileGenerated,
  describeDifference,
  engineVariants,
  observe,
} from "./fuzz/program_gen_engines.ts";
import { shrinkProgram } from "./fuzz/program_gen_shrink.ts";

const COUNT = Number(Deno.env.get("DL_DIFF_COUNT") ?? 2_000);
const SEED = Number(Deno.env.get("DL_DIFF_SEED") ?? (Date.now() % 2 ** 31));
const ONLY = Deno.env.get("DL_DIFF_ONLY");
/** A program that takes longer than this is reported as a hang. */
const HANG_MS = 20_000;
const WORKERS = Math.max(1, Math.min(2, navigator.hardwareConcurrency));
const VARIANTS = engineVariants();

interface Failure {
  index: number;
  error: string;
}

function runWorker(
  job: DiffJob,
  onFailure: (f: Failure) => void,
): Promise<Record<string, number>> {
  const worker = new Worker(
    new URL("./fuzz/program_gen_diff_worker.ts", import.meta.url),
    { type: "module" },
  );
  return new Promise((resolve) => {
    let current = job.start;
    let last = performance.now();
    const finish = (tally: Record<string, number>) => {
      clearInterval(watchdog);
      worker.terminate();
      resolve(tally);
    };
    const watchdog = setInterval(() => {
      if (performance.now() - last < HANG_MS) return;
      onFailure({ index: current, error: `no answer after ${HANG_MS} ms` });
      finish({ hang: 1 });
    }, 500);
    worker.onerror = (e) => {
      e.preventDefault();
      onFailure({ index: current, error: `worker died: ${e.message}` });
      finish({ crash: 1 });
    };
    worker.onmessage = (e: MessageEvent<DiffMessage>) => {
      const m = e.data;
      last = performance.now();
      if (m.type === "progress") current = m.index;
      else if (m.type === "failure") onFailure(m);
      else finish(m.tally);
    };
    worker.postMessage(job);
  });
}

/** True when `text` checks and some engine's output differs from the first's. */
function disagrees(text: string): boolean {
  if (compileGenerated(text) === undefined) return false;
  const base = observe(VARIANTS[0], text);
  return VARIANTS.slice(1).some((v) => observe(v, text) !== base);
}

function report(f: Failure, mode: DiffJob["mode"]): string {
  const prog = generateProgram(SEED, f.index);
  let text = prog.text;
  if (mode === "cross" && disagrees(text)) {
    text = shrinkProgram(prog.nodes, disagrees);
    const base = { label: VARIANTS[0].label, text: observe(VARIANTS[0], text) };
    const diffs = VARIANTS.slice(1).map((v) =>
      describeDifference(base, { label: v.label, text: observe(v, text) })
    );
    return `program ${f.index}: ${f.error}\nshrunk to:\n${text}\n` +
      `after shrinking, ${diffs.join("\n")}`;
  }
  return `program ${f.index}: ${f.error}\n${text}`;
}

async function runAll(mode: DiffJob["mode"], count: number): Promise<void> {
  const start = ONLY === undefined ? 0 : Number(ONLY);
  const end = ONLY === undefined ? count : start + 1;
  const labels = VARIANTS.map((v) => v.label).join(", ");
  console.log(
    `diff seed ${SEED} (${mode}: ${labels}): programs ${start}..${end - 1}`,
  );
  const failures: Failure[] = [];
  const per = Math.ceil((end - start) / WORKERS);
  const tallies = await Promise.all(
    Array.from({ length: WORKERS }, (_, w) => {
      const s = start + w * per;
      const job = { seed: SEED, start: s, end: Math.min(end, s + per), mode };
      return s < end
        ? runWorker(job, (f) => failures.push(f))
        : Promise.resolve<Record<string, number>>({});
    }),
  );
  const tally: Record<string, number> = {};
  for (const t of tallies) {
    for (const [k, v] of Object.entries(t)) tally[k] = (tally[k] ?? 0) + v;
  }
  console.log(`diff outcomes: ${JSON.stringify(tally)}`);
  if (failures.length === 0) return;
  failures.sort((a, b) => a.index - b.index);
  fail(
    `${failures.length} program(s) disagree with seed ${SEED}; reproduce one ` +
      `with DL_DIFF_SEED=${SEED} DL_DIFF_ONLY=<program> ./test tests/engines_diff_test.ts\n\n` +
      failures.slice(0, 3).map((f) => report(f, mode)).join("\n\n"),
  );
}

Deno.test({
  name: `engines agree on ${COUNT} generated programs`,
  ignore: VARIANTS.length < 2,
  sanitizeResources: false,
  fn: () => runAll("cross", COUNT),
});

Deno.test({
  name: `${
    VARIANTS[0].label
  }: a second run of each generated program prints the same`,
  sanitizeResources: false,
  fn: () => runAll("leak", VARIANTS.length < 2 ? COUNT : Math.min(COUNT, 300)),
});
