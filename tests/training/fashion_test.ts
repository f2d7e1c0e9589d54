// Training on Fashion-MNIST: one epoch of the MLP 784-128-10 (the benchmark
// program) reaches 83% test accuracy, examples/fashion_mnist.dl reaches 87%,
// and examples/fashion_cnn.dl runs on a small slice. The first two need the
// full data set (skipped with a printed reason without it; CI installs it).

import { ok, strictEqual } from "node:assert";
import { ROOT, spawnDl } from "../harness/spawn_dl.ts";
import { fashionMissing, numberAfter } from "./data.ts";

const skip = fashionMissing();
if (skip !== null) console.log(`tests/training: skipped: ${skip}`);

async function runIn(args: string[], timeoutMs: number) {
  const cwd = await Deno.makeTempDir({ prefix: "dl-training-" });
  try {
    return await spawnDl(args, { cwd, timeoutMs });
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
}

Deno.test({
  name: "training: one epoch of the MLP 784-128-10 reaches 83% test accuracy",
  ignore: skip !== null,
  async fn() {
    const r = await runIn([`${ROOT}/bench/programs/mlp_epoch.dl`], 300_000);
    strictEqual(r.code, 0, r.stderr);
    const acc = numberAfter(r.stdout, "test_accuracy");
    ok(acc >= 0.83, `test accuracy ${acc}`);
    ok(numberAfter(r.stdout, "loss") < 0.7, r.stdout);
  },
});

Deno.test({
  name: "training: the MLP epoch on the wasm backend (Wasm fused kernels)",
  ignore: skip !== null,
  async fn() {
    const r = await runIn([
      "run",
      "--backend",
      "wasm",
      "--threads",
      "2",
      `${ROOT}/bench/programs/mlp_epoch.dl`,
    ], 300_000);
    strictEqual(r.code, 0, r.stderr);
    const acc = numberAfter(r.stdout, "test_accuracy");
    ok(acc >= 0.83, `test accuracy ${acc}`);
    ok(numberAfter(r.stdout, "loss") < 0.7, r.stdout);
  },
});

Deno.test({
  name: "training: examples/fashion_mnist.dl reaches 87% test accuracy",
  ignore: skip !== null,
  async fn() {
    const r = await runIn(
      ["run", `${ROOT}/examples/fashion_mnist.dl`],
      400_000,
    );
    strictEqual(r.code, 0, r.stderr);
    const acc = numberAfter(r.stdout, "test accuracy");
    ok(acc >= 0.87, `test accuracy ${acc}\n${r.stdout}`);
    strictEqual(
      r.stderr.includes("uses the"),
      false,
      "fell back to the sample",
    );
  },
});

Deno.test("training: examples/fashion_cnn.dl trains on a small slice", async () => {
  const r = await runIn(
    ["run", `${ROOT}/examples/fashion_cnn.dl`, "320"],
    120_000,
  );
  strictEqual(r.code, 0, r.stderr);
  ok(/^trained on 320 images: loss [0-9.]+ seconds/m.test(r.stdout), r.stdout);
  const acc = numberAfter(r.stdout, "test accuracy");
  ok(acc > 0.2 && acc <= 1, `test accuracy ${acc}`);
  ok(/on 53 images$/m.test(r.stdout), r.stdout);
});

/**
 * The prefix that runs a command (after an empty folder) with
 * /usr/share/datasets hidden behind that folder, [] when there is nothing to
 * hide, or null when it cannot be hidden (no `unshare -m`).
 */
function hidingPrefix(): string[] | null {
  try {
    Deno.statSync("/usr/share/datasets");
  } catch (_) {
    return []; // nothing to hide: this is already a fresh machine
  }
  try {
    const probe = new Deno.Command("unshare", {
      args: ["-m", "true"],
      stdout: "null",
      stderr: "null",
    }).outputSync();
    if (probe.code !== 0) return null;
  } catch (_) {
    return null;
  }
  const script = 'mount --bind "$1" /usr/share/datasets && shift && exec "$@"';
  return ["unshare", "-m", "sh", "-c", script, "sh"];
}

const hiding = hidingPrefix();
if (hiding === null) {
  console.log(
    "tests/training: fallback test skipped: cannot hide /usr/share/datasets (unshare -m)",
  );
}

Deno.test({
  name: "training: the README's command falls back to the shipped sample",
  ignore: hiding === null,
  async fn() {
    const cwd = await Deno.makeTempDir({ prefix: "dl-fresh-" });
    try {
      const empty = hiding!.length > 0 ? [cwd] : [];
      const argv = [
        ...hiding!,
        ...empty,
        `${ROOT}/dl`,
        "run",
        `${ROOT}/examples/fashion_mnist.dl`,
      ];
      const out = await new Deno.Command(argv[0], {
        args: argv.slice(1),
        cwd,
        env: { NO_COLOR: "1", DL_DATA: "" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stdout = new TextDecoder().decode(out.stdout);
      const stderr = new TextDecoder().decode(out.stderr);
      strictEqual(out.code, 0, stderr);
      ok(/uses the 3000-image sample shipped with dl/.test(stderr), stderr);
      ok(/apt-get install dataset-fashion-mnist/.test(stderr), stderr);
      ok(numberAfter(stdout, "test accuracy") > 0.7, stdout);
    } finally {
      await Deno.remove(cwd, { recursive: true });
    }
  },
});
