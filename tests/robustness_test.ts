// Robustness: 20,000 generated inputs (random bytes, random tokens, mutated
// valid programs, pathological nesting) go through compile and, when clean, a
// short run, in workers. Each must end in diagnostics or a result: an
// escaping exception or an input that hangs fails the test, naming the seed
// and the input. Reproduce with DL_FUZZ_SEED=S (and DL_FUZZ_ONLY=I).

import { fail } from "node:assert";
import { BUILTIN_SEEDS, makeCorpus, type SeedProgram } from "./fuzz/corpus.ts";
import type { FuzzJob, FuzzMessage } from "./fuzz/fuzz_worker.ts";
import { generatedSeeds } from "./fuzz/program_gen_seeds.ts";
import { findConformanceCases } from "./harness/conformance_cases.ts";
import { ROOT } from "./harness/spawn_dl.ts";

const COUNT = Number(Deno.env.get("DL_FUZZ_COUNT") ?? 20_000);
const SEED = Number(Deno.env.get("DL_FUZZ_SEED") ?? (Date.now() % 2 ** 31));
const ONLY = Deno.env.get("DL_FUZZ_ONLY");
/** An input that takes longer than this is reported as a hang. */
const HANG_MS = 20_000;
const WORKERS = Math.max(1, Math.min(2, navigator.hardwareConcurrency));

async function seedPrograms(): Promise<SeedProgram[]> {
  const cases = await findConformanceCases(ROOT, "tests/conformance");
  const paths = cases.map((c) => c.path);
  try {
    for await (const e of Deno.readDir(`${ROOT}/examples`)) {
      if (e.isFile && e.name.endsWith(".dl")) paths.push(`examples/${e.name}`);
    }
  } catch (_) {
    // no examples yet
  }
  const programs = await Promise.all(
    paths.sort().map(async (path) => ({
      path,
      text: await Deno.readTextFile(`${ROOT}/${path}`),
    })),
  );
  return [...programs, ...BUILTIN_SEEDS, ...generatedSeeds(SEED, 30)];
}

interface Failure {
  index: number;
  error: string;
}

function runWorker(
  job: FuzzJob,
  onFailure: (f: Failure) => void,
): Promise<Record<string, number>> {
  const worker = new Worker(new URL("./fuzz/fuzz_worker.ts", import.meta.url), {
    type: "module",
  });
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
      onFailure({
        index: current,
        error: `no answer after ${HANG_MS} ms (hang)`,
      });
      finish({ hang: 1 });
    }, 500);
    worker.onerror = (e) => {
      e.preventDefault();
      onFailure({ index: current, error: `worker died: ${e.message}` });
      finish({ crash: 1 });
    };
    worker.onmessage = (e: MessageEvent<FuzzMessage>) => {
      const m = e.data;
      last = performance.now();
      if (m.type === "progress") current = m.index;
      else if (m.type === "failure") onFailure(m);
      else finish(m.tally);
    };
    worker.postMessage(job);
  });
}

function showInput(text: string): string {
  const shown = text.length > 1500
    ? text.slice(0, 1500) + `… (${text.length} characters in all)`
    : text;
  return JSON.stringify(shown);
}

Deno.test({
  name: `robustness: ${COUNT} fuzzed inputs never crash or hang dl`,
  // The workers hold no resources the sanitizers should track across tests.
  sanitizeResources: false,
  async fn() {
    const programs = await seedPrograms();
    const corpus = makeCorpus({ seed: SEED, programs });
    const start = ONLY === undefined ? 0 : Number(ONLY);
    const end = ONLY === undefined ? COUNT : start + 1;
    console.log(
      `fuzz seed ${SEED}: inputs ${start}..${end - 1}, ${WORKERS} workers`,
    );
    const failures: Failure[] = [];
    const per = Math.ceil((end - start) / WORKERS);
    const tallies = await Promise.all(
      Array.from({ length: WORKERS }, (_, w) => {
        const s = start + w * per;
        const job = {
          seed: SEED,
          start: s,
          end: Math.min(end, s + per),
          programs,
        };
        return runWorker(job, (f) => failures.push(f));
      }),
    );
    const tally: Record<string, number> = {};
    for (const t of tallies) {
      for (const [k, v] of Object.entries(t)) tally[k] = (tally[k] ?? 0) + v;
    }
    console.log(`fuzz outcomes: ${JSON.stringify(tally)}`);
    if (failures.length === 0) return;
    const report = failures.slice(0, 10).map((f) => {
      const input = corpus(f.index);
      return `input ${f.index} (${input.origin}): ${
        showInput(input.text)
      }\n${f.error}`;
    });
    fail(
      `${failures.length} fuzz failure(s) with seed ${SEED}; reproduce one with ` +
        `DL_FUZZ_SEED=${SEED} DL_FUZZ_ONLY=<input> ./test tests/robustness_test.ts\n\n` +
        report.join("\n\n"),
    );
  },
});
