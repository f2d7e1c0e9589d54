// Turns diagnostics, usage errors and internal errors into text on stderr.
// Stdout is flushed first so that, on a terminal, messages appear after the
// program output that preceded them.

import {
  type Diagnostic,
  diagnosticToJson,
  renderDiagnostic,
} from "../../compiler/core/diagnostics.ts";
import type { Console } from "./io.ts";
import { USAGE } from "./usage.ts";

/** True if any diagnostic is an error (warnings alone do not stop a run). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** At most this many diagnostics are rendered; a count of the rest follows. */
export const MAX_SHOWN = 50;

/**
 * Renders diagnostics as text, separated by blank lines, each ending in a
 * newline. Past `limit` only a count is printed: a broken file can produce
 * hundreds of thousands of errors, each showing a long source line.
 */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  color: boolean,
  limit: number = MAX_SHOWN,
): string {
  const shown = diagnostics.slice(0, limit).map((d) =>
    renderDiagnostic(d, { color }) + "\n"
  );
  const rest = diagnostics.length - shown.length;
  if (rest > 0) {
    const label = color ? "\x1b[1;31merror\x1b[0m" : "error";
    shown.push(
      `${label}: ${rest} more error${rest === 1 ? "" : "s"} not shown ` +
        `(the first ${limit} are above)\n`,
    );
  }
  return shown.join("\n");
}

/** Writes diagnostics to stderr (after flushing stdout). */
export function writeDiagnostics(
  con: Console,
  diagnostics: readonly Diagnostic[],
): void {
  if (diagnostics.length === 0) return;
  con.stdout.flush();
  con.stderr.write(formatDiagnostics(diagnostics, con.color));
  con.stderr.flush();
}

/** Writes diagnostics to stdout as JSON, one object per line. */
export function writeDiagnosticsJson(
  con: Console,
  diagnostics: readonly Diagnostic[],
): void {
  for (const d of diagnostics) {
    con.stdout.write(JSON.stringify(diagnosticToJson(d)) + "\n");
  }
}

function errorLabel(con: Console): string {
  return con.color ? "\x1b[1;31merror\x1b[0m" : "error";
}

/** Writes a usage error with the command's usage line and a pointer to help. */
export function writeUsageError(
  con: Console,
  message: string,
  command: string,
): void {
  const usage = USAGE[command] ?? USAGE.dl;
  const helpCmd = command === "dl" ? "dl help" : `dl ${command} --help`;
  con.stdout.flush();
  con.stderr.write(
    `${errorLabel(con)}: ${message}\n\nusage: ${usage}\n` +
      `Run \`${helpCmd}\` for more information.\n`,
  );
  con.stderr.flush();
}

/** Describes a thrown value in one line. */
export function describeThrown(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  try {
    return `uncaught value: ${String(err)}`;
  } catch (_) {
    return "uncaught value";
  }
}

/** The note under every internal error. */
export const REPORT_NOTE =
  "  = note: this is a bug in dl, not in your program; please report it\n" +
  "          together with the program and the command that caused it";

/** True for a runtime error an engine made from an unexpected JS exception. */
export function isInternal(d: Diagnostic): boolean {
  return d.message.startsWith("internal error");
}

/** Reports a bug in dl: an exception nothing else caught. */
export function writeInternalError(
  con: Console,
  err: unknown,
  debug: boolean,
): void {
  con.stdout.flush();
  const lines = [
    `${errorLabel(con)}: internal error: ${describeThrown(err)}`,
    REPORT_NOTE,
  ];
  if (debug && err instanceof Error && err.stack) lines.push(err.stack);
  else lines.push("  = note: run with DL_DEBUG=1 to see the JavaScript stack");
  con.stderr.write(lines.join("\n") + "\n");
  con.stderr.flush();
}
