// Scalar expressions (int, float, bool, str) for the program generator:
// literals and variables at the leaves; arithmetic prone to overflow and
// division by zero, comparisons, conversions, math builtins, calls, `if` and
// `match` above them. Every binary result is parenthesised.

import type { GenContext } from "./program_gen_context.ts";
import {
  genCall,
  genClosureCall,
  genExpr,
  genIfExpr,
  genMatch,
  intLiteral,
  pickVar,
} from "./program_gen_expr.ts";
import { genTensorScalar } from "./program_gen_tensor.ts";
import { BOOL, FLOAT, type GType, INT, STR } from "./program_gen_types.ts";

type ScalarKind = "int" | "float" | "bool" | "str";

const FLOATS = [
  "0.5",
  "1.0",
  "2.5",
  "0.1",
  "3.25",
  "0.001",
  "100.0",
  "0.0",
  "1e-3",
  "2.5e3",
  "7.75",
  "0.3",
];
/** Str literals as dl source text (escapes included). */
const STRS = [
  '""',
  '"a"',
  '"b"',
  '"xy"',
  '"dl"',
  '"0"',
  '"héllo"',
  '"tab\\t"',
  '"q\\""',
  '"\\u{1F600}"',
];

/** A leaf of type int: literal, variable, tuple field, length, list item. */
function intLeaf(ctx: GenContext): string {
  const { rng } = ctx;
  const r = rng.next();
  if (r < 0.45) return pickVar(ctx, INT) ?? intLiteral(ctx);
  if (r < 0.55) {
    const tv = ctx.vars((v) =>
      v.type.k === "tuple" && v.type.items[0].k === "int"
    );
    if (tv.length > 0) return `${rng.pick(tv).name}.0`;
  } else if (r < 0.65) {
    const lv = ctx.vars((v) => v.type.k === "list" || v.type.k === "str");
    if (lv.length > 0) return `len(${rng.pick(lv).name})`;
  } else if (r < 0.72) {
    const lv = ctx.vars((v) =>
      v.type.k === "list" && v.type.elem.k === "int" &&
      (v.list?.minLen ?? 0) > 0
    );
    if (lv.length > 0) {
      const v = rng.pick(lv);
      const n = v.list?.minLen ?? 1;
      const i = rng.chance(0.03) ? n + 3 : rng.range(-n, n - 1);
      return `${v.name}[${i < 0 ? `-${-i}` : i}]`;
    }
  }
  return intLiteral(ctx);
}

function divisor(ctx: GenContext, depth: number): string {
  return ctx.rng.chance(0.85)
    ? String(ctx.rng.range(1, 9))
    : genExpr(ctx, INT, depth - 1);
}

function genInt(ctx: GenContext, depth: number): string {
  const { rng } = ctx;
  if (depth <= 0 || rng.chance(0.25)) return intLeaf(ctx);
  const sub = () => genExpr(ctx, INT, depth - 1);
  const r = rng.int(20);
  if (r < 6) return `(${sub()} ${rng.pick(["+", "-", "*"])} ${sub()})`;
  if (r < 8) return `(${sub()} % ${divisor(ctx, depth)})`;
  if (r === 8) return `(-${sub()})`;
  if (r === 9) {
    return rng.chance(0.3)
      ? `abs(${sub()})`
      : `${rng.pick(["min", "max"])}(${sub()}, ${sub()})`;
  }
  if (r === 10) return `(${sub()} ** ${rng.int(4)})`;
  if (r === 11) return `int(${genExpr(ctx, FLOAT, depth - 1)})`;
  if (r === 12) return genIfExpr(ctx, INT, depth);
  if (r === 13) return genMatch(ctx, INT, depth);
  if (r === 14) return genCall(ctx, INT, depth) ?? sub();
  if (r === 15) return genClosureCall(ctx, INT, depth) ?? sub();
  if (r === 16) return genTensorScalar(ctx, "i32", depth) ?? sub();
  if (r === 17) return `len(${genExpr(ctx, STR, depth - 1)})`;
  return intLeaf(ctx);
}

