// Checks that every `case N: // NAME` of the dispatch loop names opcode N of
// compiler/bytecode/opcodes.ts, so the literal case numbers stay in step.

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
  const jumps = OPCODES.findIndex((o) => o.name === "JEQ");
  ok(src.includes(`op >= ${jumps}`), "fused jumps start at JEQ");
});
