// The one table of diagnostic messages. Every error dl reports has a code
// here; `{0}`, `{1}`… are filled by makeDiagnostic. Ranges: E00xx lexing,
// E01xx parsing, E02xx names and scopes, E03xx types, E04xx shapes, E05xx
// imports and files, E06xx patterns and control flow, R0xxx runtime errors,
// U0xxx usage errors. Add new codes at the end of their section.

/** Message templates by code. */
export const CODES = {
  // --- lexing (E00xx) ---
  E0001: "unexpected character `{0}`",
  E0002: "unterminated string literal",
  E0003: "unknown escape sequence `{0}`",
  E0004: "unterminated block comment",
  E0005: "invalid number literal `{0}`",
  E0006: "integer literal `{0}` is out of range for int",
  E0007: "invalid unicode escape `{0}`",
  // --- parsing (E01xx) ---
  E0101: "expected {0}, found {1}",
  E0102: "expected an expression, found {0}",
  E0103: "unmatched `{0}`",
  E0104: "named argument `{0}` is followed by a positional argument",
  E0105: "invalid assignment target",
  E0106: "expected a type, found {0}",
  E0107: "expected a pattern, found {0}",
  E0108: "nesting is too deep",
  E0109: "`{0}` is only allowed inside a model",
  E0110: "duplicate named argument `{0}`",
  E0111: "{0} more syntax errors not shown",
  // --- names and scopes (E02xx) ---
  E0201: "cannot find `{0}` in this scope",
  E0202: "cannot assign twice to immutable variable `{0}`",
  E0203: "`{0}` is defined more than once",
  E0204: "`{0}` outside of a loop",
  E0205: "`return` outside of a function",
  E0206: "no member `{0}` on {1}",
  E0207: "cannot assign to {0}",
  E0208: "cannot assign to the `let` field `{0}`",
  // --- types (E03xx) ---
  E0301: "mismatched types: expected {0}, found {1}",
  E0302: "this function takes {0} argument{1} but {2} {3} supplied",
  E0303: "cannot apply `{0}` to {1} and {2}",
  E0304: "cannot apply unary `{0}` to {1}",
  E0305: "condition must be `bool`, found {0}",
  E0306: "{0} is not callable",
  E0307: "no parameter named `{0}`",
  E0308: "cannot index {0}",
  E0309: "unknown type `{0}`",
  E0310: "ragged nested literal: expected {0} elements, found {1}",
  E0311: "`{0}` expects {1}, found {2}",
  E0312: "cannot iterate over {0}",
  E0313: "tuple has {0} fields, pattern has {1}",
  E0314: "mismatched types in `if` branches: {0} and {1}",
  E0315: "list elements must have one type: {0} and {1}",
  E0316: "no field `{0}` on tuple of {1} fields",
  E0317: "argument `{0}` is given twice",
  E0318: "missing argument `{0}`",
  E0319: "unknown dtype `{0}`",
  // --- shapes (E04xx) ---
  E0401: "shape mismatch in `{0}`: {1}",
  E0402: "axis {0} is out of range for a tensor of rank {1}",
  E0403: "cannot reshape {0} into {1}",
  E0404: "too many indices: tensor of rank {0} indexed with {1}",
  E0405: "index {0} is out of range for dimension of size {1}",
  // --- imports and files (E05xx) ---
  E0501: "cannot read `{0}`: {1}",
  E0502: "import cycle: {0}",
  E0503: "`import` is only allowed at the top level of a file",
  // --- patterns and control flow (E06xx) ---
  E0601: "non-exhaustive `match`: no arm matches {0}",
  E0602: "unreachable match arm",
  // --- runtime (R0xxx) ---
  R0001: "integer overflow",
  R0002: "integer division by zero",
  R0003: "index {0} is out of range for {1} of length {2}",
  R0004: "stack overflow",
  R0005: "no arm of this `match` matches {0}",
  R0006: "assertion failed: {0}",
  R0007: "{0}",
  R0008: "shape mismatch in `{0}`: {1}",
  R0009: "cannot convert {0} to {1}",
  R0010: "cannot modify a tensor that a gradient computation is using",
  R0011: "cannot read `{0}`: {1}",
  R0012: "invalid argument to `{0}`: {1}",
  R0013: "step limit exceeded",
  R0014: "cannot write `{0}`: {1}",
  R0015: "dataset `{0}` not found: {1}",
  // --- usage (U0xxx) ---
  U0001: "{0}",
} as const;

/** A diagnostic code. */
export type CodeId = keyof typeof CODES;
