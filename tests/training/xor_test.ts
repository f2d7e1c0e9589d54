// Training XOR with examples/xor.dl reaches accuracy 1.0 (fast, always run).

import { strictEqual } from "node:assert";
import { spawnDl } from "../harness/spawn_dl.ts";
import { numberAfter } from "./data.ts";

Deno.test("training: examples/xor.dl reaches accuracy 1.0", async () => {
  const r = await spawnDl(["run", "examples/xor.dl"]);
  strictEqual(r.code, 0, r.stderr);
  strictEqual(numberAfter(r.stdout, "accuracy"), 1);
  const losses = r.stdout.split("\n").filter((l) => l.startsWith("step "))
    .map((l) => Number(l.split(" ").at(-1)));
  strictEqual(losses.length, 4, r.stdout);
  strictEqual(losses[3] < losses[0] / 10, true, `losses ${losses}`);
});
