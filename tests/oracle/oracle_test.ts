// Gradients against PyTorch: every tests/oracle/cases/NAME.dl writes its
// weights, inputs, gradients and outputs as safetensors; oracle.py recomputes
// them in PyTorch (f32) and reports the relative error of each tensor, which
// must be within 1e-4. Every registered engine runs the cases. Skipped when
// /usr/bin/python3 has no torch.

import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { REGISTERED_ENGINES } from "../../vm/engine_names.ts";
import { mapPool, ROOT, spawnDl } from "../harness/spawn_dl.ts";
import { noteSkip, runPython, torchMissing } from "./python.ts";

const HERE = `${ROOT}/tests/oracle`;
const skip = torchMissing();
noteSkip("tests/oracle", skip);

interface CaseReport {
  ok: boolean;
  max_rel: number | null;
  tensors: Record<string, number | null>;
  problems: string[];
}

interface Report {
  torch: string;
  tol: number;
  cases: Record<string, CaseReport>;
}

function caseNames(): string[] {
  return [...Deno.readDirSync(`${HERE}/cases`)]
    .filter((e) => e.isFile && e.name.endsWith(".dl"))
    .map((e) => e.name.slice(0, -3))
    .sort();
}

async function runCases(
  dir: string,
  engine: string,
  names: string[],
): Promise<void> {
  await Promise.all(mapPool(names, 2, async (name) => {
    await Deno.mkdir(`${dir}/${name}`, { recursive: true });
    const r = await spawnDl([
      "run",
      "--engine",
      engine,
      `${HERE}/cases/${name}.dl`,
      `${dir}/${name}`,
    ]);
    strictEqual(r.code, 0, `${engine}: ${name}.dl failed: ${r.stderr}`);
  }));
}

async function oracle(dir: string, names: string[]): Promise<Report> {
  const r = await runPython([`${HERE}/oracle.py`, dir, ...names]);
  strictEqual(r.code, 0, `oracle.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Report;
}

Deno.test({
  name: "oracle: gradients, losses and optimizer steps match PyTorch (1e-4)",
  ignore: skip !== null,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "dl-oracle-" });
    try {
      const names = caseNames();
      ok(names.length >= 10, `only ${names.length} cases`);
      for (const engine of REGISTERED_ENGINES) {
        await runCases(`${dir}/${engine}`, engine, names);
        const report = await oracle(`${dir}/${engine}`, names);
        strictEqual(report.tol, 1e-4);
        deepStrictEqual(Object.keys(report.cases).sort(), names);
        for (const name of names) {
          await t.step(`${engine}: ${name}`, () => {
            const c = report.cases[name];
            ok(c.ok, `${engine}: ${name}: ${c.problems.join("; ")}`);
            ok(Object.keys(c.tensors).length > 0, `${name}: nothing compared`);
          });
        }
      }
      // The oracle can fail: weights passed off as gradients are caught.
      const one = `${dir}/${REGISTERED_ENGINES[0]}`;
      await Deno.copyFile(
        `${one}/mlp_ce/w.safetensors`,
        `${one}/mlp_ce/g.safetensors`,
      );
      const bad = (await oracle(one, ["mlp_ce"])).cases.mlp_ce;
      strictEqual(bad.ok, false);
      ok(
        bad.problems.some((p) => p.startsWith("g.fc1.weight")),
        bad.problems.join("; "),
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
