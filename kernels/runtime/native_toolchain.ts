// Finds the C/LLVM toolchain the native backend compiles with (clang on
// PATH, version checked) and describes the CPU it compiles for; both go into
// the cache key. Failures come back as one-line reasons, never exceptions.

/** The oldest clang major version the native kernels are built and tested with. */
export const MIN_CLANG_MAJOR = 14;

/** A usable clang: the command, its full version line and major version. */
export interface Toolchain {
  readonly cc: string;
  readonly version: string;
  readonly major: number;
}

let found: Toolchain | string | undefined;

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
  if (found === undefined) found = probe("clang");
  return found;
}

function probe(cc: string): Toolchain | string {
  let out: Deno.CommandOutput;
  try {
    out = new Deno.Command(cc, {
      args: ["--version"],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).outputSync();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      return `${cc} was not found on PATH; the native backend compiles its ` +
        `kernels with clang ${MIN_CLANG_MAJOR} or newer (install clang, or ` +
        `use --backend wasm or js)`;
    }
    if (
      e instanceof Deno.errors.NotCapable ||
      e instanceof Deno.errors.PermissionDenied
    ) {
      return `no permission to run ${cc} (start dl through ./dl, which ` +
        `grants --allow-run=clang for the native backend)`;
    }
    return `could not run ${cc}: ${e instanceof Error ? e.message : e}`;
  }
  const text = new TextDecoder().decode(out.stdout);
  const m = /clang version (\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!out.success || m === null) {
    return `${cc} --version did not report a clang version`;
  }
  const major = Number(m[1]);
  if (major < MIN_CLANG_MAJOR) {
    return `${cc} ${m[1]}.${m[2]} is too old for the native backend ` +
      `(needs clang ${MIN_CLANG_MAJOR} or newer)`;
  }
  return { cc, version: text.split("\n")[0].trim(), major };
}

/**
 * A description of this CPU for cache keys (`-march=native` code runs only
 * where it was built): the model and feature flags from /proc/cpuinfo where
 * readable, else the OS and architecture.
 */
export function cpuSignature(): string {
  const base = `${Deno.build.os}-${Deno.build.arch}`;
  let info: string;
  try {
    info = Deno.readTextFileSync("/proc/cpuinfo");
  } catch {
    return base;
  }
  const line = (key: string): string => {
    const m = new RegExp(`^${key}\\s*:\\s*(.*)$`, "m").exec(info);
    return m === null ? "" : m[1].trim();
  };
  return [base, line("model name"), line("flags")].join("\n");
}
