// Statements for the program generator: declarations, assignments, prints,
// if/else, bounded loops (ranges, lists, tensors, counted whiles) with
// break/continue, pushes, tensor element writes, tuple destructuring and
// early returns. Every loop's trip count is known, and charged to the budget.

import type { GenContext, GenVar, ListFacts } from "./program_gen_context.ts";
import { genExpr } from "./program_gen_expr.ts";
import { genTensorShow, randomTensorType } from "./program_gen_tensor.ts";
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

/** Types of declared variables (lists of ints are declared separately). */
function declType(ctx: GenContext): GType {
  const { rng } = ctx;
  const r = rng.int(20);
  if (r < 5) return INT;
  if (r < 9) return FLOAT;
  if (r < 10) return BOOL;
  if (r < 12) return STR;
  if (r < 15) return randomTensorType(ctx);
  if (r < 16) return { k: "tuple", items: [INT, FLOAT] };
  if (r < 17) return { k: "tuple", items: [STR, INT] };
  if (r < 18) return { k: "list", elem: STR };
  if (r < 19) return { k: "list", elem: { k: "tuple", items: [INT, FLOAT] } };
  return { k: "fn", params: [INT], ret: rng.chance(0.7) ? INT : FLOAT };
}

/**
 * The facts of a list-typed declaration's value: an alias shares its
 * source's (pushes through either name lengthen both), a slice or a literal
 * gets its own.
 */
function listFacts(
  ctx: GenContext,
  t: GType,
  value: string,
): ListFacts | undefined {
  if (t.k !== "list") return undefined;
  const src = ctx.vars((v) => v.list !== undefined && value.startsWith(v.name))
    .find((v) => value === v.name || value.startsWith(`${v.name}[`));
  if (src?.list === undefined) return { minLen: 0, maxLen: 3, frozen: false };
  if (value === src.name) return src.list;
  return { minLen: 0, maxLen: src.list.maxLen, frozen: false };
}

function genDecl(ctx: GenContext): GenNode[] {
  const { rng } = ctx;
  if (!ctx.inFunction && rng.chance(0.12)) return genIntList(ctx);
  if (!ctx.inFunction && rng.chance(0.05)) return genClosureList(ctx);
  const t = declType(ctx);
  const name = ctx.fresh("v");
  const mutable = rng.chance(0.5) && t.k !== "fn";
  const ann = rng.chance(0.25) ? `: ${typeText(t)}` : "";
  const value = genExpr(ctx, t, rng.range(1, 3));
  ctx.declare({ name, type: t, mutable, list: listFacts(ctx, t, value) });
  const out: GenNode[] = [
    `${mutable ? "var" : "let"} ${name}${ann} = ${value}`,
  ];
  if (rng.chance(0.4)) out.push(`print(${name})`);
  return out;
}

/** `var xs: List<int> = []` filled by a loop of known length. */
function genIntList(ctx: GenContext): GenNode[] {
  const { rng } = ctx;
  const n = rng.range(0, 5);
  if (!ctx.afford(n + 1)) return [];
  const name = ctx.fresh("xs");
  const i = ctx.fresh("i");
  const item = ctx.scoped(
    () => genExpr(ctx, INT, 1),
    [{ name: i, type: INT, mutable: false }],
  );
  ctx.declare({
    name,
    type: { k: "list", elem: INT },
    mutable: true,
    list: { minLen: n, maxLen: n, frozen: false },
  });
  return [
    `var ${name}: List<int> = []`,
    block(`for ${i} in 0..${n} {`, [`push(${name}, ${item})`]),
    `print(${name})`,
  ];
}

/**
 * Closures made in a loop (each captures that iteration's variable) kept in
 * a list and called after the loop.
 */
function genClosureList(ctx: GenContext): GenNode[] {
  const { rng } = ctx;
  const n = rng.range(1, 4);
  if (!ctx.afford(4 * n + 2)) return [];
  const fs = ctx.fresh("fs");
  const i = ctx.fresh("i");
  const x = ctx.fresh("x");
  const f = ctx.fresh("g");
  const body = ctx.scoped(
    () => genExpr(ctx, INT, 1) + ` + ${x} * ${i}`,
    [{ name: i, type: INT, mutable: false }, {
      name: x,
      type: INT,
      mutable: false,
    }],
  );
  const arg = genExpr(ctx, INT, 1);
  return [
    `var ${fs}: List<fn(int) -> int> = []`,
    block(`for ${i} in 0..${n} {`, [
      `push(${fs}, fn(${x}: int) -> int { ${body} })`,
    ]),
    block(`for ${f} in ${fs} {`, [`print(${f}(${arg}))`]),
  ];
}

