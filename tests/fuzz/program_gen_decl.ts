// Top-level declarations for the program generator: plain functions
// (annotated or inferred), functions recursive on a small int, a maker that
// returns a closure over its own `var`, and small models (a counter with a
// weight tensor, a Linear layer) with the statements that use them.

import type { GenContext, GenFn, GenVar } from "./program_gen_context.ts";
import { genExpr } from "./program_gen_expr.ts";
import { genStmts } from "./program_gen_stmt.ts";
import { randomTensorType } from "./program_gen_tensor.ts";
import {
  block,
  BOOL,
  FLOAT,
  type GenNode,
  type GType,
  INT,
  STR,
  tensorOf,
  typeText,
} from "./program_gen_types.ts";

function paramType(ctx: GenContext): GType {
  const r = ctx.rng.int(10);
  if (r < 4) return INT;
  if (r < 7) return FLOAT;
  if (r < 8) return BOOL;
  if (r < 9) return STR;
  return randomTensorType(ctx);
}

function signature(
  ctx: GenContext,
  name: string,
  params: GenVar[],
  ret: GType,
): string {
  const annotate = ctx.rng.chance(0.75);
  const ps = params.map((p) =>
    annotate || ctx.rng.chance(0.3) ? `${p.name}: ${typeText(p.type)}` : p.name
  );
  const r = annotate || ctx.rng.chance(0.5) ? ` -> ${typeText(ret)}` : "";
  return `fn ${name}(${ps.join(", ")})${r} {`;
}

/** A function of 1-3 parameters whose body has a few statements. */
export function genFunction(ctx: GenContext): GenNode {
  const { rng } = ctx;
  const name = ctx.fresh("f");
  const params: GenVar[] = Array.from({ length: rng.range(1, 3) }, () => ({
    name: ctx.fresh("a"),
    type: paramType(ctx),
    mutable: false,
  }));
  const ret = rng.chance(0.8)
    ? paramType(ctx)
    : { k: "tuple", items: [INT, FLOAT] } as GType;
  const body = ctx.inBody({ params, ret, closure: false, cap: 60 }, () => [
    ...genStmts(ctx, rng.range(0, 3)),
    genExpr(ctx, ret, 2),
  ]);
  ctx.fns.push({
    name,
    params: params.map((p) => p.type),
    ret,
    cost: body.cost,
  });
  return block(signature(ctx, name, params, ret), body.value);
}

/** A function recursive on its first argument (called with a small literal). */
export function genRecursive(ctx: GenContext): GenNode {
  const { rng } = ctx;
  const name = ctx.fresh("r");
  const n = ctx.fresh("n");
  const acc = ctx.fresh("a");
  const ret = rng.chance(0.7) ? INT : FLOAT;
  const params: GenVar[] = [
    { name: n, type: INT, mutable: false },
    { name: acc, type: ret, mutable: false },
  ];
  const twice = rng.chance(0.3);
  const body = ctx.inBody({ params, ret, closure: false, cap: 20 }, () => {
    const base = genExpr(ctx, ret, 1);
    const stmts = genStmts(ctx, rng.range(0, 2));
    const arg = () => genExpr(ctx, ret, 1);
    const op = rng.pick(["+", "-", "*"]);
    const call = twice
      ? `(${name}(${n} - 1, ${arg()}) ${op} ${name}(${n} - 2, ${arg()}))`
      : `(${name}(${n} - 1, ${arg()}) ${op} ${arg()})`;
    return [
      block(`if ${n} <= ${twice ? 1 : 0} {`, [`return ${base}`]),
      ...stmts,
      call,
    ];
  });
  const calls = twice ? 70 : 10;
  const fn: GenFn = {
    name,
    params: [INT, ret],
    ret,
    cost: body.cost * calls,
    recursive: true,
  };
  ctx.fns.push(fn);
  return block(signature(ctx, name, params, ret), body.value);
}

