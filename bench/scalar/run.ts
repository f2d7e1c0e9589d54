// Runs the scalar programs (bench/scalar/*.dl) and their peers (CPython,
// Lua 5.4, hand-written JavaScript under Deno, and vm_floor.js: the least a
// VM hosted in JavaScript does) as whole processes, interleaved,
// N times each; subtracts each runtime's start-up (its empty program) and
// prints Markdown tables of median times and ratios. Times are CPU seconds
// (user + sys, to the microsecond from bench/scalar/cputime.c, else
// /usr/bin/time's hundredths) by default, since the development machine is
// shared; `--clock wall` uses elapsed time instead.
//
// C peers (bench/scalar/*.c, gcc -O2) run at the default sizes and, with
// --engines …,native, at C_SIZES against `dl run --engine native`; where
// PROGRAM_checked.c exists (fib), also the same C with dl's overflow checks.
//
//   deno run -A bench/scalar/run.ts [--runs 5] [--interp-runs 1]
//     [--engines interp,vm,jit,native] [--programs fib,dot] [--clock cpu|wall]
//     [--no-js] [--no-c]

import { parseArgs } from "node:util";

const HERE = new URL(".", import.meta.url).pathname;
const ROOT = new URL("../..", import.meta.url).pathname;
const PROGRAMS = ["seed_expr", "fib", "int_loop", "mandelbrot", "dot"];
/** Sizes (the value of `N`) at which hand-written JavaScript runs ~100 ms. */
const JS_SIZES: Record<string, string> = {
  seed_expr: "80_000_000",
  fib: "36",
  int_loop: "30_000_000",
  mandelbrot: "1600",
  dot: "10000",
};
/** Sizes at which the C peers run ~0.5 s (the native engine's comparison). */
const C_SIZES: Record<string, string> = {
  seed_expr: "300_000_000",
  fib: "41",
  int_loop: "300_000_000",
  mandelbrot: "3000",
  dot: "50000",
};
const EXT = { py: "py", lua: "lua", js: "js", dl: "dl", c: "c" } as const;
type Lang = keyof typeof EXT;

interface Runtime {
  readonly label: string;
  readonly lang: Lang;
  readonly argv: (file: string) => string[];
}

function python(): string {
  try {
    Deno.statSync("/usr/bin/python3");
    return "/usr/bin/python3";
  } catch {
    return "python3";
  }
}

const PY = python();
const PEERS: Runtime[] = [
  { label: "CPython", lang: "py", argv: (f) => [PY, f] },
  { label: "Lua 5.4", lang: "lua", argv: (f) => ["lua5.4", f] },
];
/**
 * vm_floor.js: the least a register VM hosted in JavaScript does to run each
 * program (no tags, no checks); its column bounds what `dl vm` can reach.
 */
const FLOOR: Runtime = {
  label: "VM floor",
  lang: "js",
  argv: (f) => [
    Deno.execPath(),
    "run",
    "--quiet",
    "--no-config",
    `${HERE}vm_floor.js`,
    f.slice(f.lastIndexOf("/") + 1).replace(/\.js$/, ""),
  ],
};
const JS: Runtime = {
  label: "JS (Deno)",
  lang: "js",
  argv: (f) => [Deno.execPath(), "run", "--quiet", "--no-config", f],
};

function dlEngine(engine: string): Runtime {
  return {
    label: `dl ${engine}`,
    lang: "dl",
    argv: (f) => [`${ROOT}dl`, "run", "--engine", engine, f],
  };
}

interface Sample {
  readonly seconds: number;
  readonly stdout: string;
}

/**
 * The timer: bench/scalar/cputime.c built with gcc (microseconds), else
 * /usr/bin/time (hundredths of a second). Both write "wall user sys".
 */
let timer: (out: string) => string[] = (out) => [
  "/usr/bin/time",
  "-f",
  "%e %U %S",
  "-o",
  out,
];

async function buildTimer(dir: string): Promise<void> {
  const bin = `${dir}/cputime`;
  try {
    const r = await new Deno.Command("gcc", {
      args: ["-O2", "-o", bin, `${HERE}cputime.c`],
      stderr: "piped",
    }).output();
    if (r.success) timer = (out) => [bin, out];
  } catch (_) {
    // No gcc: keep /usr/bin/time.
  }
}

async function measure(argv: string[], clock: string): Promise<Sample> {
  const timing = await Deno.makeTempFile();
  const [cmd, ...args] = [...timer(timing), ...argv];
  const out = await new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const [wall, user, sys] = (await Deno.readTextFile(timing)).trim().split(
    "\n",
  ).pop()!.split(" ").map(Number);
  await Deno.remove(timing);
  const stdout = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).slice(0, 400);
    throw new Error(`${argv.join(" ")} failed:\n${err}`);
  }
  return { seconds: clock === "wall" ? wall : user + sys, stdout };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A copy of `program` in `lang` with its first `N = …` set to `size`. */
