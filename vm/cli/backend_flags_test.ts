// Tests for --backend / --threads and DL_BACKEND / DL_THREADS: validation,
// flags over environment, and how `dl run`, `-e` and `repl` carry the choice.

import assert from "node:assert/strict";
import { resolveCpuChoice } from "./backend_flags.ts";
import { parseCommandLine } from "./command_line.ts";

Deno.test("nothing asked for gives no choice (auto, default threads)", () => {
  assert.deepEqual(resolveCpuChoice({}, {}), { ok: true });
  assert.deepEqual(resolveCpuChoice({}, { DL_BACKEND: "" }), { ok: true });
  const inv = parseCommandLine(["run", "p.dl"]);
  assert.equal(inv.kind === "run" && inv.cpu, undefined);
});

Deno.test("flags win over the environment", () => {
  const env = { DL_BACKEND: "wasm", DL_THREADS: "3" };
  assert.deepEqual(resolveCpuChoice({ backend: "js" }, env), {
    ok: true,
    choice: { backend: "js", threads: 3 },
  });
  assert.deepEqual(resolveCpuChoice({ threads: "8" }, env), {
    ok: true,
    choice: { backend: "wasm", threads: 8 },
  });
  assert.deepEqual(resolveCpuChoice({}, { DL_THREADS: "2" }), {
    ok: true,
    choice: { backend: "auto", threads: 2 },
  });
  const inv = parseCommandLine(
    ["run", "--backend", "native", "--threads", "4", "p.dl", "--threads"],
    env,
  );
  assert.deepEqual(inv, {
    kind: "run",
    file: "p.dl",
    args: ["--threads"],
    engine: "jit",
    cpu: { backend: "native", threads: 4 },
  });
});

Deno.test("bad backends and thread counts are usage errors", () => {
  const bad = (argv: string[], env = {}) => {
    const inv = parseCommandLine(argv, env);
    return inv.kind === "usage-error" ? inv.message : `no error: ${inv.kind}`;
  };
  assert.equal(
    bad(["run", "--backend", "cuda", "p.dl"]),
    "unknown backend `cuda` (choose one of: auto, js, wasm, native)",
  );
  assert.equal(
    bad(["run", "p.dl"], { DL_BACKEND: "gpu" }),
    "unknown backend `gpu` in DL_BACKEND (choose one of: auto, js, wasm, native)",
  );
  for (const t of ["0", "-1", "1.5", "x", "257", "1e2"]) {
    assert.match(
      bad(["run", `--threads=${t}`, "p.dl"]),
      /^--threads must be a whole number from 1 to 256/,
    );
  }
  assert.match(bad(["-e", "1"], { DL_THREADS: "0" }), /^DL_THREADS must be/);
  assert.match(bad(["repl"], { DL_BACKEND: "x" }), /unknown backend `x`/);
  assert.equal(bad(["run", "--backend"]), "flag `--backend` needs a value");
});

Deno.test("-e and repl take the choice from the environment", () => {
  const env = { DL_BACKEND: "js" };
  const e = parseCommandLine(["-e", "print(1)"], env);
  assert.deepEqual(e.kind === "eval" && e.cpu, {
    backend: "js",
    threads: null,
  });
  const r = parseCommandLine(["repl"], env);
  assert.deepEqual(r.kind === "repl" && r.cpu, {
    backend: "js",
    threads: null,
  });
});
