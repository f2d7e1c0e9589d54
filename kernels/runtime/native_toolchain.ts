// Finds the C/LLVM toolchain the native backend compiles with (clang on
// PATH, version checked) and describes the CPU it compiles for; both go into
// the cache key. Failures come back as one-line reasons, never exceptions.
// (/proc/cpuinfo is not an option: Deno reads /proc only with --allow-all.)
// The probe (a clang process) runs once per clang binary: its answer is kept
// in the cache folder (native_toolchain_record.ts), so later runs start none.

import { cacheDir } from "./native_cache_dir.ts";
import {
  locateOnPath,
  readProbeRecord,
  statClang,
  writeProbeRecord,
} from "./native_toolchain_record.ts";

/** The oldest clang major version the native kernels are built and tested with. */
export const MIN_CLANG_MAJOR = 14;

/**
 * A usable clang: the command, its version line and major version, and the
 * target CPU and features -march=native selects on this machine (the code
 * built here runs only where those hold, so they go into cache keys).
 */
export interface Toolchain {
  readonly cc: string;
  readonly version: string;
  readonly major: number;
  readonly target: string;
}

let found: Toolchain | string | undefined;

/** How findToolchain got its answers (tests check that a record is used). */
export const TOOLCHAIN_STATS = {
  /** clang processes started to probe the toolchain. */
  probes: 0,
  /** Answers taken from a probe record in the cache folder. */
  fromRecord: 0,
};

/** Forgets the cached toolchain lookup (tests change PATH between calls). */
export function resetToolchain(): void {
  found = undefined;
}

/**
 * Finds clang (the `clang` on PATH) and checks its version; returns the
 * toolchain or a one-line reason it cannot be used. The answer is cached
 * for the process.
 */
export function findToolchain(): Toolchain | string {
  if (found === undefined) found = locateAndProbe("clang");
  return found;
}

function notFound(cc: string): string {
  return `${cc} was not found on PATH; the native backend compiles its ` +
    `kernels with clang ${MIN_CLANG_MAJOR} or newer (install clang, or ` +
    `use --backend wasm or js)`;
}

/** The remembered probe of the `cc` on PATH, else a fresh (recorded) one. */
function locateAndProbe(cc: string): Toolchain | string {
  const at = locateOnPath(cc);
  if (at === null) return notFound(cc);
  const file = at === undefined ? null : statClang(at);
  const dir = file === null ? null : cacheDir();
  if (file !== null && dir !== null) {
    const rec = readProbeRecord(dir, file);
    if (rec !== null && rec.cc === cc) {
      TOOLCHAIN_STATS.fromRecord++;
      return rec;
    }
  }
  const tc = probe(cc);
  if (typeof tc !== "string" && file !== null && dir !== null) {
    writeProbeRecord(dir, file, tc);
  }
  return tc;
}

/**
 * Cheaply (no process start) says whether `clang` is on PATH: null, or the
 * reason findToolchain would give. The version check waits for the first
 * compile (findToolchain).
 */
export function clangOnPath(): string | null {
  if (found !== undefined) return typeof found === "string" ? found : null;
  const at = locateOnPath("clang");
  if (typeof at === "string") return null;
  const r = findToolchain();
  return typeof r === "string" ? r : null;
}

function probe(cc: string): Toolchain | string {
  TOOLCHAIN_STATS.probes++;
  let out: Deno.CommandOutput;
  try {
    // One run gives both the version and what -march=native means here
    // (-### prints the driver's plan, with the target CPU and features).
    out = new Deno.Command(cc, {
      args: ["-###", "-march=native", "-x", "c", "-c", "/dev/null"],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).outputSync();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return notFound(cc);
    if (
      e instanceof Deno.errors.NotCapable ||
      e instanceof Deno.errors.PermissionDenied
    ) {
      return `no permission to run ${cc} (start dl through ./dl, which ` +
        `grants --allow-run=clang for the native backend)`;
    }
    return `could not run ${cc}: ${e instanceof Error ? e.message : e}`;
  }
  const text = new TextDecoder().decode(out.stderr);
  const m = /clang version (\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!out.success || m === null) {
    return `${cc} -### did not report a clang version`;
  }
  const major = Number(m[1]);
  if (major < MIN_CLANG_MAJOR) {
    return `${cc} ${m[1]}.${m[2]} is too old for the native backend ` +
      `(needs clang ${MIN_CLANG_MAJOR} or newer)`;
  }
  const target = [...text.matchAll(/"-target-(?:cpu|feature)" "([^"]*)"/g)]
    .map((x) => x[1]).join(" ");
  const version = text.split("\n").find((l) => l.includes("clang version"));
  return { cc, version: (version ?? m[0]).trim(), major, target };
}
