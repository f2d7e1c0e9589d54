// Tests of the toolchain probe and its record in the cache folder: a second
// lookup starts no clang process, a stale or corrupt record is probed again,
// and libraries built by another clang major version get other cache keys.

import assert from "node:assert/strict";
import { type BuildSpec, cacheKey } from "./native_cache.ts";
import {
  findToolchain,
  resetToolchain,
  type Toolchain,
  TOOLCHAIN_STATS,
} from "./native_toolchain.ts";
import {
  locateOnPath,
  recordPath,
  statClang,
} from "./native_toolchain_record.ts";
import { nativeSkipReason, nativeTestName } from "./native_test_helpers.ts";

const ignore = nativeSkipReason() !== null;

/** Runs `body` with DL_CACHE_DIR pointing at a fresh folder. */
function withCacheDir(body: (dir: string) => void): void {
  const dir = Deno.makeTempDirSync({ prefix: "dl-toolchain-" });
  const old = Deno.env.get("DL_CACHE_DIR");
  Deno.env.set("DL_CACHE_DIR", dir);
  try {
    resetToolchain();
    body(dir);
  } finally {
    if (old === undefined) Deno.env.delete("DL_CACHE_DIR");
    else Deno.env.set("DL_CACHE_DIR", old);
    resetToolchain();
    Deno.removeSync(dir, { recursive: true });
  }
}

function recordOf(dir: string): string {
  const at = locateOnPath("clang");
  assert.equal(typeof at, "string");
  return recordPath(dir, at as string);
}

Deno.test({
  name: nativeTestName("a second lookup reads the probe record, no process"),
  ignore,
  fn: () =>
    withCacheDir((dir) => {
      const p0 = TOOLCHAIN_STATS.probes, r0 = TOOLCHAIN_STATS.fromRecord;
      const first = findToolchain();
      assert.equal(typeof first, "object");
      assert.equal(TOOLCHAIN_STATS.probes, p0 + 1);
      const rec = JSON.parse(Deno.readTextFileSync(recordOf(dir)));
      assert.equal(rec.toolchain.major, (first as Toolchain).major);
      resetToolchain();
      const second = findToolchain();
      assert.deepEqual(second, first);
      assert.equal(TOOLCHAIN_STATS.probes, p0 + 1);
      assert.equal(TOOLCHAIN_STATS.fromRecord, r0 + 1);
    }),
});

Deno.test({
  name: nativeTestName("a corrupt or stale probe record is probed again"),
  ignore,
  fn: () =>
    withCacheDir((dir) => {
      const first = findToolchain() as Toolchain;
      const path = recordOf(dir);
      const good = JSON.parse(Deno.readTextFileSync(path));
      const cases: string[] = [
        "{not json",
        "",
        JSON.stringify({ ...good, v: 0 }),
        JSON.stringify({ ...good, file: { ...good.file, size: 1 } }),
        JSON.stringify({ ...good, file: { ...good.file, mtimeMs: 2 } }),
        JSON.stringify({
          ...good,
          toolchain: { ...good.toolchain, major: 99 },
        }),
      ];
      for (const text of cases) {
        Deno.writeTextFileSync(path, text);
        resetToolchain();
        const p0 = TOOLCHAIN_STATS.probes;
        assert.deepEqual(findToolchain(), first);
        assert.equal(TOOLCHAIN_STATS.probes, p0 + 1, text.slice(0, 40));
        // The fresh probe rewrote a good record.
        assert.deepEqual(JSON.parse(Deno.readTextFileSync(path)), good);
      }
    }),
});

Deno.test({
  name: nativeTestName("the record describes the clang file on PATH"),
  ignore,
  fn: () =>
    withCacheDir((dir) => {
      findToolchain();
      const rec = JSON.parse(Deno.readTextFileSync(recordOf(dir)));
      const file = statClang(locateOnPath("clang") as string);
      assert.deepEqual(rec.file, file);
      assert.ok(file !== null && file.size > 0);
    }),
});

Deno.test("cache keys differ between clang major versions", () => {
  const spec: BuildSpec = {
    name: "k",
    sources: [{ name: "k.c", text: "int k;\n" }],
    flags: ["-O2"],
  };
  const tc = (major: number): Toolchain => ({
    cc: "clang",
    version: "Debian clang version X",
    major,
    target: "x86-64",
  });
  assert.notEqual(cacheKey(spec, tc(14)), cacheKey(spec, tc(15)));
  assert.equal(cacheKey(spec, tc(14)), cacheKey(spec, tc(14)));
});
