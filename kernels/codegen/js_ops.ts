// How the JavaScript generator writes each element-wise op of the op table:
// a total map (adding an op to ops.ts fails `deno check` until it has an
// entry). `f` renders the float semantics (binary64, exactly what the op's
// evalF computes), `i` the integer semantics for ops whose evalI can never
// throw; an op without `i` stays eager on ints (its overflow and division
// errors must surface at the expression's span). Templates that call
// `F_<op>` / `I_<op>` use the op table's own evaluator.

import type { ElementwiseOpName } from "../schedule/loop_ir.ts";

/** Renders an op from its operands' JS expressions. */
export type JsTemplate = (a: string, b: string, c: string) => string;

/** An op's templates for float and (non-throwing) integer semantics. */
export interface JsOp {
  readonly f?: JsTemplate;
  readonly i?: JsTemplate;
}

const cmp = (sym: string): JsTemplate => (a, b) => `(${a} ${sym} ${b} ? 1 : 0)`;
const math = (fn: string): JsTemplate => (a) => `Math.${fn}(${a})`;
const evalF = (op: string): JsTemplate => (a, b, c) =>
  `F_${op}(${a}, ${b}, ${c})`;

/** The JS rendering of every element-wise op. */
export const JS_OPS = {
  add: { f: (a, b) => `(${a} + ${b})` },
  sub: { f: (a, b) => `(${a} - ${b})` },
  mul: { f: (a, b) => `(${a} * ${b})` },
  div: { f: (a, b) => `(${a} / ${b})` },
  mod: { f: (a, b) => `(${a} % ${b})` },
  pow: { f: evalF("pow") },
  maximum: {
    f: (a, b) => `Math.max(${a}, ${b})`,
    i: (a, b) => `(${a} > ${b} ? ${a} : ${b})`,
  },
  minimum: {
    f: (a, b) => `Math.min(${a}, ${b})`,
    i: (a, b) => `(${a} < ${b} ? ${a} : ${b})`,
  },
  eq: { f: cmp("==="), i: cmp("===") },
  ne: { f: cmp("!=="), i: cmp("!==") },
  lt: { f: cmp("<"), i: cmp("<") },
  le: { f: cmp("<="), i: cmp("<=") },
  gt: { f: cmp(">"), i: cmp(">") },
  ge: { f: cmp(">="), i: cmp(">=") },
  and: { i: (a, b) => `(${a} !== 0 && ${b} !== 0 ? 1 : 0)` },
  or: { i: (a, b) => `(${a} !== 0 || ${b} !== 0 ? 1 : 0)` },
  neg: { f: (a) => `(-${a})` },
  not: { i: (a) => `(${a} === 0 ? 1 : 0)` },
  abs: { f: math("abs") },
  sign: {
    f: (a) => `(${a} > 0 ? 1 : ${a} < 0 ? -1 : ${a} === 0 ? 0 : NaN)`,
    i: (a) => `(${a} > 0 ? 1 : ${a} < 0 ? -1 : 0)`,
  },
  relu: {
    f: (a) => `(${a} <= 0 ? 0 : ${a})`,
    i: (a) => `(${a} < 0 ? 0 : ${a})`,
  },
  floor: { f: math("floor"), i: (a) => a },
  ceil: { f: math("ceil"), i: (a) => a },
  exp: { f: math("exp") },
  log: { f: math("log") },
  sqrt: { f: math("sqrt") },
  sin: { f: math("sin") },
  cos: { f: math("cos") },
  tanh: { f: math("tanh") },
  sigmoid: { f: evalF("sigmoid") },
  gelu: { f: evalF("gelu") },
  where: {
    f: (c, a, b) => `(${c} !== 0 ? ${a} : ${b})`,
    i: (c, a, b) => `(${c} !== 0 ? ${a} : ${b})`,
  },
  clip: {
    f: (x, lo, hi) => `Math.min(Math.max(${x}, ${lo}), ${hi})`,
    i: (x, lo, hi) => `I_clip(${x}, ${lo}, ${hi})`,
  },
} as const satisfies Record<ElementwiseOpName, JsOp>;

/** The template of `op` in `mode`, or undefined when the op stays eager there. */
export function jsTemplate(
  op: ElementwiseOpName,
  mode: "F" | "I",
): JsTemplate | undefined {
  const t: JsOp = JS_OPS[op];
  return mode === "F" ? t.f : t.i;
}
