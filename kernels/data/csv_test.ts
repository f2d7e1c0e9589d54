// Tests of the CSV reader: shapes, header, quoting, line ends, blank lines,
// special numbers, and errors that name the row, column and line.

import { loadCsv, parseCsv } from "./csv.ts";
import { assertKernelError, assertTensor, tempDir } from "./test_helpers.ts";

Deno.test("csv: numbers to a f32 [rows, cols] tensor", () => {
  const t = parseCsv("1,2,3\n4.5,-6e2,.25\n", { header: false });
  assertTensor(t, "f32", [2, 3], [1, 2, 3, 4.5, -600, 0.25]);
});

Deno.test("csv: header skipped, CRLF, no final newline, spaces trimmed", () => {
  const t = parseCsv("a,b\r\n 1 , 2\r\n3,4", { header: true });
  assertTensor(t, "f32", [2, 2], [1, 2, 3, 4]);
});

Deno.test("csv: quoted fields, escaped quotes and newlines in quotes", () => {
  const text = '"x","y ""q""","z\nw"\n"1",2,"3"\n';
  assertTensor(parseCsv(text, { header: true }), "f32", [1, 3], [1, 2, 3]);
});

Deno.test("csv: blank lines (at the end and between rows) are ignored", () => {
  const t = parseCsv("1,2\n\n3,4\n\n\r\n", { header: false });
  assertTensor(t, "f32", [2, 2], [1, 2, 3, 4]);
});

Deno.test("csv: nan, inf and a BOM; f32 rounding", () => {
  const t = parseCsv("\ufeffNaN,-inf,Infinity,0.1", { header: false });
  assertTensor(t, "f32", [1, 4], [NaN, -Infinity, Infinity, Math.fround(0.1)]);
});

Deno.test("csv: empty input and header only give zero rows", () => {
  assertTensor(parseCsv("", { header: false }), "f32", [0, 0], []);
  assertTensor(parseCsv("a,b,c\n", { header: true }), "f32", [0, 3], []);
});

Deno.test("csv: other delimiters", () => {
  const t = parseCsv("1;2\n3;4", { header: false, delimiter: ";" });
  assertTensor(t, "f32", [2, 2], [1, 2, 3, 4]);
  assertKernelError(
    () => parseCsv("1", { header: false, delimiter: '"' }),
    "R0011",
    "invalid CSV delimiter",
  );
});

Deno.test("csv: a non-numeric field names its row, column and line", () => {
  const text = "a,b\n1,2\n\n3,abc\n";
  assertKernelError(
    () => parseCsv(text, { header: true, name: "d.csv" }),
    "R0011",
    "`d.csv`",
    'row 2, column 2 (line 4): "abc" is not a number',
  );
  assertKernelError(
    () => parseCsv("1,,3", { header: false }),
    "R0011",
    "row 1, column 2 (line 1): empty field",
  );
  assertKernelError(
    () => parseCsv('"a\nb",c\n1,x', { header: true }),
    "R0011",
    'row 1, column 2 (line 3): "x" is not a number',
  );
  assertKernelError(
    () => parseCsv("0x10", { header: false }),
    "R0011",
    '"0x10" is not a number',
  );
});

Deno.test("csv: ragged rows and a bad header are errors", () => {
  assertKernelError(
    () => parseCsv("1,2\n3\n", { header: false }),
    "R0011",
    "row 2 (line 2) has 1 fields, expected 2",
  );
  assertKernelError(
    () => parseCsv("a,b,c\n1,2\n", { header: true }),
    "R0011",
    "row 1 (line 2) has 2 fields, expected 3",
  );
});

Deno.test("csv: unclosed quotes and text after a quote are errors", () => {
  assertKernelError(
    () => parseCsv('1,2\n"3,4\n', { header: false }),
    "R0011",
    "line 2: a quoted field is not closed",
  );
  assertKernelError(
    () => parseCsv('"1"x,2', { header: false }),
    "R0011",
    "unexpected text after a closing quote",
  );
});

Deno.test("csv: loadCsv reads files and reports missing or non-UTF-8 ones", () => {
  const [dir, cleanup] = tempDir();
  try {
    Deno.writeTextFileSync(`${dir}/a.csv`, "x,y\n1,2\n");
    assertTensor(loadCsv(`${dir}/a.csv`, { header: true }), "f32", [1, 2], [
      1,
      2,
    ]);
    Deno.writeFileSync(`${dir}/b.csv`, new Uint8Array([0x31, 0xff, 0x0a]));
    assertKernelError(
      () => loadCsv(`${dir}/b.csv`, { header: false }),
      "R0011",
      "not valid UTF-8",
    );
    assertKernelError(
      () => loadCsv(`${dir}/c.csv`, { header: false }),
      "R0011",
      `${dir}/c.csv`,
      "no such file",
    );
  } finally {
    cleanup();
  }
});
