// openHelper where dl may not load native code (the launcher's wasm and js
// backends grant no FFI): it gives null without looking for clang, since the
// probe spawns a process inside the first training step.

import assert from "node:assert/strict";

const HERE = new URL(".", import.meta.url).href;

Deno.test("native helpers: without FFI permission, null and no clang probe", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "dl-helper-noffi-" });
  try {
    const script = `${dir}/probe.ts`;
    Deno.writeTextFileSync(
      script,
      `import { nativeAdam } from "${HERE}../nn/adam_native.ts";\n` +
        `import { TOOLCHAIN_STATS } from "${HERE}native_toolchain.ts";\n` +
        `const fn = nativeAdam();\n` +
        `console.log(JSON.stringify({ nul: fn === null, ...TOOLCHAIN_STATS }));\n`,
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "--no-config",
        "--no-lock",
        "--no-prompt",
        "--allow-read",
        "--allow-env",
        "--allow-run",
        `--allow-write=${dir}`,
        script,
      ],
      env: { DL_CACHE_DIR: `${dir}/cache`, NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, err);
    const r = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.equal(r.nul, true, "no helper without FFI permission");
    assert.equal(r.probes, 0, "clang was not probed");
    assert.equal(r.fromRecord, 0, "nor looked up in the probe record");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
