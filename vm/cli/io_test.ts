// Tests for the CLI's buffered writers and colour decision.

import { strictEqual } from "node:assert";
import { BufferedWriter, shouldColor, StringSink } from "./io.ts";

/** A writer that accepts at most `chunk` bytes per call, like a slow pipe. */
class SlowWriter {
  bytes: number[] = [];
  calls = 0;
  constructor(readonly chunk: number) {}
  writeSync(p: Uint8Array): number {
    this.calls++;
    const n = Math.min(this.chunk, p.length);
    this.bytes.push(...p.subarray(0, n));
    return n;
  }
  text(): string {
    return new TextDecoder().decode(new Uint8Array(this.bytes));
  }
}

Deno.test("BufferedWriter holds text until flush and handles short writes", () => {
  const w = new SlowWriter(3);
  const out = new BufferedWriter(w);
  out.write("héllo ");
  out.write("wörld\n");
  strictEqual(w.calls, 0);
  out.flush();
  strictEqual(w.text(), "héllo wörld\n");
  strictEqual(
    w.calls,
    Math.ceil(new TextEncoder().encode("héllo wörld\n").length / 3),
  );
});

Deno.test("BufferedWriter flushes by itself past 64 KiB", () => {
  const w = new SlowWriter(1 << 20);
  const out = new BufferedWriter(w);
  const line = "x".repeat(1023) + "\n";
  for (let i = 0; i < 100; i++) out.write(line);
  strictEqual(w.calls > 0, true);
  out.flush();
  strictEqual(w.text().length, 100 * 1024);
});

Deno.test("BufferedWriter goes quiet when the pipe is closed", () => {
  let calls = 0;
  const out = new BufferedWriter({
    writeSync(): number {
      calls++;
      throw new Deno.errors.BrokenPipe("closed");
    },
  });
  out.write("a");
  out.flush();
  strictEqual(out.closed, true);
  out.write("b");
  out.flush();
  strictEqual(calls, 1);
});

Deno.test("colour only on a terminal without NO_COLOR", () => {
  strictEqual(shouldColor(true, undefined), true);
  strictEqual(shouldColor(true, ""), true);
  strictEqual(shouldColor(true, "1"), false);
  strictEqual(shouldColor(false, undefined), false);
});

Deno.test("StringSink collects text", () => {
  const s = new StringSink();
  s.write("a");
  s.write("b");
  s.flush();
  strictEqual(s.text(), "ab");
});
