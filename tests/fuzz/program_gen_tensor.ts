// Tensor expressions for the program generator, with their shapes tracked so
// every program checks cleanly: literals, creation builtins, element-wise
// arithmetic with broadcasting, matmul, transposes, reductions along an axis,
// indexing and slicing, grad of a small function; and scalars read out of
// tensors (full indexing, `item` of reductions).

import type { GenContext } from "./program_gen_context.ts";
import { genCall, genExpr, pickVar } from "./program_gen_expr.ts";
import {
  FLOAT,
  type GenDType,
  type GType,
  INT,
  tensorOf,
} from "./program_gen_types.ts";

/** The shapes tensors get. */
export const SHAPES: readonly (readonly number[])[] = [
  [2],
  [3],
  [4],
  [2, 3],
  [3, 2],
  [2, 2],
  [3, 3],
];

const F32_FNS = ["relu", "tanh", "sigmoid", "abs", "sin", "floor", "sign"];

function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

function literal(
  ctx: GenContext,
  dtype: GenDType,
  shape: readonly number[],
  depth: number,
): string {
  const { rng } = ctx;
  const elem = (first: boolean) => {
    if (dtype === "i32") {
      return rng.chance(0.2)
        ? genExpr(ctx, INT, Math.min(depth, 1))
        : String(rng.range(-3, 9));
    }
    if (!first && rng.chance(0.15)) return genExpr(ctx, FLOAT, 1);
    return rng.pick(["0.5", "1.0", "-2.0", "1.5", "0.25", "3.0", "-0.125"]);
  };
  const row = (n: number, first: boolean) =>
    `[${
      Array.from({ length: n }, (_, i) => elem(first && i === 0)).join(", ")
    }]`;
  if (shape.length === 1) return row(shape[0], true);
  return `[${
    Array.from({ length: shape[0] }, (_, i) => row(shape[1], i === 0)).join(
      ", ",
    )
  }]`;
}

function creation(
  ctx: GenContext,
  dtype: GenDType,
  shape: readonly number[],
): string {
  const { rng } = ctx;
  const s = shapeText(shape);
  const n = numel(shape);
  const shaped = (flat: string) =>
    shape.length === 1 ? flat : `reshape(${flat}, ${s})`;
  if (dtype === "i32") {
    const start = rng.range(-3, 3);
    return rng.pick([
      shaped(`arange(${n})`),
      shaped(`arange(${start}, ${start + 2 * n}, 2)`),
      `zeros(${s}, dtype: i32)`,
      `randint(0, 5, ${s})`,
    ]);
  }
  return rng.pick([
    `zeros(${s})`,
    `ones(${s})`,
    `full(${s}, ${rng.pick(["0.5", "2.0", "-1.5"])})`,
    shaped(`linspace(${rng.pick(["0.0", "-1.0"])}, 1.0, ${n})`),
    `rand(${s})`,
    `randn(${s})`,
    shape.length === 2 && shape[0] === shape[1]
      ? `eye(${shape[0]})`
      : `ones(${s})`,
  ]);
}

function compound(
  ctx: GenContext,
  dtype: GenDType,
  shape: readonly number[],
  depth: number,
): string {
  const { rng } = ctx;
  const same = () => genTensor(ctx, dtype, shape, depth - 1);
  const scalar = () => genExpr(ctx, dtype === "f32" ? FLOAT : INT, 0);
  const ops = dtype === "f32" ? ["+", "-", "*", "/"] : ["+", "-", "*"];
  const r = rng.int(14);
  if (r < 3) return `(${same()} ${rng.pick(ops)} ${same()})`;
  if (r === 3) return `(${same()} ${rng.pick(ops)} ${scalar()})`;
  if (r === 4) return `(${scalar()} ${rng.pick(ops)} ${same()})`;
  if (r === 5 && shape.length === 2) {
    const row = genTensor(ctx, dtype, [shape[1]], depth - 1);
    return `(${same()} ${rng.pick(ops)} ${row})`;
  }
  if (r === 6 && shape.length === 2) {
    const k = rng.range(1, 3);
    const a = genTensor(ctx, dtype, [shape[0], k], depth - 1);
    return `(${a} @ ${genTensor(ctx, dtype, [k, shape[1]], depth - 1)})`;
  }
  if (r === 6) {
    const k = rng.range(2, 3);
    const v = genTensor(ctx, dtype, [k], depth - 1);
    return `(${v} @ ${genTensor(ctx, dtype, [k, shape[0]], depth - 1)})`;
  }
  if (r === 7 && shape.length === 2) {
    return `${genTensor(ctx, dtype, [shape[1], shape[0]], depth - 1)}.T`;
  }
  if (r === 7 || r === 8) {
    const m = rng.range(2, 3);
    const axis = rng.int(2);
    const src = axis === 0 ? [m, ...shape] : [...shape, m];
    if (src.length > 2) return same();
    const f = dtype === "f32" ? rng.pick(["sum", "mean", "max", "min"]) : "sum";
    return `${f}(${genTensor(ctx, dtype, src, depth - 1)}, axis: ${axis})`;
  }
  if (r === 9 && dtype === "f32") {
    return `${rng.pick(F32_FNS)}(${same()})`;
  }
  if (r === 9 || r === 10) {
    return `(if ${
      genExpr(ctx, { k: "bool" }, 1)
    } { ${same()} } else { ${same()} })`;
  }
  if (r === 11 && dtype === "f32") {
    return rng.pick([
      `astype(${genTensor(ctx, "i32", shape, depth - 1)}, f32)`,
      `(${genTensor(ctx, "i32", shape, depth - 1)} * 0.5)`,
      `where((${same()} > ${same()}), ${same()}, ${scalar()})`,
      `maximum(${same()}, ${same()})`,
      `softmax(${same()}, axis: -1)`,
      `clip(${same()}, -1.0, 1.0)`,
      `grad(fn(x) { sum(${
        rng.pick(["x * x", "tanh(x)", "x * 3.0", "exp(x)"])
      }) })(${same()})`,
    ]);
  }
  if (r === 12 && shape.length === 1) {
    const v = ctx.vars((v) =>
      v.type.k === "tensor" && v.type.dtype === dtype &&
      v.type.shape.length === 1 && v.type.shape[0] >= shape[0]
    );
    if (v.length > 0) {
      const src = rng.pick(v);
      const len = src.type.k === "tensor" ? src.type.shape[0] : 0;
      const a = rng.int(len - shape[0] + 1);
      return rng.chance(0.3) && len === shape[0]
        ? `${src.name}[::-1]`
        : `${src.name}[${a}:${a + shape[0]}]`;
    }
  }
  if (r === 13 && shape.length === 1) {
    const m = rng.range(2, 3);
    const mat = pickVar(ctx, tensorOf(dtype, [m, shape[0]]));
    if (mat !== undefined) return `${mat}[${rng.int(m)}]`;
    const mat2 = pickVar(ctx, tensorOf(dtype, [shape[0], m]));
    if (mat2 !== undefined) return `${mat2}[:, ${rng.int(m)}]`;
  }
  return same();
}

