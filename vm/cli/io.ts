// Console I/O for the CLI: buffered writers over stdout/stderr (flushed in
// chunks with writeSync, quiet on a closed pipe), safe environment reads and
// the colour decision. Everything the CLI prints goes through here.

/** A text sink: `write` buffers, `flush` pushes everything out. */
export interface TextSink {
  /** Appends text; may flush when the buffer is large. */
  write(text: string): void;
  /** Writes out everything buffered so far. */
  flush(): void;
}

/** The part of `Deno.stdout` / `Deno.stderr` a writer needs. */
export interface SyncWriter {
  writeSync(p: Uint8Array): number;
}

const FLUSH_AT = 1 << 16;
const encoder = new TextEncoder();

/** Buffers text and writes it with `writeSync` in chunks of about 64 KiB. */
export class BufferedWriter implements TextSink {
  #parts: string[] = [];
  #size = 0;
  #closed = false;
  readonly #out: SyncWriter;

  /** Wraps a synchronous writer such as `Deno.stdout`. */
  constructor(out: SyncWriter) {
    this.#out = out;
  }

  /** True once the reader went away (e.g. `dl run x.dl | head -1`). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Appends text, flushing when the buffer passes 64 KiB. */
  write(text: string): void {
    if (this.#closed || text.length === 0) return;
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size >= FLUSH_AT) this.flush();
  }

  /** Writes everything buffered; a closed pipe silently drops the rest. */
  flush(): void {
    if (this.#parts.length === 0) return;
    const bytes = encoder.encode(this.#parts.join(""));
    this.#parts = [];
    this.#size = 0;
    if (this.#closed) return;
    let off = 0;
    try {
      while (off < bytes.length) {
        off += this.#out.writeSync(bytes.subarray(off));
      }
    } catch (_) {
      // The reader closed the pipe (BrokenPipe) or the stream is gone: the
      // program keeps running as a Unix filter would after SIGPIPE is ignored.
      this.#closed = true;
    }
  }
}

/** A sink that collects text in memory (tests, the REPL's value capture). */
export class StringSink implements TextSink {
  #parts: string[] = [];

  /** Appends text. */
  write(text: string): void {
    this.#parts.push(text);
  }

  /** Nothing to do: text is kept in memory. */
  flush(): void {}

  /** Everything written so far. */
  text(): string {
    return this.#parts.join("");
  }
}

/** The process's console: buffered stdout and stderr plus the colour choice. */
export interface Console {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Whether diagnostics on stderr get ANSI colours. */
  readonly color: boolean;
}

/** Reads an environment variable; undefined when unset or not permitted. */
export function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch (_) {
    return undefined;
  }
}

/** Colours only on a terminal, and never when NO_COLOR is set and non-empty. */
export function shouldColor(isTerminal: boolean, noColor?: string): boolean {
  return isTerminal && (noColor === undefined || noColor === "");
}

function isTerminal(stream: { isTerminal(): boolean }): boolean {
  try {
    return stream.isTerminal();
  } catch (_) {
    return false;
  }
}

/** The real console of this process. */
export function processConsole(): Console {
  return {
    stdout: new BufferedWriter(Deno.stdout),
    stderr: new BufferedWriter(Deno.stderr),
    color: shouldColor(isTerminal(Deno.stderr), readEnv("NO_COLOR")),
  };
}

/** True when standard input is an interactive terminal. */
export function stdinIsTerminal(): boolean {
  return isTerminal(Deno.stdin);
}
