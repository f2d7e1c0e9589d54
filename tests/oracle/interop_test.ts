// Safetensors between dl and PyTorch both ways: PyTorch's state_dict (Linear
// [out, in], Conv2d [out, in, k, k], LayerNorm names) and tensors of f64, i32,
// bool and special f32 values load into dl with the same values, and what dl
// saves loads into the same torch module (load_state_dict, strict) and
// computes the same output. Skipped when /usr/bin/python3 has no torch.

import { ok, strictEqual } from "node:assert";
import { ROOT, spawnDl } from "../harness/spawn_dl.ts";
import { noteSkip, runPython, torchMissing } from "./python.ts";

const HERE = `${ROOT}/tests/oracle`;
const skip = torchMissing();
noteSkip("tests/oracle interop", skip);

const EXPECTED = `max diff true
tensor([   1.5,  -2.25, 1e-300], dtype=f64, shape=[3])
tensor([[          1,          -2],
        [ 2147483647, -2147483648]], dtype=i32, shape=[2, 2])
tensor([    0.1,    -0.0,     inf,    -inf, 3.4e+38], dtype=f32, shape=[5])
tensor([true, false], dtype=bool, shape=[2])
`;

Deno.test({
  name: "interop: safetensors from PyTorch load in dl and the other way round",
  ignore: skip !== null,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "dl-interop-" });
    try {
      const exp = await runPython([`${HERE}/interop.py`, "export", dir]);
      strictEqual(exp.code, 0, exp.stderr);
      const r = await spawnDl(["run", `${HERE}/interop/roundtrip.dl`, dir]);
      strictEqual(r.code, 0, r.stderr);
      strictEqual(r.stdout, EXPECTED);
      const check = await runPython([`${HERE}/interop.py`, "check", dir]);
      strictEqual(check.code, 0, check.stderr);
      const report = JSON.parse(check.stdout) as {
        ok: boolean;
        problems: string[];
        errors: Record<string, number>;
      };
      ok(report.ok, report.problems.join("; "));
      ok(report.errors.dl_weights_in_torch < 1e-5);
      ok(report.errors.torch_weights_in_dl < 1e-5);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
