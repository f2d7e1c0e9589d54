// End-to-end through the launcher with clang hidden from PATH: auto falls
// back to another backend and the program runs, while --backend native fails
// with the clear reason.

import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;
const PROGRAM = "let a = randn([9, 7])\nprint((a @ a.T).shape)\n";

function bashPath(): string | null {
  for (const p of ["/bin/bash", "/usr/bin/bash"]) {
    try {
      if (Deno.statSync(p).isFile) return p;
    } catch {
      // try the next
    }
  }
  return null;
}

Deno.test({
  name: "without clang on PATH: auto still runs, --backend native says why",
  ignore: bashPath() === null,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "dl-no-clang-" });
    try {
      Deno.symlinkSync(bashPath()!, `${dir}/bash`);
      const prog = `${dir}/mm.dl`;
      Deno.writeTextFileSync(prog, PROGRAM);
      const run = (extra: string[]) =>
        new Deno.Command(`${ROOT}dl`, {
          args: ["run", ...extra, prog],
          env: { PATH: dir, DL_CACHE_DIR: `${dir}/cache`, NO_COLOR: "1" },
          clearEnv: true,
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).output();
      const [auto, native] = await Promise.all([
        run([]),
        run(["--backend", "native"]),
      ]);
      const text = (b: Uint8Array) => new TextDecoder().decode(b);
      assert.equal(auto.code, 0, text(auto.stderr));
      assert.equal(text(auto.stdout).trim(), "[9, 9]");
      assert.notEqual(native.code, 0);
      assert.match(
        text(native.stderr),
        /backend `native`: native backend: clang was not found on PATH/,
      );
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
