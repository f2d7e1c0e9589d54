// Tests the engine registry: names in step with engine_names.ts, and every
// registered engine runs a program.

import { deepStrictEqual, strictEqual } from "node:assert";
import { compileSource } from "../compiler/mod.ts";
import { makeSourceFile } from "../compiler/core/span.ts";
import { REGISTERED_ENGINES } from "./engine_names.ts";
import { availableEngines, ENGINES } from "./engines.ts";

Deno.test("engines: the registry matches REGISTERED_ENGINES", () => {
  deepStrictEqual(availableEngines(), [...REGISTERED_ENGINES]);
  strictEqual(availableEngines()[0], "interp");
});

Deno.test("engines: every registered engine prints the same output", () => {
  const src = "let x = 2\nprint(x * 21)\n";
  const c = compileSource(makeSourceFile("t.dl", src));
  if (c.checked === undefined) throw new Error("did not check");
  for (const name of availableEngines()) {
    let out = "";
    const r = ENGINES[name]!(c.checked, { stdout: (s) => out += s });
    deepStrictEqual(r, { ok: true }, name);
    strictEqual(out, "42\n", name);
  }
});
