// CSV to a f32 tensor [rows, cols] (spec `load_csv`): RFC 4180 quoting
// ("a ""b"""), LF / CRLF / CR line ends, an optional header record that is
// skipped, blank lines ignored. Every field must be a number (decimal, with
// exponent, or inf / infinity / nan in any case); anything else is R0011
// naming the row, the column and the line.

import { Tensor } from "../tensor.ts";
import { readError, readFileText } from "./file_io.ts";

/** Options of `parseCsv`. */
export interface CsvOptions {
  /** Skip the first record (the column names). */
  header: boolean;
  /** Field separator, one character; default `,`. */
  delimiter?: string;
  /** The file name for error messages. */
  name?: string;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

function parseNumber(text: string): number | null {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  const m = SPECIAL.exec(t);
  if (!m) return null;
  if (m[2].toLowerCase() === "nan") return NaN;
  return m[1] === "-" ? -Infinity : Infinity;
}

/** A growable f32 buffer. */
class F32Builder {
  data = new Float32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
}

const LF = 10, CR = 13, QUOTE = 34;

/** Scans records; calls `onRecord(fields, line)` for each non-blank one. */
function scanRecords(
  text: string,
  delim: number,
  name: string,
  onRecord: (fields: string[], line: number) => void,
): void {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let quotedAny = false;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        quotedAny = true;
        const open = i;
        let j = i + 1, parts = "";
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            throw readError(
              name,
              `line ${start}: a quoted field is not closed before the end of the file`,
            );
          }
          parts += text.slice(j, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            parts += '"';
            j = q + 2;
            continue;
          }
          for (let k = open; k < q; k++) if (text.charCodeAt(k) === LF) line++;
          i = q + 1;
          break;
        }
        value = parts;
        const c = text.charCodeAt(i);
        if (i < n && c !== delim && c !== LF && c !== CR) {
          throw readError(
            name,
            `line ${line}: unexpected text after a closing quote`,
          );
        }
      } else {
        let j = i;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (c === delim || c === LF || c === CR) break;
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i < n && text.charCodeAt(i) === delim) {
        i++;
        continue;
      }
      break;
    }
    if (text.charCodeAt(i) === CR) i++;
    if (text.charCodeAt(i) === LF) i++;
    line++;
    const blank = fields.length === 1 && !quotedAny && fields[0].trim() === "";
    if (!blank) onRecord(fields, start);
  }
}

/**
 * Parses CSV text into a f32 tensor [rows, cols]. A non-numeric or empty
 * field, a record with the wrong number of fields, or an unclosed quote is
 * R0011 naming `opts.name`, the row and column (1-based) and the line.
 */
export function parseCsv(text: string, opts: CsvOptions): Tensor {
  const name = opts.name ?? "<text>";
  const delimiter = opts.delimiter ?? ",";
  if (delimiter.length !== 1 || delimiter === '"' || /[\r\n]/.test(delimiter)) {
    throw readError(name, `invalid CSV delimiter ${JSON.stringify(delimiter)}`);
  }
  const out = new F32Builder();
  let cols = -1, rows = 0, skipHeader = opts.header;
  scanRecords(text, delimiter.charCodeAt(0), name, (fields, line) => {
    if (cols < 0) cols = fields.length;
    const where = skipHeader ? "the header" : `row ${rows + 1}`;
    if (fields.length !== cols) {
      throw readError(
        name,
        `${where} (line ${line}) has ${fields.length} fields, expected ${cols}`,
      );
    }
    if (skipHeader) {
      skipHeader = false;
      return;
    }
    rows++;
    for (let c = 0; c < fields.length; c++) {
      const x = parseNumber(fields[c]);
      if (x === null) {
        const what = fields[c].trim() === ""
          ? "empty field"
          : `${JSON.stringify(fields[c])} is not a number`;
        throw readError(
          name,
          `row ${rows}, column ${c + 1} (line ${line}): ${what}`,
        );
      }
      out.push(x);
    }
  });
  const shape = [rows, Math.max(cols, 0)];
  return Tensor.fromData("f32", shape, out.data.slice(0, out.length));
}

/** Reads a CSV file into a f32 tensor; R0011 naming `path` on any failure. */
export function loadCsv(
  path: string,
  opts: { header: boolean; delimiter?: string },
): Tensor {
  return parseCsv(readFileText(path), { ...opts, name: path });
}
