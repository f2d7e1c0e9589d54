// Checks that every `case N: // NAME` of the dispatch loop names opcode N of
// compiler/bytecode/opcodes.ts, so the literal case numbers stay in step
// (and vm_arith.ts's family arithmetic).

import { ok, strictEqual } from "node:assert";
import { OPCODES } from "../compiler/bytecode/opcodes.ts";

Deno.test("dispatch: case numbers match the opcode table", () => {
  const src = Deno.readTextFileSync(
    new URL("./vm_dispatch.ts", import.meta.url),
  );
  const cases = [...src.matchAll(/case (\d+): (?:\{ )?\/\/ ([A-Z_]+)/g)];
  ok(cases.length > 40, `found ${cases.length} cases`);
  for (const [, n, name] of cases) {
    strictEqual(OPCODES[Number(n)]?.name, name, `case ${n}`);
  }
  const first = OPCODES.findIndex((o) => o.name === "ADD");
  ok(src.includes(`op >= ${first}`), "arithmetic starts at ADD");
  const arith = Deno.readTextFileSync(
    new URL("./vm_arith.ts", import.meta.url),
  );
  ok(arith.includes(`(op - ${first}) / 3`), "arith: families start at ADD");
  const jumps = OPCODES.findIndex((o) => o.name === "JEQ");
  ok(arith.includes(`op >= ${jumps}`), "fused jumps start at JEQ");
  const supers = OPCODES.findIndex((o) => o.name === "GETIDX");
  strictEqual(supers, jumps + 12, "superinstructions follow the fused jumps");
});

Deno.test("dispatch: the line bench/opcode_pairs.ts instruments is there", () => {
  const src = Deno.readTextFileSync(
    new URL("./vm_dispatch.ts", import.meta.url),
  );
  const bench = Deno.readTextFileSync(
    new URL("../bench/opcode_pairs.ts", import.meta.url),
  );
  const hook = bench.match(/const hook = "(.*)\\n";/)?.[1];
  ok(hook !== undefined, "opcode_pairs.ts names its hook");
  strictEqual(src.split(`${hook}\n`).length, 2, "the hook occurs once");
});
