// Debian's /usr/bin/python3 with PyTorch, used only as a test oracle (the
// pyenv `python3` on PATH has no torch): finding out whether it is there, and
// running a script under it with one thread.

/** The interpreter that has Debian's python3-torch. */
export const PYTHON = "/usr/bin/python3";

/** What one Python run produced. */
export interface PyResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const decoder = new TextDecoder();

/** Why PyTorch cannot be used here (printed as the skip reason), or null. */
export function torchMissing(): string | null {
  try {
    const r = new Deno.Command(PYTHON, {
      args: ["-c", "import torch"],
      stdout: "null",
      stderr: "null",
    }).outputSync();
    return r.code === 0
      ? null
      : `${PYTHON} cannot import torch (apt-get install python3-torch)`;
  } catch (_) {
    return `${PYTHON} is missing (apt-get install python3-torch)`;
  }
}

/** Runs `python3 ARGS…` with single-threaded BLAS and collects its output. */
export async function runPython(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<PyResult> {
  const out = await new Deno.Command(PYTHON, {
    args: [...args],
    env: { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
}

/** Prints why a suite is skipped (Deno.test's `ignore` shows no reason). */
export function noteSkip(suite: string, reason: string | null): void {
  if (reason !== null) console.log(`${suite}: skipped: ${reason}`);
}
