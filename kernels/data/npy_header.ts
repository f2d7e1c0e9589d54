// The header of a .npy file: the Python dict literal
// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` — a parser for
// the small subset of Python literals numpy writes there, and the formatter
// that writes it exactly as numpy's `np.save` does.

/** A value of the Python literal subset found in npy headers. */
export type PyValue = string | number | boolean | null | PyValue[];

/** The three fields of an npy header. */
export interface NpyHeader {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
}

/** Thrown by the parser; the caller turns it into R0011 with the file name. */
export class HeaderSyntaxError extends Error {}

class LiteralParser {
  i = 0;
  constructor(readonly s: string) {}

  fail(what: string): never {
    throw new HeaderSyntaxError(`${what} at offset ${this.i}`);
  }

  skipSpace(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  eat(c: string): boolean {
    this.skipSpace();
    if (this.s[this.i] !== c) return false;
    this.i++;
    return true;
  }

  expect(c: string): void {
    if (!this.eat(c)) this.fail(`expected '${c}'`);
  }

  /** Items up to `close`, separated by commas, a trailing comma allowed. */
  items(close: string, item: () => void): void {
    while (!this.eat(close)) {
      item();
      if (!this.eat(",")) {
        this.expect(close);
        return;
      }
    }
  }

  value(): PyValue {
    this.skipSpace();
    const c = this.s[this.i];
    if (c === "'" || c === '"') return this.string();
    if (c === "(" || c === "[") {
      this.i++;
      const out: PyValue[] = [];
      this.items(c === "(" ? ")" : "]", () => out.push(this.value()));
      return out;
    }
    const m = /^(?:True|False|None|[+-]?\d+L?)/.exec(this.s.slice(this.i));
    if (!m) this.fail("expected a Python literal");
    this.i += m[0].length;
    if (m[0] === "True") return true;
    if (m[0] === "False") return false;
    if (m[0] === "None") return null;
    return Number(m[0].replace("L", ""));
  }

  string(): string {
    const q = this.s[this.i++];
    let out = "";
    while (this.i < this.s.length && this.s[this.i] !== q) {
      if (this.s[this.i] === "\\") this.i++;
      out += this.s[this.i++] ?? "";
    }
    if (this.s[this.i] !== q) this.fail("unterminated string");
    this.i++;
    return out;
  }

  dict(): Map<string, PyValue> {
    const out = new Map<string, PyValue>();
    this.expect("{");
    this.items("}", () => {
      this.skipSpace();
      const q = this.s[this.i];
      if (q !== "'" && q !== '"') this.fail("expected a string key");
      const key = this.string();
      this.expect(":");
      out.set(key, this.value());
    });
    this.skipSpace();
    if (this.i !== this.s.length) this.fail("unexpected text after the dict");
    return out;
  }
}

/**
 * Parses the header dict; returns the header or a message saying what is
 * wrong (a syntax error, a missing or unexpected key, a bad shape).
 */
export function parseNpyHeader(text: string): NpyHeader | string {
  let dict: Map<string, PyValue>;
  try {
    dict = new LiteralParser(text).dict();
  } catch (e) {
    // A syntax error, or a RangeError from absurdly deep nesting.
    return `malformed header (${e instanceof Error ? e.message : e})`;
  }
  for (const key of dict.keys()) {
    if (!["descr", "fortran_order", "shape"].includes(key)) {
      return `unexpected key '${key}' in the header`;
    }
  }
  const descr = dict.get("descr"), fortran = dict.get("fortran_order");
  const shape = dict.get("shape");
  if (Array.isArray(descr)) {
    return "structured dtypes (a list as 'descr') are not supported";
  }
  if (typeof descr !== "string") return "the header has no string 'descr'";
  if (typeof fortran !== "boolean") {
    return "the header has no boolean 'fortran_order'";
  }
  if (shape === undefined) return "the header has no 'shape'";
  if (
    !Array.isArray(shape) ||
    !shape.every((d) =>
      typeof d === "number" && Number.isSafeInteger(d) && d >= 0
    )
  ) {
    return "the header's 'shape' is not a tuple of non-negative ints";
  }
  return { descr, fortranOrder: fortran, shape: shape as number[] };
}

/** Python's repr of a shape tuple: `()`, `(3,)`, `(2, 3)`. */
export function formatShapeTuple(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(", ")})`;
}

const GROWTH_AXIS_MAX_DIGITS = 21;

/**
 * The header dict text numpy writes for `h` (keys sorted, a trailing `, `,
 * then spare spaces so the first axis can grow in place), before padding.
 */
export function formatNpyHeader(h: NpyHeader): string {
  const fortran = h.fortranOrder ? "True" : "False";
  let text = `{'descr': '${h.descr}', 'fortran_order': ${fortran}, ` +
    `'shape': ${formatShapeTuple(h.shape)}, }`;
  if (h.shape.length > 0) {
    const growAxis = h.fortranOrder ? h.shape[h.shape.length - 1] : h.shape[0];
    text += " ".repeat(
      Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(growAxis).length),
    );
  }
  return text;
}
