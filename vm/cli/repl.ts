// `dl repl`: reads inputs with node:readline (prompt `dl> `, `..> ` while an
// input continues), evaluates each in a persistent session, prints values and
// diagnostics, and never lets an error end the session. Piped stdin works too
// (no prompts then), which is how the tests drive it.

import { createInterface } from "node:readline";
import process from "node:process";
import { makeSourceFile } from "../../compiler/core/span.ts";
import { type Console, stdinIsTerminal } from "./io.ts";
import { writeDiagnostics } from "./report.ts";
import {
  needsMoreInput,
  replCommand as parseReplCommand,
} from "./repl_input.ts";
import type { ReplSession } from "./stages.ts";
import { DL_VERSION, EXIT } from "./status.ts";
import { helpText } from "./usage.ts";

const PROMPT = "dl> ";
const MORE = "..> ";

/** Feeds input lines to a session; owns pending multi-line input. */
export class ReplDriver {
  #pending: string[] = [];
  #count = 0;
  readonly #con: Console;
  readonly #session: ReplSession;

  /** A driver printing to `con` and evaluating in `session`. */
  constructor(con: Console, session: ReplSession) {
    this.#con = con;
    this.#session = session;
  }

  /** True while a multi-line input is being collected. */
  get continuing(): boolean {
    return this.#pending.length > 0;
  }

  /** Drops a partly entered input (Ctrl-C). */
  cancel(): void {
    this.#pending = [];
  }

  /** Handles one line; returns false when the session should end. */
  async line(line: string): Promise<boolean> {
    if (this.#pending.length === 0) {
      const cmd = parseReplCommand(line);
      if (cmd !== undefined) return this.#command(cmd);
      if (line.trim() === "") return true;
    }
    this.#pending.push(line);
    const text = this.#pending.join("\n");
    if (needsMoreInput(text)) return true;
    await this.#evaluate(text);
    return true;
  }

  /** Evaluates whatever is pending (end of input). */
  async finish(): Promise<void> {
    if (this.#pending.length === 0) return;
    await this.#evaluate(this.#pending.join("\n"));
  }

  #command(cmd: string): boolean {
    if (cmd === "quit" || cmd === "q" || cmd === "exit") return false;
    if (cmd === "help" || cmd === "h") {
      this.#con.stdout.write(helpText("repl"));
    } else {
      this.#con.stderr.write(`unknown command :${cmd} (try :help)\n`);
    }
    this.#con.stdout.flush();
    this.#con.stderr.flush();
    return true;
  }

  async #evaluate(text: string): Promise<void> {
    this.#pending = [];
    this.#count++;
    const file = makeSourceFile(`<repl:${this.#count}>`, text);
    const outcome = await this.#session.evaluate(file);
    if (outcome.ok) {
      if (outcome.display !== undefined) {
        this.#con.stdout.write(outcome.display + "\n");
      }
      this.#con.stdout.flush();
    } else {
      writeDiagnostics(this.#con, outcome.diagnostics);
    }
  }
}

function setRaw(interactive: boolean, raw: boolean): void {
  if (!interactive) return;
  try {
    process.stdin.setRawMode?.(raw);
  } catch (_) {
    // not a terminal after all
  }
}

/** Runs the REPL on stdin until `:quit` or end of input; returns the exit status. */
export async function replCommand(
  con: Console,
  opts: { readonly engine: string },
): Promise<number> {
  const { createReplSession } = await import("./pipeline.ts");
  const session = await createReplSession({
    engine: opts.engine,
    stdout: (text) => con.stdout.write(text),
  });
  const driver = new ReplDriver(con, session);
  const interactive = stdinIsTerminal();
  const rl = createInterface({
    input: process.stdin,
    output: interactive ? process.stdout : undefined,
    terminal: interactive,
    historySize: 1000,
    prompt: PROMPT,
  });
  const prompt = () => {
    if (!interactive) return;
    rl.setPrompt(driver.continuing ? MORE : PROMPT);
    rl.prompt();
  };
  rl.on("SIGINT", () => {
    if (driver.continuing) driver.cancel();
    else con.stdout.write("(to leave, type :quit or press Ctrl-D)\n");
    con.stdout.write("\n");
    con.stdout.flush();
    prompt();
  });
  if (interactive) {
    con.stdout.write(
      `dl ${DL_VERSION} — :help for help, :quit or Ctrl-D to leave\n`,
    );
    con.stdout.flush();
  }
  prompt();
  let quit = false;
  for await (const line of rl) {
    // While dl code runs, the terminal leaves raw mode so that Ctrl-C
    // interrupts (ends) a runaway evaluation instead of waiting for it.
    setRaw(interactive, false);
    const more = await driver.line(line);
    setRaw(interactive, true);
    if (!more) {
      quit = true;
      break;
    }
    prompt();
  }
  if (!quit) await driver.finish();
  rl.close();
  if (interactive) con.stdout.write("\n");
  return EXIT.ok;
}
