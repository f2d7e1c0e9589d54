// The CPU backend choice of `dl run` / `-e` / `repl`: `--backend` and
// `--threads` flags, falling back to DL_BACKEND / DL_THREADS (a flag wins).
// Pure validation; vm/cli/backend_select.ts applies the choice.

/** The names `--backend` accepts (`auto` picks native, else wasm, else js). */
export const BACKEND_CHOICES: readonly string[] = [
  "auto",
  "js",
  "wasm",
  "native",
];

/** The most worker threads `--threads` accepts. */
export const MAX_THREADS = 256;

/** A validated backend choice; `threads` null means the machine's cores. */
export interface CpuChoice {
  readonly backend: string;
  readonly threads: number | null;
}

/** The environment variables the choice reads. */
export interface CpuEnv {
  readonly DL_BACKEND?: string;
  readonly DL_THREADS?: string;
}

/** A choice (undefined when nothing was asked for), or a usage message. */
export type CpuChoiceResult =
  | { readonly ok: true; readonly choice?: CpuChoice }
  | { readonly ok: false; readonly message: string };

function given(v: string | undefined): v is string {
  return v !== undefined && v !== "";
}

/**
 * Validates the flags (undefined when absent) and the environment into a
 * choice; a flag overrides its variable.
 */
export function resolveCpuChoice(
  flags: { readonly backend?: string; readonly threads?: string },
  env: CpuEnv,
): CpuChoiceResult {
  const fromFlag = flags.backend !== undefined;
  const backend = fromFlag ? flags.backend : env.DL_BACKEND;
  const threadsFlag = flags.threads !== undefined;
  const threadsText = threadsFlag ? flags.threads : env.DL_THREADS;
  if (!given(backend) && !given(threadsText)) return { ok: true };
  const name = given(backend) ? backend : "auto";
  if (!BACKEND_CHOICES.includes(name)) {
    const where = fromFlag ? "" : " in DL_BACKEND";
    return {
      ok: false,
      message: `unknown backend \`${name}\`${where} (choose one of: ${
        BACKEND_CHOICES.join(", ")
      })`,
    };
  }
  let threads: number | null = null;
  if (given(threadsText)) {
    const n = /^[0-9]+$/.test(threadsText) ? Number(threadsText) : NaN;
    if (!(n >= 1 && n <= MAX_THREADS)) {
      const where = threadsFlag ? "--threads" : "DL_THREADS";
      return {
        ok: false,
        message: `${where} must be a whole number from 1 to ${MAX_THREADS}, ` +
          `not \`${threadsText}\``,
      };
    }
    threads = n;
  }
  return { ok: true, choice: { backend: name, threads } };
}