function genFloat(ctx: GenContext, depth: number): string {
  const { rng } = ctx;
  const leaf = () => pickVar(ctx, FLOAT) ?? rng.pick(FLOATS);
  if (depth <= 0 || rng.chance(0.25)) {
    return rng.chance(0.6) ? leaf() : rng.pick(FLOATS);
  }
  const sub = () => genExpr(ctx, FLOAT, depth - 1);
  const num = () => genExpr(ctx, rng.chance(0.7) ? FLOAT : INT, depth - 1);
  const r = rng.int(20);
  if (r < 6) return `(${num()} ${rng.pick(["+", "-", "*", "/"])} ${sub()})`;
  if (r === 6) {
    return `(${genExpr(ctx, INT, depth - 1)} / ${divisor(ctx, depth)})`;
  }
  if (r === 7) return `float(${genExpr(ctx, INT, depth - 1)})`;
  if (r === 8) {
    const f = rng.pick(["sqrt", "exp", "log", "sin", "cos", "tanh", "abs"]);
    return `${f}(${sub()})`;
  }
  if (r === 9) return `round(${sub()}, ${rng.int(3)})`;
  if (r === 10) return `(${sub()} % ${rng.pick(FLOATS)})`;
  if (r === 11) return `(-${sub()})`;
  if (r === 12) return genIfExpr(ctx, FLOAT, depth);
  if (r === 13) return genMatch(ctx, FLOAT, depth);
  if (r === 14) return genCall(ctx, FLOAT, depth) ?? sub();
  if (r === 15) return genClosureCall(ctx, FLOAT, depth) ?? sub();
  if (r < 18) return genTensorScalar(ctx, "f32", depth) ?? sub();
  if (r === 18) return `(abs(${sub()}) ** ${rng.pick(["0.5", "2.0", "1.5"])})`;
  return `${rng.pick(["min", "max"])}(${num()}, ${sub()})`;
}

function genBool(ctx: GenContext, depth: number): string {
  const { rng } = ctx;
  if (depth <= 0 || rng.chance(0.2)) {
    return pickVar(ctx, BOOL) ?? rng.pick(["true", "false"]);
  }
  const r = rng.int(10);
  const cmp = rng.pick(["<", "<=", ">", ">=", "==", "!="]);
  if (r < 4) {
    const t = rng.chance(0.6) ? INT : FLOAT;
    return `(${genExpr(ctx, t, depth - 1)} ${cmp} ${
      genExpr(ctx, t, depth - 1)
    })`;
  }
  if (r < 6) {
    const op = rng.pick(["&&", "||"]);
    return `(${genBool(ctx, depth - 1)} ${op} ${genBool(ctx, depth - 1)})`;
  }
  if (r === 6) return `(!${genBool(ctx, depth - 1)})`;
  if (r === 7) {
    const op = rng.pick(["==", "!="]);
    return `(${genExpr(ctx, STR, depth - 1)} ${op} ${
      genExpr(ctx, STR, depth - 1)
    })`;
  }
  if (r === 8) return genCall(ctx, BOOL, depth) ?? genBool(ctx, depth - 1);
  return genIfExpr(ctx, BOOL, depth);
}

function genStr(ctx: GenContext, depth: number): string {
  const { rng } = ctx;
  const lit = () => rng.pick(STRS);
  if (depth <= 0 || rng.chance(0.25)) return pickVar(ctx, STR) ?? lit();
  const r = rng.int(10);
  if (r < 3) return `(${genStr(ctx, depth - 1)} + ${genStr(ctx, depth - 1)})`;
  if (r < 6) {
    const t = rng.pick([INT, FLOAT, BOOL]);
    return `str(${genExpr(ctx, t, depth - 1)})`;
  }
  if (r === 6) {
    const a = rng.int(3);
    return `${genStr(ctx, depth - 1)}[${a}:${a + rng.int(3)}]`;
  }
  if (r === 7) return genIfExpr(ctx, STR, depth);
  if (r === 8) return genMatch(ctx, STR, depth);
  return genCall(ctx, STR, depth) ?? lit();
}

const SCALARS: Record<ScalarKind, (ctx: GenContext, depth: number) => string> =
  { int: genInt, float: genFloat, bool: genBool, str: genStr };

/** A scalar expression of type `t` (int, float, bool or str). */
export function genScalar(ctx: GenContext, t: GType, depth: number): string {
  return SCALARS[t.k as ScalarKind](ctx, depth);
}