async function sized(
  dir: string,
  program: string,
  lang: Lang,
  size: string,
): Promise<string> {
  const text = await Deno.readTextFile(`${HERE}${program}.${EXT[lang]}`);
  const n = lang === "lua" || lang === "c" ? size.replaceAll("_", "") : size;
  const path = `${dir}/${program}_${n}.${EXT[lang]}`;
  await Deno.writeTextFile(path, text.replace(/\bN = [\d_]+/, `N = ${n}`));
  return path;
}

/** True when `path` names a file. */
async function exists(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/** Builds bench/scalar/PROGRAM.c at `size` with gcc -O2; the binary's path. */
async function buildC(
  dir: string,
  program: string,
  size: string,
): Promise<string> {
  const src = await sized(dir, program, "c", size);
  const bin = src.replace(/\.c$/, "");
  const r = await new Deno.Command("gcc", {
    args: ["-O2", "-o", bin, src],
    stderr: "piped",
  }).output();
  if (!r.success) throw new Error(new TextDecoder().decode(r.stderr));
  return bin;
}

async function engineWorks(engine: string): Promise<boolean> {
  const r = await new Deno.Command(`${ROOT}dl`, {
    args: ["run", "--engine", engine, `${HERE}empty.dl`],
    stdout: "null",
    stderr: "null",
  }).output();
  return r.success;
}

interface Job {
  readonly key: string;
  readonly argv: string[];
}

const fmt = (s: number | undefined) =>
  s === undefined
    ? "—"
    : s < 1
    ? `${(s * 1000).toFixed(0)} ms`
    : `${s.toFixed(2)} s`;
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b <= 0 ? "—" : `${(a / b).toFixed(2)}x`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      runs: { type: "string", default: "5" },
      "interp-runs": { type: "string" },
      engines: { type: "string", default: "interp,vm,jit" },
      programs: { type: "string", default: PROGRAMS.join(",") },
      clock: { type: "string", default: "cpu" },
      "no-js": { type: "boolean", default: false },
      "no-c": { type: "boolean", default: false },
    },
  });
  const runs = Number(values.runs);
  const interpRuns = Number(values["interp-runs"] ?? runs);
  const programs = values.programs.split(",");
  const engines: string[] = [];
  for (const e of values.engines.split(",")) {
    if (await engineWorks(e)) engines.push(e);
  }
  const dls = engines.map(dlEngine);
  const dir = await Deno.makeTempDir({ prefix: "dl-scalar-" });
  await buildTimer(dir);
  const jobs: Job[] = [];
  for (const rt of [...PEERS, FLOOR, JS, ...dls]) {
    jobs.push({
      key: `start|${rt.label}`,
      argv: rt.argv(`${HERE}empty.${EXT[rt.lang]}`),
    });
  }
  for (const p of programs) {
    for (const rt of [...PEERS, FLOOR, ...dls]) {
      jobs.push({
        key: `${p}|${rt.label}`,
        argv: rt.argv(`${HERE}${p}.${EXT[rt.lang]}`),
      });
    }
    if (values["no-js"]) continue;
    for (const rt of [JS, ...dls.filter((d) => d.label === "dl jit")]) {
      const f = await sized(dir, p, rt.lang, JS_SIZES[p]);
      jobs.push({ key: `${p}|js-size|${rt.label}`, argv: rt.argv(f) });
    }
  }
  const C = "C (gcc -O2)";
  // PROGRAM_checked.c: the same C with dl's overflow checks on its additions.
  const CHECKED = "C checked";
  const withC = !values["no-c"];
  if (withC) {
    jobs.push({ key: `start|${C}`, argv: [await buildC(dir, "empty", "0")] });
    for (const p of programs) {
      const text = await Deno.readTextFile(`${HERE}${p}.c`);
      const size = /\bN = (\d+)/.exec(text)?.[1] ?? "0";
      jobs.push({ key: `${p}|${C}`, argv: [await buildC(dir, p, size)] });
      if (!engines.includes("native")) continue;
      const big = C_SIZES[p];
      jobs.push({ key: `${p}|c-size|${C}`, argv: [await buildC(dir, p, big)] });
      if (await exists(`${HERE}${p}_checked.c`)) {
        const bin = await buildC(dir, `${p}_checked`, big);
        jobs.push({ key: `${p}|c-size|${CHECKED}`, argv: [bin] });
      }
      const f = await sized(dir, p, "dl", big);
      jobs.push({
        key: `${p}|c-size|dl native`,
        argv: dlEngine("native").argv(f),
      });
    }
  }
  const samples = new Map<string, number[]>();
  const outputs = new Map<string, string>();
  for (let r = 0; r < runs; r++) {
    for (const j of jobs) {
      if (r >= interpRuns && j.key.endsWith("|dl interp")) continue;
      try {
        const s = await measure(j.argv, values.clock);
        samples.set(j.key, [...samples.get(j.key) ?? [], s.seconds]);
        outputs.set(j.key, s.stdout);
      } catch (e) {
        // A failing engine leaves its cell empty instead of ending the run.
        console.error(`${j.key}: ${e instanceof Error ? e.message : e}`);
      }
    }
    console.error(`round ${r + 1}/${runs} done`);
  }
  await Deno.remove(dir, { recursive: true });
  const med = (key: string) => {
    const xs = samples.get(key);
    return xs === undefined ? undefined : median(xs);
  };
  const start = (label: string) => med(`start|${label}`) ?? 0;
  const net = (p: string, label: string, js: boolean | string = false) => {
    const size = js === true ? "js-size|" : js === false ? "" : `${js}|`;
    const m = med(`${p}|${size}${label}`);
    return m === undefined ? undefined : Math.max(0, m - start(label));
  };
  for (const p of programs) {
    const outs = new Set(dls.map((d) => outputs.get(`${p}|${d.label}`)));
    if (outs.size > 1) console.log(`WARNING: dl engines disagree on ${p}`);
    const floor = outputs.get(`${p}|${FLOOR.label}`);
    if (outs.size > 0 && floor !== undefined && !outs.has(floor)) {
      console.log(`WARNING: the VM floor's result differs from dl's on ${p}`);
    }
  }
  const clock = values.clock === "wall" ? "wall-clock" : "CPU (user + sys)";
  const of = interpRuns < runs ? ` (interp: ${interpRuns})` : "";
  console.log(
    `\n${clock} seconds, median of ${runs}${of}, start-up subtracted\n`,
  );
  const table = [...PEERS, FLOOR, ...dls];
  const cols = table.map((r) => r.label);
  console.log(
    `| program | ${
      cols.join(" | ")
    } | vm : CPython | vm : Lua | floor : CPython | floor : Lua |`,
  );
  console.log(`| --- |${" ---: |".repeat(cols.length + 4)}`);
  for (const p of programs) {
    const cells = table.map((r) => fmt(net(p, r.label)));
    const vm = net(p, "dl vm"), floor = net(p, FLOOR.label);
    const py = net(p, "CPython"), lua = net(p, "Lua 5.4");
    console.log(
      `| ${p} | ${cells.join(" | ")} | ${ratio(vm, py)} | ${ratio(vm, lua)} | ${
        ratio(floor, py)
      } | ${ratio(floor, lua)} |`,
    );
  }
  if (withC) {
    console.log(`\n| program | ${C} | dl vm | vm : C |`);
    console.log(`| --- | ---: | ---: | ---: |`);
    for (const p of programs) {
      const c = net(p, C), vm = net(p, "dl vm");
      console.log(`| ${p} | ${fmt(c)} | ${fmt(vm)} | ${ratio(vm, c)} |`);
    }
  }
  if (withC && engines.includes("native")) {
    console.log(
      `\n| program (C size) | N | ${C} | dl native | native : C | ${CHECKED} | native : ${CHECKED} |`,
    );
    console.log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: |`);
    for (const p of programs) {
      const c = net(p, C, "c-size"), nat = net(p, "dl native", "c-size");
      const k = net(p, CHECKED, "c-size");
      console.log(
        `| ${p} | ${C_SIZES[p]} | ${fmt(c)} | ${fmt(nat)} | ${
          ratio(nat, c)
        } | ${k === undefined ? "" : fmt(k)} | ${
          k === undefined ? "" : ratio(nat, k)
        } |`,
      );
    }
  }
  const starts = [
    ...[...PEERS, FLOOR, JS, ...dls].map((r) => r.label),
    ...(withC ? [C] : []),
  ].map((l) => `${l} ${fmt(start(l))}`);
  console.log(`\nStart-up (empty program): ${starts.join(", ")}`);
  if (!values["no-js"]) {
    console.log(`\n| program (JS size) | N | JS (Deno) | dl jit | jit : JS |`);
    console.log(`| --- | ---: | ---: | ---: | ---: |`);
    for (const p of programs) {
      const js = net(p, JS.label, true);
      const jit = net(p, "dl jit", true);
      console.log(
        `| ${p} | ${JS_SIZES[p]} | ${fmt(js)} | ${fmt(jit)} | ${
          ratio(jit, js)
        } |`,
      );
    }
  }
  if (programs.includes("seed_expr")) {
    const i = net("seed_expr", "dl interp");
    const v = net("seed_expr", "dl vm");
    const j = net("seed_expr", "dl jit");
    console.log(
      `\nSeed expression, interp : vm : jit = ${fmt(i)} : ${fmt(v)} : ${
        fmt(j)
      }` +
        ` (vm ${ratio(i, v)} faster than interp, jit ${ratio(i, j)};` +
        ` the seed system's VM was 1.49x faster than its tree-walker)`,
    );
  }
}

await main();
