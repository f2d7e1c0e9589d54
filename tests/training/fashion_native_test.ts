// Training on Fashion-MNIST with the native backend: one epoch of the MLP
// 784-128-10 (bench/programs/mlp_epoch.dl) with `--backend native` (native
// GEMM and fused element-wise kernels compiled through LLVM) reaches 83%
// test accuracy, and its fused kernels really ran natively (DL_DEBUG=1).
// Skips without the full data set or without clang.

import { ok, strictEqual } from "node:assert";
import { ROOT, spawnDl } from "../harness/spawn_dl.ts";
import { fashionMissing, numberAfter } from "./data.ts";
import { nativeSkipReason } from "../../kernels/runtime/native_test_helpers.ts";

const skip = fashionMissing() ?? nativeSkipReason();
if (skip !== null) console.log(`tests/training (native): skipped: ${skip}`);

Deno.test({
  name: "training (native backend): one MLP epoch reaches 83% test accuracy",
  ignore: skip !== null,
  async fn() {
    const cwd = await Deno.makeTempDir({ prefix: "dl-training-native-" });
    try {
      const r = await spawnDl(
        ["run", "--backend", "native", `${ROOT}/bench/programs/mlp_epoch.dl`],
        { cwd, timeoutMs: 300_000, env: { DL_DEBUG: "1" } },
      );
      strictEqual(r.code, 0, r.stderr);
      const acc = numberAfter(r.stdout, "test_accuracy");
      ok(acc >= 0.83, `test accuracy ${acc}`);
      ok(numberAfter(r.stdout, "loss") < 0.7, r.stdout);
      const m = /native kernels: (\d+) built or loaded/.exec(r.stderr);
      ok(m !== null && Number(m[1]) > 0, r.stderr);
    } finally {
      await Deno.remove(cwd, { recursive: true });
    }
  },
});