function showType(ctx: GenContext): GType | "tensor" {
  const r = ctx.rng.int(10);
  if (r < 3) return INT;
  if (r < 5) return FLOAT;
  if (r < 6) return BOOL;
  if (r < 7) return STR;
  if (r < 9) return "tensor";
  const vs = ctx.vars((v) => v.type.k === "list" || v.type.k === "tuple");
  return vs.length > 0 ? ctx.rng.pick(vs).type : INT;
}

function genPrint(ctx: GenContext): GenNode[] {
  const n = ctx.rng.range(1, 3);
  const items = Array.from({ length: n }, () => {
    const t = showType(ctx);
    return t === "tensor" ? genTensorShow(ctx, 2) : genExpr(ctx, t, 2);
  });
  return [`print(${items.join(", ")})`];
}

function genAssign(ctx: GenContext): GenNode[] {
  const { rng } = ctx;
  const vs = ctx.vars((v) => v.mutable && v.type.k !== "list");
  if (vs.length === 0) return genPrint(ctx);
  const v = rng.pick(vs);
  const k = v.type.k;
  const ops = k === "int"
    ? ["=", "+=", "-=", "*="]
    : k === "float"
    ? ["=", "+=", "-=", "*=", "/="]
    : k === "str"
    ? ["=", "+="]
    : k === "tensor" && v.type.dtype === "f32"
    ? ["=", "+=", "*="]
    : ["="];
  // A str assignment keeps at most 40 characters of its value, so repeated
  // `s = s + s` in nested loops cannot grow a str exponentially.
  const rhs = k === "str"
    ? `(${genExpr(ctx, v.type, 2)})[0:40]`
    : genExpr(ctx, v.type, 2);
  const out: GenNode[] = [`${v.name} ${rng.pick(ops)} ${rhs}`];
  if (rng.chance(0.5)) out.push(`print(${v.name})`);
  return out;
}

function genIf(ctx: GenContext): GenNode[] {
  const { rng } = ctx;
  const parts: { head: string; body: GenNode[] }[] = [];
  const n = rng.chance(0.5) ? 1 : rng.range(2, 3);
  for (let i = 0; i < n; i++) {
    const last = i === n - 1 && i > 0 && rng.chance(0.6);
    const head = last
      ? "else {"
      : `${i > 0 ? "else " : ""}if ${genExpr(ctx, BOOL, 2)} {`;
    parts.push({
      head,
      body: ctx.scoped(() => genStmts(ctx, rng.range(1, 3))),
    });
  }
  return [{ parts, close: "}" }];
}

function loopBody(
  ctx: GenContext,
  trips: number,
  vars: GenVar[],
  pre: GenNode[] = [],
): GenNode[] {
  return ctx.inLoop(
    trips,
    () => [...pre, ...genStmts(ctx, ctx.rng.range(1, 3))],
    vars,
  );
}

function genFor(ctx: GenContext): GenNode[] {
  const { rng } = ctx;
  const i = ctx.fresh("i");
  const r = rng.int(10);
  const lists = ctx.vars((v) => v.type.k === "list");
  if (r < 3 && lists.length > 0) {
    const l = rng.pick(lists);
    if (l.type.k !== "list") return [];
    const facts = l.list ?? { minLen: 0, maxLen: 3, frozen: false };
    const trips = facts.maxLen;
    const el = l.type.elem;
    const was = facts.frozen;
    facts.frozen = true;
    try {
      if (el.k === "tuple" && rng.chance(0.6)) {
        const a = ctx.fresh("a");
        const b = ctx.fresh("b");
        const vars = [
          { name: a, type: el.items[0], mutable: false },
          { name: b, type: el.items[1], mutable: false },
        ];
        return [
          block(`for (${a}, ${b}) in ${l.name} {`, loopBody(ctx, trips, vars)),
        ];
      }
      const vars = [{ name: i, type: el, mutable: false }];
      return [block(`for ${i} in ${l.name} {`, loopBody(ctx, trips, vars))];
    } finally {
      facts.frozen = was;
    }
  }
  if (r < 5) {
    const t = randomTensorType(ctx);
    if (t.k !== "tensor") return [];
    const src = genExpr(ctx, t, 1);
    const el: GType = t.shape.length === 2
      ? tensorOf(t.dtype, [t.shape[1]])
      : t.dtype === "f32"
      ? FLOAT
      : INT;
    const vars = [{ name: i, type: el, mutable: false }];
    return [block(`for ${i} in ${src} {`, loopBody(ctx, t.shape[0], vars))];
  }
  const a = rng.int(3);
  const trips = rng.int(6);
  const range = rng.chance(0.3)
    ? `${a}..=${a + trips - 1}`
    : `${a}..${a + trips}`;
  const vars = [{ name: i, type: INT, mutable: false }];
  return [block(`for ${i} in ${range} {`, loopBody(ctx, trips, vars))];
}

