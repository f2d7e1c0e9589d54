// Compound values for the program generator: lists (variables and slices of
// them, str and tuple literals), tuples, closures (lambdas that may mutate a
// captured `var`, named functions, makers' results) and tensors.

import type { GenContext, GenVar } from "./program_gen_context.ts";
import { genCall, genExpr, pickVar } from "./program_gen_expr.ts";
import { genTensor } from "./program_gen_tensor.ts";
import { type GType, sameType, typeText } from "./program_gen_types.ts";

function genList(
  ctx: GenContext,
  t: GType & { k: "list" },
  depth: number,
): string {
  const { rng } = ctx;
  const v = pickVar(ctx, t);
  if (v !== undefined && rng.chance(0.8)) {
    if (rng.chance(0.7)) return v;
    const a = rng.int(3);
    return rng.chance(0.3) ? `${v}[::-1]` : `${v}[${a}:${a + rng.int(4)}]`;
  }
  if (t.elem.k === "int") return v ?? "[]";
  const n = rng.range(1, 3);
  const items = Array.from(
    { length: n },
    () => genExpr(ctx, t.elem, depth - 1),
  );
  return `[${items.join(", ")}]`;
}

function genTuple(
  ctx: GenContext,
  t: GType & { k: "tuple" },
  depth: number,
): string {
  const v = pickVar(ctx, t);
  if (v !== undefined && ctx.rng.chance(0.5)) return v;
  const call = ctx.rng.chance(0.2) ? genCall(ctx, t, depth) : undefined;
  if (call !== undefined) return call;
  return `(${t.items.map((i) => genExpr(ctx, i, depth - 1)).join(", ")})`;
}

/** A lambda of type `t`; its body may update a captured `var` first. */
export function genLambda(
  ctx: GenContext,
  t: GType & { k: "fn" },
): string {
  const { rng } = ctx;
  const params: GenVar[] = t.params.map((p) => ({
    name: ctx.fresh("p"),
    type: p,
    mutable: false,
  }));
  const captured = ctx.vars((v) =>
    v.mutable && (v.type.k === "int" || v.type.k === "float")
  );
  const body = ctx.inBody(
    { params, ret: t.ret, closure: true, cap: 30 },
    () => {
      let pre = "";
      if (captured.length > 0 && rng.chance(0.6)) {
        const c = rng.pick(captured);
        pre = `${c.name} ${rng.pick(["+=", "-=", "="])} ${
          genExpr(ctx, c.type, 1)
        }; `;
      }
      return pre + genExpr(ctx, t.ret, 2);
    },
  );
  const annotate = rng.chance(0.7);
  const ps = params.map((p) =>
    annotate ? `${p.name}: ${typeText(p.type)}` : p.name
  );
  const ret = annotate ? ` -> ${typeText(t.ret)}` : "";
  return `fn(${ps.join(", ")})${ret} { ${body.value} }`;
}

function genFnValue(
  ctx: GenContext,
  t: GType & { k: "fn" },
  depth: number,
): string {
  const { rng } = ctx;
  const v = pickVar(ctx, t);
  if (v !== undefined && rng.chance(0.4)) return v;
  const named = ctx.fns.filter((f) =>
    !f.recursive && sameType({ k: "fn", params: f.params, ret: f.ret }, t)
  );
  if (named.length > 0 && rng.chance(0.3)) return rng.pick(named).name;
  const made = rng.chance(0.3) ? genCall(ctx, t, depth) : undefined;
  return made ?? genLambda(ctx, t);
}

/** An expression of a list, tuple, function or tensor type. */
export function genData(ctx: GenContext, t: GType, depth: number): string {
  if (t.k === "list") return genList(ctx, t, depth);
  if (t.k === "tuple") return genTuple(ctx, t, depth);
  if (t.k === "fn") return genFnValue(ctx, t, depth);
  if (t.k === "tensor") return genTensor(ctx, t.dtype, t.shape, depth);
  return genExpr(ctx, t, depth);
}
