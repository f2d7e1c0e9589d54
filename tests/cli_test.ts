// The dl command as a user meets it: the launcher, every command, exit
// statuses, usage errors, stdout/stderr routing, the REPL on piped input, and
// a sample of the fuzz corpus through the real process (never exit 70).

import { deepStrictEqual, match, strictEqual } from "node:assert";
import { makeCorpus } from "./fuzz/corpus.ts";
import { type DlResult, mapPool, ROOT, spawnDl } from "./harness/spawn_dl.ts";

const tmp = await Deno.makeTempDir({ prefix: "dl-cli-test-" });
addEventListener("unload", () => Deno.removeSync(tmp, { recursive: true }));

async function program(name: string, text: string): Promise<string> {
  const path = `${tmp}/${name}`;
  await Deno.writeTextFile(path, text);
  return path;
}

function expectResult(r: DlResult, code: number, stdout?: string): void {
  strictEqual(r.code, code, `exit status (stderr: ${r.stderr})`);
  if (stdout !== undefined) strictEqual(r.stdout, stdout);
  strictEqual(r.stderr.includes("internal error"), false, r.stderr);
}

Deno.test("version, help and --help on every command", async () => {
  const [v1, v2, help, runHelp, checkHelp, helpRepl] = await Promise.all([
    spawnDl(["version"]),
    spawnDl(["--version"]),
    spawnDl(["--help"]),
    spawnDl(["run", "--help"]),
    spawnDl(["check", "--help"]),
    spawnDl(["help", "repl"]),
  ]);
  expectResult(v1, 0);
  match(v1.stdout, /^dl \d+\.\d+\.\d+ \(deno 2\.9\.\d+/);
  strictEqual(v2.stdout, v1.stdout);
  expectResult(help, 0);
  match(help.stdout, /dl run \[flags\] FILE/);
  match(runHelp.stdout, /^Usage: dl run/);
  match(checkHelp.stdout, /--json/);
  match(helpRepl.stdout, /:quit/);
});

Deno.test("usage errors exit 64 with a hint on stderr", async () => {
  const cases: [string[], RegExp][] = [
    [[], /no command given/],
    [["frobnicate"], /unknown command `frobnicate`/],
    [["run"], /missing FILE to run/],
    [["run", "--engine", "warp", "x.dl"], /unknown engine `warp`/],
    [["check", "--nope", "x.dl"], /unknown flag `--nope`/],
  ];
  const results = await Promise.all(cases.map(([argv]) => spawnDl(argv)));
  results.forEach((r, i) => {
    strictEqual(r.code, 64, cases[i][0].join(" "));
    strictEqual(r.stdout, "");
    match(r.stderr, cases[i][1]);
    match(r.stderr, /usage: dl/);
  });
});

Deno.test("run: output, args, runtime errors and compile errors", async () => {
  const ok = await program("ok.dl", 'print("hi", 1 + 2)\nprint(args())\n');
  const rt = await program(
    "rt.dl",
    'print("before")\nlet z = 0\nassert(z > 1, "boom")\n',
  );
  const ce = await program("ce.dl", "print(1 +)\n");
  const [a, b, c, d] = await Promise.all([
    spawnDl(["run", ok, "x", "--flag"]),
    spawnDl(["run", rt]),
    spawnDl(["run", ce]),
    spawnDl([ok]),
  ]);
  expectResult(a, 0, 'hi 3\n["x", "--flag"]\n');
  strictEqual(a.stderr, "");
  expectResult(b, 1, "before\n");
  match(b.stderr, /^error: assertion failed: boom\n --> .*rt\.dl:3:1\n/);
  match(b.stderr, /stack:\n {2}at <main>/);
  expectResult(c, 2, "");
  match(c.stderr, /^error: .*\n --> .*ce\.dl:1:/);
  expectResult(d, 0, "hi 3\n[]\n");
});

Deno.test("a missing program file is a compile error, not a crash", async () => {
  const r = await spawnDl(["run", `${tmp}/does_not_exist.dl`]);
  expectResult(r, 2, "");
  match(r.stderr, /^error: cannot read `.*does_not_exist\.dl`/);
  strictEqual(r.stderr.includes("    at "), false, "no JS stack trace");
});

Deno.test("-e runs inline code, shown as <-e>", async () => {
  const [ok, bad] = await Promise.all([
    spawnDl(["-e", "print(6 * 7)"]),
    spawnDl(["-e", "print(nope)"]),
  ]);
  expectResult(ok, 0, "42\n");
  expectResult(bad, 2, "");
  match(bad.stderr, / --> <-e>:1:7/);
});

Deno.test("check: silent when clean, diagnostics or JSON lines when not", async () => {
  const clean = await program("clean.dl", "let x = 1\nprint(x)\n");
  const dirty = await program("dirty.dl", "print(y)\nprint(1 +)\n");
  const [a, b, c] = await Promise.all([
    spawnDl(["check", clean]),
    spawnDl(["check", dirty]),
    spawnDl(["check", "--json", dirty]),
  ]);
  deepStrictEqual([a.code, a.stdout, a.stderr], [0, "", ""]);
  expectResult(b, 2, "");
  match(b.stderr, /^error: /);
  expectResult(c, 2);
  const lines = c.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
  strictEqual(lines.length >= 1, true);
  strictEqual(lines.every((d) => d.file.endsWith("dirty.dl")), true);
  strictEqual(c.stderr, "");
});

Deno.test("no colours when stderr is not a terminal", async () => {
  const r = await spawnDl(["-e", "print(nope)"], { env: { NO_COLOR: "" } });
  strictEqual(r.stderr.includes("\x1b["), false);
});

Deno.test("large output is complete and in order", async () => {
  const r = await spawnDl(["-e", "for i in 0..20000 { print(i) }"]);
  expectResult(r, 0);
  const lines = r.stdout.split("\n");
  strictEqual(lines.length, 20001);
  strictEqual(lines[19999], "19999");
});

Deno.test("repl on piped input prints expression values and survives errors", async () => {
  const r = await spawnDl(["repl"], {
    stdin:
      "let x = 2\nx * 3\nprint(nope)\nfn f(a) {\n  a + x\n}\nf(10)\n:quit\nx\n",
  });
  expectResult(r, 0, "6\n12\n");
  match(r.stderr, /cannot find `nope`/);
});

Deno.test("repl imports a module once and keeps its names, on every engine", async () => {
  await Deno.writeTextFile(
    `${tmp}/repl_lib.dl`,
    'var hits = 0\nfn hit() { hits += 1; hits }\nlet name = "lib"\n',
  );
  for (const engine of [[], ["--engine", "interp"], ["--engine", "vm"]]) {
    const r = await spawnDl(["repl", ...engine], {
      stdin:
        'import "repl_lib.dl"\nhit()\nname\nfn twice() { hit(); hit() }\n' +
        'twice()\nhits = 100\nimport "repl_lib.dl"\nhit()\n',
      cwd: tmp,
    });
    expectResult(r, 0, "1\nlib\n3\n101\n");
  }
});

Deno.test("a sample of the fuzz corpus never makes the process fail with exit 70", async () => {
  const corpus = makeCorpus({ seed: 7, programs: [] });
  const inputs = Array.from({ length: 24 }, (_, i) => corpus(i * 37 + 100));
  const results = await Promise.all(
    mapPool(
      inputs,
      4,
      (input) => spawnDl(["run", "-"], { stdin: input.text, cwd: tmp }),
    ),
  );
  results.forEach((r, i) => {
    const what = `${inputs[i].origin}: ${JSON.stringify(inputs[i].text)}`;
    strictEqual(
      [0, 1, 2].includes(r.code),
      true,
      `exit ${r.code} for ${what}\n${r.stderr}`,
    );
    strictEqual(r.stderr.includes("internal error"), false, what);
  });
});

Deno.test("the launcher works from another directory and via a symlink", async () => {
  const link = `${tmp}/dl-link`;
  await Deno.symlink(`${ROOT}/dl`, link);
  const out = await new Deno.Command(link, {
    args: ["-e", "print(1)"],
    cwd: tmp,
  }).output();
  strictEqual(out.code, 0);
  strictEqual(new TextDecoder().decode(out.stdout), "1\n");
});

Deno.test("the examples and the README's tour run cleanly", async () => {
  const readme = await Deno.readTextFile(`${ROOT}/README.md`);
  const tour = /```dl\n([\s\S]*?)```/.exec(readme)?.[1];
  strictEqual(typeof tour, "string", "README.md has a ```dl block");
  const tourPath = await program("readme_tour.dl", tour ?? "");
  // The quick examples (the training ones take minutes and draw progress bars).
  const examples = ["hello", "tour", "fizzbuzz"].map((n) => `examples/${n}.dl`);
  const paths = [tourPath, ...examples];
  const results = await Promise.all(paths.map((p) => spawnDl(["run", p])));
  results.forEach((r, i) => {
    strictEqual(r.code, 0, `${paths[i]}: ${r.stderr}`);
    strictEqual(r.stderr, "", paths[i]);
    strictEqual(r.stdout.length > 0, true, paths[i]);
  });
});
