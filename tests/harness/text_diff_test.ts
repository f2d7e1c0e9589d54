// Tests for the line diff shown when a conformance program's output differs.

import { strictEqual } from "node:assert";
import { textDiff } from "./text_diff.ts";

Deno.test("equal texts give no diff", () => {
  strictEqual(textDiff("a\nb\n", "a\nb\n"), "");
});

Deno.test("changed lines show as - then +, with context", () => {
  strictEqual(
    textDiff("1\n2\n3\n4\n5\n6\n7\n", "1\n2\n3\nX\n5\n6\n7\n"),
    [
      "--- expected",
      "+++ actual",
      "  …",
      "  2",
      "  3",
      "- 4",
      "+ X",
      "  5",
      "  6",
      "  …",
    ]
      .join("\n"),
  );
});

Deno.test("missing output and an empty actual text", () => {
  strictEqual(
    textDiff("error: x\n", ""),
    "--- expected\n+++ actual\n- error: x",
  );
});

Deno.test("invisible differences are spelled out", () => {
  strictEqual(textDiff("a\n", "a").endsWith("expected one)"), true);
  strictEqual(textDiff("a\n", "a\r\n").includes("+ a\\r"), true);
});
