// Runs the scalar programs (bench/scalar/*.dl) on the VM inside one process,
// N times each, and prints each run's time: separates the VM's steady state
// (later runs) from V8 warm-up and compile time (the first).
//
//   deno run -A bench/vm_programs.ts [--runs 3] [--programs fib,dot] [--no-opt]

import { parseArgs } from "node:util";
import { makeSourceFile } from "../compiler/core/span.ts";
import { compileSource } from "../compiler/mod.ts";
import { runVm } from "../vm/vm.ts";

const HERE = new URL("./scalar/", import.meta.url).pathname;
const ALL = ["seed_expr", "fib", "int_loop", "mandelbrot", "dot"];

const { values } = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "3" },
    programs: { type: "string", default: ALL.join(",") },
    "no-opt": { type: "boolean", default: false },
  },
});

for (const name of values.programs.split(",")) {
  const text = Deno.readTextFileSync(`${HERE}${name}.dl`);
  const compiled = compileSource(makeSourceFile(`${name}.dl`, text), {
    readFile: () => ({ error: "no imports" }),
  });
  if (compiled.checked === undefined) throw new Error(`${name}: no compile`);
  const times: string[] = [];
  let out = "";
  for (let i = 0; i < Number(values.runs); i++) {
    out = "";
    const t0 = performance.now();
    const r = runVm(compiled.checked, {
      stdout: (s) => (out += s),
      optimize: !values["no-opt"],
    });
    times.push((performance.now() - t0).toFixed(0));
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  }
  console.log(
    `${name.padEnd(11)} ${times.join(" ").padEnd(20)} ms  -> ${out.trim()}`,
  );
}
