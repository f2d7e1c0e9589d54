// Tests of the program generator: its programs check cleanly and
// deterministically, and the shrinker keeps what a failure needs.

import { equal, fail, ok } from "node:assert";
import { makeSourceFile } from "../../compiler/core/span.ts";
import { renderDiagnostic } from "../../compiler/core/diagnostics.ts";
import { compileSource } from "../../compiler/mod.ts";
import { runProgram } from "../../vm/interp.ts";
import { generateProgram } from "./program_gen.ts";
import {
  describeDifference,
  type EngineVariant,
  engineVariants,
  observe,
} from "./program_gen_engines.ts";
import { shrinkProgram } from "./program_gen_shrink.ts";

const SEED = Number(Deno.env.get("DL_DIFF_SEED") ?? (Date.now() % 2 ** 31));

function compiles(text: string): boolean {
  return compileSource(makeSourceFile("<gen>", text)).checked !== undefined;
}

Deno.test(`program_gen: 500 programs of seed ${SEED} check cleanly`, () => {
  for (let i = 0; i < 500; i++) {
    const { text } = generateProgram(SEED, i);
    const r = compileSource(makeSourceFile(`<gen ${i}>`, text));
    if (r.checked === undefined) {
      const shown = r.diagnostics.map((d) =>
        renderDiagnostic(d, { color: false })
      );
      fail(
        `DL_DIFF_SEED=${SEED}: program ${i} does not check:\n${text}\n${
          shown.join("\n")
        }`,
      );
    }
  }
});

Deno.test("program_gen: the same seed and index give the same program", () => {
  for (let i = 0; i < 20; i++) {
    equal(generateProgram(7, i).text, generateProgram(7, i).text);
  }
  ok(generateProgram(7, 0).text !== generateProgram(8, 0).text);
});

Deno.test("program_gen: programs run to an end and print", () => {
  let printed = 0;
  for (let i = 0; i < 60; i++) {
    const r = compileSource(
      makeSourceFile("<gen>", generateProgram(11, i).text),
    );
    if (r.checked === undefined) fail(`program ${i} of seed 11 does not check`);
    let out = "";
    const run = runProgram(r.checked, {
      stdout: (s) => out += s,
      maxSteps: 1_000_000,
    });
    ok(run.ok || run.error.code !== "R0013", `program ${i} ran too long`);
    if (out.length > 0) printed++;
  }
  ok(printed >= 50, `only ${printed} of 60 programs printed anything`);
});

Deno.test("program_gen: the shrinker keeps only what the predicate needs", () => {
  const prog = generateProgram(5, 3);
  const top = prog.nodes.filter((n): n is string =>
    typeof n === "string" && n.startsWith("print(")
  );
  ok(top.length > 0);
  const needle = top[top.length - 1];
  const small = shrinkProgram(
    prog.nodes,
    (t) => t.includes(needle) && compiles(t),
  );
  ok(small.includes(needle));
  ok(compiles(small));
  const lines = small.trim().split("\n");
  ok(
    lines.length < prog.text.trim().split("\n").length,
    `not smaller:\n${small}`,
  );
  // Minimal: dropping any one remaining line breaks the predicate.
  for (let i = 0; i < lines.length; i++) {
    const without = [...lines.slice(0, i), ...lines.slice(i + 1)].join("\n");
    if (without.includes(needle) && compiles(without)) {
      // Only lines inside blocks (whose removal unbalances braces) may stay.
      ok(/[{}]/.test(lines[i]), `line ${i} was not needed:\n${small}`);
    }
  }
});

Deno.test("program_gen: a planted engine difference is found and shrunk", () => {
  const real = engineVariants()[0];
  const planted: EngineVariant = {
    label: "planted",
    run: (c, o) =>
      real.run(c, { ...o, stdout: (s) => o.stdout(s.replaceAll("7", "8")) }),
  };
  const differs = (t: string) =>
    compiles(t) && observe(real, t) !== observe(planted, t);
  let index = 0;
  while (index < 50 && !differs(generateProgram(13, index).text)) index++;
  ok(index < 50, "no program printed a 7");
  const prog = generateProgram(13, index);
  const small = shrinkProgram(prog.nodes, differs);
  ok(differs(small));
  ok(small.length < prog.text.length, `not smaller:\n${small}`);
  const d = describeDifference(
    { label: "interp", text: observe(real, small) },
    { label: "planted", text: observe(planted, small) },
  );
  ok(d.includes("first difference at output line"), d);
  ok(d.includes("planted: "), d);
});
