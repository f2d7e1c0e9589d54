// Front-end throughput: lex, parse and check a generated 100,000-line
// program. `deno bench -A bench/frontend_bench.ts` gives times per phase; the
// lines/second figures (target: ≥ 500,000 for lex+parse+check), each the
// median of 11 runs, are printed once before the benches run.

import { makeSourceFile } from "../compiler/core/span.ts";
import { lexSource } from "../compiler/lexer.ts";
import { parseProgram } from "../compiler/parser.ts";
import { loadStages } from "../vm/cli/pipeline.ts";
import { generateProgram } from "./gen_program.ts";

const LINES = 100_000;
const text = generateProgram(LINES);
const file = makeSourceFile("bench.dl", text);
const lines = file.lineStarts.length;
const stages = await loadStages({ engine: "interp", run: false });

async function compile(): Promise<number> {
  const r = await stages.compileSource(file);
  return r.diagnostics.length;
}

const errors = await compile();
if (errors > 0) {
  const first = (await stages.compileSource(file)).diagnostics[0];
  throw new Error(`the generated program does not compile: ${first.message}`);
}

/** Lines per second over the median of 11 timed runs (after one warm-up). */
async function linesPerSecond(fn: () => unknown): Promise<string> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const secs = times[times.length >> 1] / 1000;
  return `${Math.round(lines / secs).toLocaleString("en-US")} lines/s`;
}

console.log(`front end on ${lines} lines:`);
console.log(
  `  lex:               ${await linesPerSecond(() => lexSource(file))}`,
);
console.log(
  `  lex+parse:         ${await linesPerSecond(() => parseProgram(file))}`,
);
console.log(`  lex+parse+check:   ${await linesPerSecond(compile)}`);

Deno.bench({
  name: `lex ${lines} lines`,
  group: "frontend",
  fn: () => {
    lexSource(file);
  },
});

Deno.bench({
  name: `lex+parse ${lines} lines`,
  group: "frontend",
  fn: () => {
    parseProgram(file);
  },
});

Deno.bench({
  name: `lex+parse+check ${lines} lines`,
  group: "frontend",
  baseline: true,
  fn: async () => {
    await compile();
  },
});
