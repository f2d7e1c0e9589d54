// Runs the real `./dl` launcher as a user would (a child process) and
// collects its stdout, stderr and exit status; plus a small worker pool so
// several programs run at once.

/** The repository root (this file lives in tests/harness/). */
export const ROOT: string = new URL("../../", import.meta.url).pathname.replace(
  /\/$/,
  "",
);

/** The launcher script. */
export const DL: string = `${ROOT}/dl`;

/** What one run of dl produced. */
export interface DlResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
  readonly timedOut: boolean;
}

/** Options for one run. */
export interface SpawnOptions {
  /** Working directory; the repository root by default. */
  readonly cwd?: string;
  /** Text fed to stdin (empty by default). */
  readonly stdin?: string;
  /** Kill the process after this many milliseconds (default 60 s). */
  readonly timeoutMs?: number;
  /** Extra environment variables (NO_COLOR=1 is always set). */
  readonly env?: Record<string, string>;
}

const decoder = new TextDecoder();

/** Runs `./dl ARGS…` and waits for it. */
export async function spawnDl(
  args: readonly string[],
  opts: SpawnOptions = {},
): Promise<DlResult> {
  const child = new Deno.Command(DL, {
    args: [...args],
    cwd: opts.cwd ?? ROOT,
    env: { NO_COLOR: "1", ...opts.env },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch (_) {
      // already exited
    }
  }, opts.timeoutMs ?? 60_000);
  const writer = child.stdin.getWriter();
  try {
    await writer.write(new TextEncoder().encode(opts.stdin ?? ""));
    await writer.close();
  } catch (_) {
    // the program exited without reading its input
  }
  const out = await child.output();
  clearTimeout(timer);
  return {
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
    code: out.code,
    timedOut,
  };
}

/** Maps `fn` over `items` with at most `limit` calls in flight; keeps order. */
export function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R>[] {
  const results: Promise<R>[] = [];
  const gates: (() => void)[] = [];
  let running = 0;
  const release = () => {
    running--;
    gates.shift()?.();
  };
  for (const item of items) {
    results.push((async () => {
      if (running >= limit) await new Promise<void>((r) => gates.push(r));
      running++;
      try {
        return await fn(item);
      } finally {
        release();
      }
    })());
  }
  return results;
}