/** `fn mk(base: int) -> fn(int) -> int`: each result counts on its own `var`. */
export function genMaker(ctx: GenContext): GenNode {
  const { rng } = ctx;
  const name = ctx.fresh("mk");
  const base = ctx.fresh("base");
  const acc = ctx.fresh("acc");
  const x = ctx.fresh("x");
  const op = rng.pick(["+=", "-=", "*="]);
  const out = rng.pick([
    acc,
    `(${acc} * 2)`,
    `(${acc} - ${x})`,
    `(${acc} % 7)`,
  ]);
  const ret: GType = { k: "fn", params: [INT], ret: INT };
  ctx.fns.push({ name, params: [INT], ret, cost: 3 });
  return block(`fn ${name}(${base}: int) -> fn(int) -> int {`, [
    `var ${acc} = ${base}`,
    `fn(${x}: int) -> int { ${acc} ${op} ${x}; ${out} }`,
  ]);
}

const FORWARDS = [
  (x: string, w: string, s: string) => `${x} * ${w} + ${s}`,
  (x: string, w: string, _s: string) => `relu(${x} - ${w})`,
  (x: string, w: string, s: string) => `tanh(${x} @ ${w}) * ${s}`,
  (x: string, w: string, _s: string) => `${x} / (abs(${w}) + 1.0)`,
];

/** A model with a counter field, a weight tensor and two methods. */
export function genCounterModel(ctx: GenContext): GenNode {
  const { rng } = ctx;
  const name = ctx.fresh("M");
  const f = rng.pick(FORWARDS);
  const body: GenNode[] = [
    "var count = k",
    `let w = ${
      rng.pick(["ones([3]) * s", "arange(3) * s", "linspace(0.0, s, 3)"])
    }`,
    `fn forward(x) { ${f("x", "w", "s")} }`,
    block("fn bump(d: int) -> int {", [
      `count ${rng.pick(["+=", "-=", "*="])} d`,
      rng.pick(["count", "count * 2", "count - k"]),
    ]),
  ];
  ctx.models.push({
    name,
    construct: (c) =>
      `${name}(${c.rng.int(5)}, ${c.rng.pick(["0.5", "2.0", "-1.5"])})`,
    use: (c, m) => {
      const arg = genExpr(c, tensorOf("f32", [3]), 1);
      return c.rng.pick([
        [`print(${m}(${arg}))`],
        [`print(${m}.bump(${genExpr(c, INT, 1)}), ${m}.count)`],
        [`${m}.count = ${genExpr(c, INT, 1)}`, `print(${m}.bump(1))`],
        [`print(${m}.w, ${m})`],
      ]);
    },
  });
  return block(`model ${name}(k: int, s: float) {`, body);
}

/** A model around a Linear layer (seeded init), used on a batch. */
export function genLinearModel(ctx: GenContext): GenNode {
  const { rng } = ctx;
  const name = ctx.fresh("Net");
  const act = rng.pick(["relu", "tanh", "sigmoid"]);
  ctx.models.push({
    name,
    construct: () => `${name}(3, 2)`,
    use: (c, m) => {
      const x = genExpr(c, tensorOf("f32", [2, 3]), 1);
      return c.rng.pick([
        [`print(${m}(${x}))`],
        [`print(${m}.fc.weight.shape, len(params(${m})), ${m}.fc.bias)`],
        [`print(sum(${m}(${x})))`],
        [`print(grad(fn(net) { mean(net(${x})) })(${m}).fc.bias)`],
      ]);
    },
  });
  return block(`model ${name}(inp: int, out: int) {`, [
    "let fc = Linear(inp, out)",
    `fn forward(x) { ${act}(fc(x)) }`,
  ]);
}

/** Declares an instance of a known model and uses it a few times. */
export function genModelUse(ctx: GenContext): GenNode[] {
  if (ctx.models.length === 0 || ctx.inFunction || !ctx.afford(10)) return [];
  const m = ctx.rng.pick(ctx.models);
  const inst = ctx.fresh("net");
  const out: GenNode[] = [`let ${inst} = ${m.construct(ctx)}`];
  for (let i = ctx.rng.range(1, 3); i > 0; i--) out.push(...m.use(ctx, inst));
  return out;
}
