// Expressions of a requested type: the entry point every generator calls,
// plus the pieces they share (variables, literals, calls, if and match).
// Scalars live in program_gen_scalar.ts, lists, tuples, closures and tensors
// in program_gen_data.ts.

import type { GenContext, GenFn } from "./program_gen_context.ts";
import { genData } from "./program_gen_data.ts";
import { genScalar } from "./program_gen_scalar.ts";
import { BOOL, type GType, INT, sameType, STR } from "./program_gen_types.ts";

/** An expression of type `t`, nested at most `depth` deep. */
export function genExpr(ctx: GenContext, t: GType, depth: number): string {
  if (t.k === "int" || t.k === "float" || t.k === "bool" || t.k === "str") {
    return genScalar(ctx, t, depth);
  }
  return genData(ctx, t, depth);
}

/** The name of a visible variable of type `t`, if any (innermost favoured). */
export function pickVar(ctx: GenContext, t: GType): string | undefined {
  const vs = ctx.vars((v) => sameType(v.type, t));
  if (vs.length === 0) return undefined;
  return vs[ctx.rng.chance(0.5) ? 0 : ctx.rng.int(vs.length)].name;
}

/** A small int literal, sometimes a large or negative one. */
export function intLiteral(ctx: GenContext): string {
  const r = ctx.rng.next();
  if (r < 0.7) return String(ctx.rng.int(10));
  if (r < 0.88) return String(ctx.rng.range(10, 1000));
  if (r < 0.91) {
    return ctx.rng.pick([
      "46341",
      "65536",
      "1_000_000",
      "2147483647",
      "2147483646",
      "1073741824",
    ]);
  }
  return `(-${ctx.rng.range(1, 20)})`;
}

/** A call of a visible function returning `t`, charged to the budget. */
export function genCall(
  ctx: GenContext,
  t: GType,
  depth: number,
): string | undefined {
  const fns = ctx.fns.filter((f) => sameType(f.ret, t));
  if (fns.length === 0) return undefined;
  const f: GenFn = ctx.rng.pick(fns);
  if (!ctx.afford(f.cost)) return undefined;
  const args = f.params.map((p, i) =>
    f.recursive && i === 0 ? String(ctx.rng.int(9)) : genExpr(ctx, p, depth - 1)
  );
  return `${f.name}(${args.join(", ")})`;
}

/** A call of a visible closure-typed variable returning `t`. */
export function genClosureCall(
  ctx: GenContext,
  t: GType,
  depth: number,
): string | undefined {
  const vs = ctx.vars((v) => v.type.k === "fn" && sameType(v.type.ret, t));
  if (vs.length === 0) return undefined;
  const v = ctx.rng.pick(vs);
  if (v.type.k !== "fn" || !ctx.afford(30)) return undefined;
  const args = v.type.params.map((p) => genExpr(ctx, p, depth - 1));
  return `${v.name}(${args.join(", ")})`;
}

/** `if c { a } else { b }` as a value of type `t`. */
export function genIfExpr(ctx: GenContext, t: GType, depth: number): string {
  const c = genExpr(ctx, BOOL, depth - 1);
  const a = genExpr(ctx, t, depth - 1);
  const b = genExpr(ctx, t, depth - 1);
  return `(if ${c} { ${a} } else { ${b} })`;
}

/** A `match` on an int, a str or a pair of ints, giving a value of type `t`. */
export function genMatch(ctx: GenContext, t: GType, depth: number): string {
  const arms: string[] = [];
  const kind = ctx.rng.int(3);
  const scrut = kind === 2
    ? `(${genExpr(ctx, INT, depth - 1)}, ${genExpr(ctx, INT, depth - 1)})`
    : genExpr(ctx, kind === 0 ? INT : STR, depth - 1);
  const lit = () =>
    kind === 1
      ? JSON.stringify(ctx.rng.pick(["", "a", "b", "ab", "0"]))
      : String(ctx.rng.int(5));
  const n = ctx.fresh("m");
  const bound = { name: n, type: kind === 1 ? STR : INT, mutable: false };
  for (let i = ctx.rng.range(1, 3); i > 0; i--) {
    const pat = kind === 2
      ? `(${ctx.rng.chance(0.5) ? lit() : "_"}, ${lit()})`
      : ctx.rng.chance(0.3)
      ? `${lit()} | ${lit()}`
      : lit();
    arms.push(`${pat} => ${genExpr(ctx, t, depth - 1)}`);
  }
  const guarded = kind !== 2 && ctx.rng.chance(0.5);
  if (guarded) {
    const guard = kind === 0 ? `${n} < ${ctx.rng.int(4)}` : `len(${n}) > 1`;
    const value = ctx.scoped(() => genExpr(ctx, t, depth - 1), [bound]);
    arms.push(`${n} if ${guard} => ${value}`);
  }
  if (guarded && ctx.rng.chance(0.08)) {
    // Only guarded arms can fail here: a possible runtime error R0005.
  } else if (kind !== 2 && ctx.rng.chance(0.3)) {
    const value = ctx.scoped(() => genExpr(ctx, t, depth - 1), [bound]);
    arms.push(`${n} => ${value}`);
  } else {
    arms.push(`_ => ${genExpr(ctx, t, depth - 1)}`);
  }
  return `(match ${scrut} { ${arms.join(", ")} })`;
}
