// The clang probe's answer, remembered in the cache folder so that a second
// run starts no process: a small JSON record per clang path, trusted only
// while the file it describes (path, resolved path, size, mtime, inode) is
// unchanged. Reading and writing never throw; a bad record is ignored.

import { sha256Hex } from "./native_sha256.ts";
import type { Toolchain } from "./native_toolchain.ts";

/** The identity of a clang executable on disk (its symlinks resolved). */
export interface ClangFile {
  readonly path: string;
  readonly real: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

const RECORD_VERSION = 1;

/**
 * The first `name` on PATH that is a file: its path, null when there is
 * none, or undefined when PATH (or the folders) cannot be read.
 */
export function locateOnPath(name: string): string | null | undefined {
  let path = "";
  try {
    path = Deno.env.get("PATH") ?? "";
  } catch (_) {
    return undefined;
  }
  for (const dir of path.split(":")) {
    if (dir === "") continue;
    try {
      if (Deno.statSync(`${dir}/${name}`).isFile) return `${dir}/${name}`;
    } catch (e) {
      // Not here: keep looking; not allowed to look: say so.
      if (e instanceof Deno.errors.NotCapable) return undefined;
    }
  }
  return null;
}

/** Stats the executable at `path` (following symlinks); null on failure. */
export function statClang(path: string): ClangFile | null {
  try {
    const st = Deno.statSync(path);
    const real = Deno.realPathSync(path);
    return {
      path,
      real,
      size: st.size,
      mtimeMs: st.mtime?.getTime() ?? 0,
      ino: st.ino ?? 0,
    };
  } catch (_) {
    return null;
  }
}

/** The record file for a clang path in the cache folder `dir`. */
export function recordPath(dir: string, clangPath: string): string {
  return `${dir}/clang-probe-${sha256Hex(clangPath).slice(0, 16)}.json`;
}

function sameFile(a: ClangFile, b: Record<string, unknown>): boolean {
  return a.path === b.path && a.real === b.real && a.size === b.size &&
    a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

/**
 * The toolchain a previous probe of `file` found, when its record exists,
 * parses and still describes the same file; else null.
 */
export function readProbeRecord(
  dir: string,
  file: ClangFile,
): Toolchain | null {
  let rec: unknown;
  try {
    rec = JSON.parse(Deno.readTextFileSync(recordPath(dir, file.path)));
  } catch (_) {
    return null;
  }
  if (typeof rec !== "object" || rec === null) return null;
  const r = rec as Record<string, unknown>;
  const f = r.file, t = r.toolchain;
  if (r.v !== RECORD_VERSION || typeof f !== "object" || f === null) {
    return null;
  }
  if (!sameFile(file, f as Record<string, unknown>)) return null;
  if (typeof t !== "object" || t === null) return null;
  const tc = t as Record<string, unknown>;
  if (
    typeof tc.cc !== "string" || typeof tc.version !== "string" ||
    typeof tc.major !== "number" || typeof tc.target !== "string" ||
    !tc.version.includes(`clang version ${tc.major}.`)
  ) {
    return null;
  }
  return {
    cc: tc.cc,
    version: tc.version,
    major: tc.major,
    target: tc.target,
  };
}

/**
 * Remembers that probing `file` gave `tc` (written to a temporary name,
 * then renamed, so readers never see half a record). Best effort.
 */
export function writeProbeRecord(
  dir: string,
  file: ClangFile,
  tc: Toolchain,
): void {
  const path = recordPath(dir, file.path);
  const tmp = `${path}.${Deno.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    Deno.mkdirSync(dir, { recursive: true });
    Deno.writeTextFileSync(
      tmp,
      JSON.stringify({ v: RECORD_VERSION, file, toolchain: tc }) + "\n",
    );
    Deno.renameSync(tmp, path);
  } catch (_) {
    try {
      Deno.removeSync(tmp);
    } catch (_) {
      // nothing was written
    }
  }
}