function genWhile(ctx: GenContext): GenNode[] {
  const { rng } = ctx;
  const w = ctx.fresh("w");
  const trips = rng.range(1, 6);
  const extra = rng.chance(0.3) ? ` && ${genExpr(ctx, BOOL, 1)}` : "";
  const counter = { name: w, type: INT, mutable: false };
  const body = loopBody(ctx, trips, [counter], [`${w} += 1`]);
  return [`var ${w} = 0`, block(`while ${w} < ${trips}${extra} {`, body)];
}

function genJump(ctx: GenContext): GenNode[] {
  const word = ctx.rng.pick(["break", "continue"]);
  return [block(`if ${genExpr(ctx, BOOL, 1)} {`, [word])];
}

function genReturn(ctx: GenContext): GenNode[] {
  if (ctx.fnRet === undefined) return [];
  const value = genExpr(ctx, ctx.fnRet, 2);
  return [block(`if ${genExpr(ctx, BOOL, 1)} {`, [`return ${value}`])];
}

function genPush(ctx: GenContext): GenNode[] {
  if (ctx.inFunction) return [];
  const ls = ctx.vars((v) =>
    v.type.k === "list" && v.list !== undefined && !v.list.frozen
  );
  if (ls.length === 0) return [];
  const l = ctx.rng.pick(ls);
  if (l.type.k !== "list") return [];
  if (l.list === undefined) return [];
  l.list.maxLen += ctx.mult;
  return [`push(${l.name}, ${genExpr(ctx, l.type.elem, 1)})`];
}

function genTensorWrite(ctx: GenContext): GenNode[] {
  const { rng } = ctx;
  const ts = ctx.vars((v) => v.type.k === "tensor");
  if (ts.length === 0) return [];
  const v = rng.pick(ts);
  if (v.type.k !== "tensor") return [];
  const idx = v.type.shape.map((n) => String(rng.range(-n, n - 1)));
  const full = rng.chance(0.7) || v.type.shape.length === 1;
  const value = full
    ? genExpr(ctx, v.type.dtype === "f32" ? FLOAT : INT, 1)
    : genExpr(ctx, tensorOf(v.type.dtype, [v.type.shape[1]]), 1);
  const target = full ? idx.join(", ") : idx[0];
  return [`${v.name}[${target}] = ${value}`, `print(${v.name})`];
}

function genDestructure(ctx: GenContext): GenNode[] {
  const t: GType = ctx.rng.chance(0.5)
    ? { k: "tuple", items: [INT, FLOAT] }
    : { k: "tuple", items: [STR, INT] };
  if (t.k !== "tuple") return [];
  const value = genExpr(ctx, t, 2);
  const names = t.items.map((it) =>
    ctx.declare({ name: ctx.fresh("d"), type: it, mutable: false }).name
  );
  return [`let (${names.join(", ")}) = ${value}`, `print(${names.join(", ")})`];
}

/** One statement (or a few that belong together), or none when over budget. */
export function genStmt(ctx: GenContext): GenNode[] {
  const { rng } = ctx;
  if (!ctx.afford(1)) return [];
  const nested = ctx.nest < 3 && ctx.costCap - ctx.cost > 20;
  const r = rng.int(100);
  if (r < 24) return genDecl(ctx);
  if (r < 44) return genPrint(ctx);
  if (r < 58) return genAssign(ctx);
  if (r < 66 && nested) return genIf(ctx);
  if (r < 74 && nested) return genFor(ctx);
  if (r < 78 && nested) return genWhile(ctx);
  if (r < 82) return genPush(ctx);
  if (r < 86) return genTensorWrite(ctx);
  if (r < 89) return genDestructure(ctx);
  if (r < 94 && ctx.loopDepth > 0) return genJump(ctx);
  if (r < 97 && ctx.fnRet !== undefined) return genReturn(ctx);
  return genPrint(ctx);
}

/** About `n` statements. */
export function genStmts(ctx: GenContext, n: number): GenNode[] {
  const out: GenNode[] = [];
  for (let i = 0; i < n; i++) out.push(...genStmt(ctx));
  return out;
}
