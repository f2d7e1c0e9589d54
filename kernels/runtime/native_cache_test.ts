// Tests of the native library cache: the folder from the environment,
// SHA-256, reuse without recompiling, rebuilding a corrupt or truncated
// library, two processes building the same library at once, and the clear
// reason given when clang is not on PATH.

import assert from "node:assert/strict";
import {
  type BuildSpec,
  CACHE_STATS,
  cacheDir,
  libraryFor,
  verifyLibrary,
} from "./native_cache.ts";
import { sha256Hex } from "./native_sha256.ts";
import { nativeSkipReason, nativeTestName } from "./native_test_helpers.ts";

const ignore = nativeSkipReason() !== null;

const TINY: BuildSpec = {
  name: "tiny",
  sources: [{
    name: "tiny.c",
    text: '__attribute__((visibility("default"))) int tiny(int x) ' +
      "{ return 3 * x + 1; }\n",
  }],
  flags: ["-O2", "-shared", "-fPIC", "-fvisibility=hidden"],
};

function callTiny(path: string, x: number): number {
  const lib = Deno.dlopen(path, {
    tiny: { parameters: ["i32"], result: "i32" },
  });
  try {
    return lib.symbols.tiny(x);
  } finally {
    lib.close();
  }
}

Deno.test("sha256Hex matches the FIPS 180-4 examples", () => {
  assert.equal(
    sha256Hex(""),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  assert.equal(
    sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assert.equal(
    sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  );
  assert.equal(sha256Hex(new Uint8Array(1000).fill(97)).length, 64);
});

Deno.test("cacheDir prefers DL_CACHE_DIR, then XDG_CACHE_HOME, then HOME", () => {
  const keys = ["DL_CACHE_DIR", "XDG_CACHE_HOME", "HOME"];
  const saved = keys.map((k) => Deno.env.get(k));
  try {
    Deno.env.set("HOME", "/h");
    Deno.env.delete("DL_CACHE_DIR");
    Deno.env.delete("XDG_CACHE_HOME");
    assert.equal(cacheDir(), "/h/.cache/dl");
    Deno.env.set("XDG_CACHE_HOME", "/x");
    assert.equal(cacheDir(), "/x/dl");
    Deno.env.set("DL_CACHE_DIR", "/d");
    assert.equal(cacheDir(), "/d");
  } finally {
    keys.forEach((k, i) => {
      const v = saved[i];
      if (v === undefined) Deno.env.delete(k);
      else Deno.env.set(k, v);
    });
  }
});

Deno.test({
  name: nativeTestName("a cached library is reused, and rebuilt when corrupt"),
  ignore,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "dl-cache-test-" });
    try {
      const before = { ...CACHE_STATS.get("tiny") };
      const first = libraryFor(TINY, { dir });
      assert.ok(first.ok, first.ok ? "" : first.reason);
      assert.equal(first.built, true);
      assert.equal(callTiny(first.path, 4), 13);
      const again = libraryFor(TINY, { dir });
      assert.deepEqual(again, { ok: true, path: first.path, built: false });
      // The DL_DEBUG counters saw one compile and one cache hit.
      const after = CACHE_STATS.get("tiny")!;
      assert.equal(after.built, (before.built ?? 0) + 1);
      assert.equal(after.loaded, (before.loaded ?? 0) + 1);
      assert.ok(after.buildMs > (before.buildMs ?? 0));

      // Truncated: detected before dlopen, rebuilt, loads again.
      const bytes = Deno.readFileSync(first.path);
      Deno.writeFileSync(first.path, bytes.subarray(0, bytes.length >> 1));
      assert.equal(verifyLibrary(first.path), false);
      const rebuilt = libraryFor(TINY, { dir });
      assert.deepEqual(rebuilt, { ok: true, path: first.path, built: true });
      assert.equal(callTiny(first.path, 5), 16);

      // One flipped byte, then a missing sidecar: both rebuilt.
      const b2 = Deno.readFileSync(first.path);
      b2[100] ^= 0xff;
      Deno.writeFileSync(first.path, b2);
      assert.equal(
        libraryFor(TINY, { dir }).ok && verifyLibrary(first.path),
        true,
      );
      Deno.removeSync(`${first.path}.sum`);
      const again2 = libraryFor(TINY, { dir });
      assert.ok(again2.ok && again2.built);
      // No scratch folders are left behind.
      const left = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
      assert.equal(left.length, 2, left.join(" "));
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: nativeTestName("a compile error comes back as a reason"),
  ignore,
  fn() {
    const dir = Deno.makeTempDirSync({ prefix: "dl-cache-test-" });
    try {
      const bad = libraryFor({
        ...TINY,
        sources: [{ name: "bad.c", text: "int f( {\n" }],
      }, { dir });
      assert.equal(bad.ok, false);
      assert.match(bad.ok ? "" : bad.reason, /clang failed to build tiny/);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

const BACKEND_URL = new URL("./native_backend.ts", import.meta.url).href;

/** Runs `code` (importing the native backend) in a fresh Deno process. */
function runDeno(
  code: string,
  env: Record<string, string>,
): Promise<Deno.CommandOutput> {
  return new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-config", "--ext=ts", code],
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
}

const INIT_AND_MULTIPLY = `
import { nativeBackend, nativeStatus } from "${BACKEND_URL}";
const why = nativeBackend.init({ threads: 2 });
if (why !== null) { console.log(why); Deno.exit(3); }
const a = Float32Array.from([1, 2, 3, 4]), b = Float32Array.from([5, 6, 7, 8]);
const c = new Float32Array(4);
nativeBackend.sgemm({ m: 2, n: 2, k: 2, a, aOffset: 0, aRowStride: 2,
  aColStride: 1, b, bOffset: 0, bRowStride: 2, bColStride: 1, c, cOffset: 0,
  ldc: 2, accumulate: false });
console.log(nativeStatus()?.built, [...c].join(","));
`;

Deno.test({
  name: nativeTestName("two processes building the same library both succeed"),
  ignore,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "dl-cache-race-" });
    try {
      const env = { DL_CACHE_DIR: dir };
      const outs = await Promise.all([
        runDeno(INIT_AND_MULTIPLY, env),
        runDeno(INIT_AND_MULTIPLY, env),
      ]);
      for (const o of outs) {
        const text = new TextDecoder().decode(o.stdout).trim();
        assert.equal(o.code, 0, text + new TextDecoder().decode(o.stderr));
        assert.match(text, /^(true|false) 19,22,43,50$/);
      }
      // A third process finds the library and compiles nothing.
      const third = await runDeno(INIT_AND_MULTIPLY, env);
      assert.equal(
        new TextDecoder().decode(third.stdout).trim(),
        "false 19,22,43,50",
      );
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("without clang on PATH, init gives a clear reason", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "dl-no-clang-" });
  try {
    const o = await runDeno(INIT_AND_MULTIPLY, {
      PATH: dir,
      DL_CACHE_DIR: dir,
    });
    const text = new TextDecoder().decode(o.stdout).trim();
    assert.equal(o.code, 3, text + new TextDecoder().decode(o.stderr));
    assert.match(
      text,
      /^native backend: clang was not found on PATH; .*clang 14 or newer/,
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