/** A tensor expression of the given dtype and shape. */
export function genTensor(
  ctx: GenContext,
  dtype: GenDType,
  shape: readonly number[],
  depth: number,
): string {
  const { rng } = ctx;
  const t = tensorOf(dtype, shape);
  const v = pickVar(ctx, t);
  if (v !== undefined && rng.chance(depth <= 0 ? 0.8 : 0.4)) return v;
  if (depth <= 0 || rng.chance(0.25)) {
    return rng.chance(0.5)
      ? literal(ctx, dtype, shape, depth)
      : creation(ctx, dtype, shape);
  }
  if (rng.chance(0.1)) {
    const call = genCall(ctx, t, depth);
    if (call !== undefined) return call;
  }
  return compound(ctx, dtype, shape, depth);
}

/**
 * An index into a dim of size `n`: a literal in range, or rarely an int
 * variable (out of range at run time, perhaps; a literal out of range would
 * be a compile error).
 */
export function tensorIndex(ctx: GenContext, n: number): string {
  const vs = ctx.rng.chance(0.03) ? ctx.vars((v) => v.type.k === "int") : [];
  if (vs.length > 0) return ctx.rng.pick(vs).name;
  const i = ctx.rng.range(-n, n - 1);
  return i < 0 ? `-${-i}` : String(i);
}

/** A scalar read out of a tensor: an int for `i32`, a float for `f32`. */
export function genTensorScalar(
  ctx: GenContext,
  dtype: GenDType,
  depth: number,
): string | undefined {
  const { rng } = ctx;
  const shape = rng.pick(SHAPES);
  const t = tensorOf(dtype, shape);
  const src = pickVar(ctx, t) ?? `(${genTensor(ctx, dtype, shape, depth - 1)})`;
  if (rng.chance(0.5)) {
    const idx = shape.map((n) => tensorIndex(ctx, n));
    return `${src}[${idx.join(", ")}]`;
  }
  const f = dtype === "f32"
    ? rng.pick(["sum", "mean", "max", "min", "prod"])
    : rng.pick(["sum", "max", "min"]);
  return `item(${f}(${src}))`;
}

/** Something tensor-valued worth printing: a tensor, a 0-d reduction, a shape. */
export function genTensorShow(ctx: GenContext, depth: number): string {
  const { rng } = ctx;
  const dtype: GenDType = rng.chance(0.75) ? "f32" : "i32";
  const shape = rng.pick(SHAPES);
  const t = genTensor(ctx, dtype, shape, depth);
  const r = rng.int(8);
  if (r === 0) return `sum(${t})`;
  if (r === 1) return `${rng.pick(["argmax", "argmin"])}(${t})`;
  if (r === 2) return `(${t}).shape`;
  if (r === 3) return `(${t} > ${dtype === "f32" ? "0.5" : "2"})`;
  return t;
}

/** A tensor type to declare a variable of. */
export function randomTensorType(ctx: GenContext): GType {
  return tensorOf(ctx.rng.chance(0.75) ? "f32" : "i32", ctx.rng.pick(SHAPES));
}
