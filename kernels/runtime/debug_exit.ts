// DL_DEBUG summary lines printed at exit: each runtime module that keeps
// counters registers one function giving its line (or "" when it has
// nothing to say), and it goes to stderr when the process unloads.

import { readEnv } from "./env.ts";

/** The DL_DEBUG level (0 when unset, unreadable or not a number). */
export function debugLevel(): number {
  const v = Number(readEnv("DL_DEBUG") ?? "0");
  return Number.isFinite(v) ? v : 0;
}

/**
 * At DL_DEBUG >= `level`, writes `line()` (one or more newline-ended lines;
 * nothing when "") to stderr at exit. Output is best effort.
 */
export function debugAtExit(level: number, line: () => string): void {
  if (debugLevel() < level) return;
  globalThis.addEventListener("unload", () => {
    const text = line();
    if (text === "") return;
    try {
      Deno.stderr.writeSync(new TextEncoder().encode(text));
    } catch (_) {
      // Output is best effort.
    }
  });
}
