// Counts dynamic opcode pairs (and single opcodes) over the scalar benchmark
// programs and the conformance suite: a counting build of the VM's dispatch
// loop (vm/vm_dispatch.ts with one counting call after each fetch, imports
// made absolute, loaded from a temp file) runs each program; prints the top
// pairs, from which superinstructions are chosen (docs/performance.md).
//
//   deno run -A bench/opcode_pairs.ts [--top 25] [--only bench|conformance]

import { parseArgs } from "node:util";
import { opcodeName } from "../compiler/bytecode/opcodes.ts";
import { compileFile } from "../compiler/mod.ts";
import { lowerProgram } from "../compiler/ir/lower.ts";
import { optimizeProgram } from "../compiler/passes/pipeline.ts";
import { makeGlobals } from "../vm/builtins/mod.ts";
import { InterpState } from "../vm/interp_state.ts";
import { VmState } from "../vm/vm_state.ts";
import { runModule } from "../vm/vm.ts";
import type { execute as dispatch } from "../vm/vm_dispatch.ts";

const ROOT = new URL("../", import.meta.url);
const { values } = parseArgs({
  args: Deno.args,
  options: {
    top: { type: "string", default: "25" },
    only: { type: "string", default: "" },
  },
});

/** The dispatch loop with a counting call after each fetch, as a module URL. */
async function countingExecute(): Promise<typeof dispatch> {
  const dir = new URL("vm/", ROOT);
  let src = Deno.readTextFileSync(new URL("vm_dispatch.ts", dir));
  src = src.replace(
    /from "(\.\.?\/[^"]+)"/g,
    (_, rel: string) => `from "${new URL(rel, dir).href}"`,
  );
  const hook = "      switch (op) {\n";
  if (!src.includes(hook)) throw new Error("dispatch switch not found");
  src = src.replace(
    hook,
    "      (globalThis as unknown as { __dlOp(o: number): void }).__dlOp(op);\n" +
      hook,
  );
  const tmp = Deno.makeTempFileSync({ suffix: ".ts" });
  Deno.writeTextFileSync(tmp, src);
  const mod = await import(`file://${tmp}`);
  return mod.execute;
}

const singles = new Map<number, number>();
const pairs = new Map<number, number>();
let prev = -1;
(globalThis as unknown as { __dlOp(o: number): void }).__dlOp = (op) => {
  singles.set(op, (singles.get(op) ?? 0) + 1);
  if (prev >= 0) {
    const k = prev * 1024 + op;
    pairs.set(k, (pairs.get(k) ?? 0) + 1);
  }
  prev = op;
};

function programs(): string[] {
  const out: string[] = [];
  if (values.only !== "conformance") {
    for (const p of ["seed_expr", "fib", "int_loop", "mandelbrot", "dot"]) {
      out.push(new URL(`bench/scalar/${p}.dl`, ROOT).pathname);
    }
  }
  if (values.only !== "bench") {
    const dir = new URL("tests/conformance/", ROOT).pathname;
    for (const s of [...Deno.readDirSync(dir)].map((e) => e.name).sort()) {
      for (
        const f of [...Deno.readDirSync(dir + s)].map((e) => e.name).sort()
      ) {
        if (f.endsWith(".dl")) out.push(`${dir}${s}/${f}`);
      }
    }
  }
  return out;
}

const execute = await countingExecute();
for (const path of programs()) {
  const c = compileFile(path);
  if (c.checked === undefined) continue;
  const globals = makeGlobals();
  const st = new InterpState(globals, () => {}, [], 1e9, 5000);
  const vm = new VmState(st, globals, 1e9, 5000);
  prev = -1;
  try {
    for (const m of optimizeProgram(lowerProgram(c.checked)).modules) {
      runModule(vm, m.path, m.body, execute);
    }
  } catch {
    // Programs that end in a runtime error still count up to it.
  }
}

const total = [...singles.values()].reduce((a, b) => a + b, 0);
const top = Number(values.top);
const pct = (n: number) => `${(100 * n / total).toFixed(2)}%`;
console.log(`| opcode | count | share |\n| --- | ---: | ---: |`);
for (const [op, n] of [...singles].sort((x, y) => y[1] - x[1]).slice(0, top)) {
  console.log(`| ${opcodeName(op)} | ${n} | ${pct(n)} |`);
}
console.log(`\n| pair | count | share |\n| --- | ---: | ---: |`);
for (const [k, n] of [...pairs].sort((x, y) => y[1] - x[1]).slice(0, top)) {
  console.log(
    `| ${opcodeName(Math.floor(k / 1024))} → ${opcodeName(k % 1024)} | ${n} | ${
      pct(n)
    } |`,
  );
}
console.log(`\n${total} instructions`);
