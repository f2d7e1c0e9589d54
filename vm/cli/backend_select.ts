// Applies the CPU backend choice before a program runs. A named backend is
// started now, and one that cannot start is a one-line error (exit 1).
// `auto` is resolved at the first GEMM (programs without one skip backend
// start-up): native, then wasm (each when registered and its init
// succeeds), then js. DL_DEBUG >= 1 reports the backend chosen on stderr.

import {
  activeBackend,
  backendNames,
  deferSelection,
  selectBackend,
} from "../../kernels/mod.ts";
import type { CpuChoice } from "./backend_flags.ts";
import { type Console, readEnv } from "./io.ts";
import { EXIT } from "./status.ts";

/** The order `auto` tries backends in (js, always present, comes last). */
export const AUTO_ORDER: readonly string[] = ["native", "wasm", "js"];

/** Worker threads when none were asked for: the machine's logical cores. */
export function defaultThreads(): number {
  const n = globalThis.navigator?.hardwareConcurrency ?? 1;
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

function debugLevel(): number {
  const n = Number(readEnv("DL_DEBUG") ?? "0");
  return Number.isFinite(n) ? n : 0;
}

/**
 * Selects the first backend of AUTO_ORDER that is registered and starts;
 * returns its name. `skipped` hears why the others did not.
 */
export function selectAuto(
  threads: number,
  skipped: (name: string, why: string) => void,
): string {
  const registered = backendNames() as string[];
  for (const cand of AUTO_ORDER) {
    if (!registered.includes(cand)) continue;
    let why: string | null;
    try {
      why = selectBackend(cand, { threads });
    } catch (e) {
      why = e instanceof Error ? e.message : String(e);
    }
    if (why === null) return cand;
    skipped(cand, oneLine(why));
  }
  return activeBackend().name;
}

/**
 * Applies `choice` (auto when undefined); returns null, or the exit status
 * after writing why the named backend cannot run.
 */
export function applyCpuChoice(
  con: Console,
  choice: CpuChoice | undefined,
): number | null {
  const threads = choice?.threads ?? defaultThreads();
  const name = choice?.backend ?? "auto";
  const debug = debugLevel() >= 1;
  const report = (chosen: string) => {
    if (debug) {
      con.stderr.write(`debug: backend ${chosen} (threads ${threads})\n`);
    }
  };
  if (name === "auto") {
    deferSelection(() => {
      const chosen = selectAuto(threads, (cand, why) => {
        if (debug) con.stderr.write(`debug: backend ${cand} skipped: ${why}\n`);
      });
      report(chosen);
    });
    return null;
  }
  const why = selectBackend(name, { threads });
  if (why !== null) {
    const label = con.color ? "\x1b[1;31merror\x1b[0m" : "error";
    con.stderr.write(
      `${label}: cannot use backend \`${name}\`: ${oneLine(why)}\n`,
    );
    con.stderr.flush();
    return EXIT.runtime;
  }
  report(name);
  return null;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, "; ");
}
