// The on-disk cache of compiled native libraries: the cache folder, content
// keys (sources + compiler + flags + CPU), atomic publication (build to a
// temp name, rename) and an integrity sidecar checked before every load, so
// a corrupt or truncated library is rebuilt and concurrent builders are safe.

import { cacheDir } from "./native_cache_dir.ts";
import { quickDigest } from "./native_digest.ts";
import { sha256Hex } from "./native_sha256.ts";
import { findToolchain, type Toolchain } from "./native_toolchain.ts";

/** One source file of a native library (written to a scratch folder). */
export interface NativeSource {
  /** A plain file name; `.c` and `.ll` files are compiled, others included. */
  readonly name: string;
  readonly text: string;
}

/** What to build: a library name, its sources and the clang flags. */
export interface BuildSpec {
  /** A short file-name prefix, e.g. "gemm". */
  readonly name: string;
  readonly sources: readonly NativeSource[];
  readonly flags: readonly string[];
}

/** A library path ready for dlopen (`built`: compiled by this call), or why not. */
export type BuildResult =
  | { readonly ok: true; readonly path: string; readonly built: boolean }
  | { readonly ok: false; readonly reason: string };

export { cacheDir };

/** Options for libraryFor (tests pass their own folder and toolchain). */
export interface CacheOptions {
  readonly dir?: string;
  readonly toolchain?: Toolchain;
}

/** The content key of a build: sha-256 over sources, compiler, flags, CPU. */
export function cacheKey(spec: BuildSpec, tc: Toolchain): string {
  const parts = [
    "dl-native-1",
    // The clang major version first: a library built by another LLVM
    // release never matches (the full version line follows).
    `clang-${tc.major}`,
    tc.version,
    spec.flags.join(" "),
    tc.target,
    ...[...spec.sources]
      .sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
      .flatMap((s) => [s.name, String(s.text.length), s.text]),
  ];
  return sha256Hex(parts.join("\0"));
}

/** The library's path in `dir` for a key (its sidecar adds ".sum"). */
export function libraryPath(dir: string, name: string, key: string): string {
  return `${dir}/${name}-${key.slice(0, 24)}.so`;
}

/**
 * True when the library at `path` exists and matches its sidecar (the
 * length and checksum of its bytes, native_digest.ts); a missing,
 * truncated or altered file or sidecar fails.
 */
export function verifyLibrary(path: string): boolean {
  try {
    const want = Deno.readTextFileSync(`${path}.sum`).trim();
    return want !== "" && quickDigest(Deno.readFileSync(path)) === want;
  } catch {
    return false;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** What libraryFor did in this process, by library name (for DL_DEBUG). */
export interface CacheStat {
  /** Libraries compiled by clang, and the milliseconds that took. */
  built: number;
  buildMs: number;
  /** Libraries found in the cache (verified, not compiled), and the time. */
  loaded: number;
  loadMs: number;
}

/** Per library name ("gemm", "adam", "loop", …): builds and cache hits. */
export const CACHE_STATS: Map<string, CacheStat> = new Map();

function statFor(name: string): CacheStat {
  let s = CACHE_STATS.get(name);
  if (s === undefined) {
    s = { built: 0, buildMs: 0, loaded: 0, loadMs: 0 };
    CACHE_STATS.set(name, s);
  }
  return s;
}

/**
 * Returns a verified library for `spec`, building it with clang into the
 * cache when it is missing or fails verification. Safe when several
 * processes build the same library at once (each publishes by rename).
 */
export function libraryFor(
  spec: BuildSpec,
  opts: CacheOptions = {},
): BuildResult {
  const tc = opts.toolchain ?? findToolchain();
  if (typeof tc === "string") return { ok: false, reason: tc };
  const dir = opts.dir ?? cacheDir();
  if (dir === null) {
    return {
      ok: false,
      reason: "no cache folder (set DL_CACHE_DIR, XDG_CACHE_HOME or HOME)",
    };
  }
  const t0 = performance.now(), st = statFor(spec.name);
  const path = libraryPath(dir, spec.name, cacheKey(spec, tc));
  if (verifyLibrary(path)) {
    st.loaded++;
    st.loadMs += performance.now() - t0;
    return { ok: true, path, built: false };
  }
  const why = build(spec, tc, dir, path);
  if (why !== null) return { ok: false, reason: why };
  if (!verifyLibrary(path)) {
    return { ok: false, reason: `the built library ${path} failed its check` };
  }
  st.built++;
  st.buildMs += performance.now() - t0;
  return { ok: true, path, built: true };
}

function build(
  spec: BuildSpec,
  tc: Toolchain,
  dir: string,
  path: string,
): string | null {
  let work: string;
  try {
    Deno.mkdirSync(dir, { recursive: true });
    work = Deno.makeTempDirSync({ dir, prefix: `build-${spec.name}-` });
  } catch (e) {
    return `cannot write the cache folder ${dir}: ${errorText(e)}`;
  }
  try {
    const inputs: string[] = [];
    for (const s of spec.sources) {
      if (!/^[A-Za-z0-9_.-]+$/.test(s.name)) return `bad source name ${s.name}`;
      Deno.writeTextFileSync(`${work}/${s.name}`, s.text);
      if (/\.(c|ll)$/.test(s.name)) inputs.push(`${work}/${s.name}`);
    }
    const out = `${work}/lib.so`;
    const res = new Deno.Command(tc.cc, {
      args: [...spec.flags, "-o", out, ...inputs],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).outputSync();
    if (!res.success) {
      const msg = new TextDecoder().decode(res.stderr).trim().split("\n")[0];
      return `${tc.cc} failed to build ${spec.name}: ${msg}`;
    }
    const digest = quickDigest(Deno.readFileSync(out));
    // Publish: the library first, then its sidecar, each by an atomic rename
    // of a file this process alone wrote. A reader that sees the new library
    // with an old sidecar fails verification and rebuilds; never loads junk.
    Deno.writeTextFileSync(`${work}/lib.so.sum`, `${digest}\n`);
    Deno.renameSync(out, path);
    Deno.renameSync(`${work}/lib.so.sum`, `${path}.sum`);
    return null;
  } catch (e) {
    return `building ${spec.name} failed: ${errorText(e)}`;
  } finally {
    try {
      Deno.removeSync(work, { recursive: true });
    } catch {
      // a leftover scratch folder is harmless
    }
  }
}
