// Builtins that are not about tensors: print, str, int, float, round, seed,
// clock, assert, push, range, args, len.

import * as K from "../../kernels/mod.ts";
import { formatValue } from "../format_value.ts";
import { runtimeError } from "../runtime_error.ts";
import {
  type BuiltinImpl,
  DlFloat,
  DlList,
  DlRange,
  DlTuple,
  typeName,
  UNIT,
} from "../values.ts";
import { argError, req, toInt, toNumber } from "./convert.ts";

/** Round half to even (numpy, Python, PyTorch), at `digits` decimals. */
export function roundHalfEven(x: number, digits: number): number {
  if (!Number.isFinite(x) || digits > 300) return x;
  if (digits < -308) return x < 0 ? -0 : 0;
  const m = 10 ** Math.abs(digits);
  const s = digits >= 0 ? x * m : x / m;
  let r = Math.round(s);
  if (Math.abs(s % 1) === 0.5) r = 2 * Math.round(s / 2);
  const out = digits >= 0 ? r / m : r * m;
  return out === 0 && x < 0 ? -0 : out;
}

/** Implementations of the misc builtins, by name. */
export const MISC_BUILTINS: Record<string, BuiltinImpl> = {
  print: (args, ctx) => {
    let line = "";
    for (let i = 0; i < args.length; i++) {
      if (i > 0) line += " ";
      line += formatValue(args[i]!);
    }
    ctx.write(line + "\n");
    return UNIT;
  },
  str: ([x]) => formatValue(req("str", x, "x")),
  int: ([x]) => {
    const v = req("int", x, "x");
    if (typeof v === "number") return v;
    if (v instanceof DlFloat) {
      const t = Math.trunc(v.value);
      if (!(t >= -2147483648 && t <= 2147483647)) {
        throw new K.KernelError("R0009", [K.formatFloat(v.value), "int"]);
      }
      return t + 0;
    }
    throw new K.KernelError("R0009", [typeName(v), "int"]);
  },
  float: ([x]) => {
    const v = req("float", x, "x");
    if (typeof v === "number") return new DlFloat(v);
    if (v instanceof DlFloat) return v;
    throw new K.KernelError("R0009", [typeName(v), "float"]);
  },
  round: ([x, d]) => {
    const digits = d === undefined ? 0 : toInt("round", d, "digits");
    return new DlFloat(roundHalfEven(toNumber("round", x, "x"), digits));
  },
  seed: ([n]) => {
    K.seed(toInt("seed", n, "n"));
    return UNIT;
  },
  clock: () => new DlFloat(performance.now() / 1000),
  assert: ([cond, message], ctx) => {
    const c = req("assert", cond, "cond");
    if (typeof c !== "boolean") {
      throw argError("assert", `cond must be a bool, found ${typeName(c)}`);
    }
    if (c) return UNIT;
    const text = message === undefined
      ? ctx.span.file.text.slice(ctx.span.start, ctx.span.end)
      : formatValue(message);
    throw runtimeError("R0006", ctx.span, [text]);
  },
  push: ([list, v]) => {
    const l = req("push", list, "list");
    if (!(l instanceof DlList)) {
      throw argError("push", `expected a list, found ${typeName(l)}`);
    }
    l.items.push(req("push", v, "value"));
    return UNIT;
  },
  range: ([a, b]) =>
    new DlRange(toInt("range", a, "start"), toInt("range", b, "stop")),
  args: (_, ctx) => new DlList([...ctx.argv]),
  len: ([x]) => {
    const v = req("len", x, "x");
    if (v instanceof DlList || v instanceof DlTuple) return v.items.length;
    if (typeof v === "string") return codePoints(v);
    if (v instanceof DlRange) return v.length;
    if (v instanceof K.Tensor) {
      if (v.shape.length === 0) {
        throw argError("len", "a 0-d tensor has no length");
      }
      return v.shape[0];
    }
    throw argError("len", `${typeName(v)} has no length`);
  },
};

/** The number of characters (code points) of `s`, without an array of them. */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
