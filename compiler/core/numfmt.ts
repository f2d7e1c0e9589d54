// Number formatting (spec §9): the one place that turns floats into text, for
// print, str() and tensor printing. Floats use JavaScript's shortest
// round-trip text with `.0` added to integral values; f32 values use the
// shortest text that reads back to the same f32.
//
// Decisions: NaN prints `nan`, infinities `inf` / `-inf`, and negative zero
// `-0.0` (like numpy and Python, unlike JS's `0`), so -0.0 stays visible.

/** Shortest round-trip text of a binary64 float, JS style, with `.0` on integral values. */
export function formatFloat(x: number): string {
  if (x !== x) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const s = String(x);
  return /[.en]/.test(s) ? s : s + ".0";
}

/**
 * Shortest text that reads back to the same f32 (`x` must be an f32 value,
 * e.g. read from a Float32Array), in the style of formatFloat: `0.1`, `1e+21`.
 */
export function formatF32(x: number): string {
  if (x !== x || x === Infinity || x === -Infinity || x === 0) {
    return formatFloat(x);
  }
  for (let p = 1; p < 9; p++) {
    const v = Number(x.toPrecision(p));
    if (Math.fround(v) === x) return formatFloat(v);
  }
  // Nine significant digits always identify an f32.
  return formatFloat(Number(x.toPrecision(9)));
}

/** Text of an int (i32) value. */
export function formatInt(x: number): string {
  return String(x + 0);
}
