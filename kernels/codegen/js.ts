// The JavaScript backend's code generator: renders a loop-IR kernel
// (kernels/schedule/loop_ir.ts) as the source of a specialised function —
// one nested loop per level with the shape and strides as constants, a
// pointer per buffer, param-only values hoisted, each op from JS_OPS — and
// `compileJs`, kernels/' entry to compiler/core/js_function.ts (the one
// `new Function` site; loop_cache.ts's eager loops compile through it too).

import { OP_NAMES, type OpDef, OPS } from "../../compiler/core/ops.ts";
import { type LoopKernel, uniformInstrs } from "../schedule/loop_ir.ts";
import { jsTemplate } from "./js_ops.ts";
import { compileJsFunction } from "../../compiler/core/js_function.ts";

/**
 * A compiled kernel: `bufs` and `offsets` per buffer, scalar `params`, and
 * `out` (map: the result storage; reduce: the accumulators, pre-filled).
 */
export type KernelFn = (
  bufs: readonly ArrayLike<number>[],
  offsets: readonly number[],
  params: readonly number[],
  out: { [i: number]: number },
) => void;

/** Every op-table evaluator, bound as F_<op> / I_<op> in generated code. */
const EVALUATORS: Record<string, unknown> = {};
for (const name of OP_NAMES) {
  const d: OpDef = OPS[name];
  if (d.evalF) EVALUATORS[`F_${name}`] = d.evalF;
  if (d.evalI) EVALUATORS[`I_${name}`] = d.evalI;
}

/**
 * Compiles `body` (the text of a function body that returns the function
 * to use) with `bindings` in scope (through compiler/core/js_function.ts,
 * the codebase's one `new Function`).
 */
export function compileJs<T>(
  body: string,
  bindings: Readonly<Record<string, unknown>> = {},
): T {
  return compileJsFunction<T>(body, bindings);
}

const COMBINE: Record<string, (a: string, b: string) => string> = {
  add: (a, b) => `${a} + ${b}`,
  mul: (a, b) => `${a} * ${b}`,
  maximum: (a, b) => `Math.max(${a}, ${b})`,
  minimum: (a, b) => `Math.min(${a}, ${b})`,
};

function instrJs(k: LoopKernel, i: number): string {
  const ins = k.body[i];
  const v = (a: number) => `v${a}`;
  switch (ins.k) {
    case "load":
      return `b${ins.buf}[p${ins.buf}_${k.shape.length}]`;
    case "param":
      return `P[${ins.index}]`;
    case "fround":
      return `Math.fround(${v(ins.args[0])})`;
    case "bool":
      return `(${v(ins.args[0])} !== 0 ? 1 : 0)`;
    case "op": {
      const t = jsTemplate(ins.op, ins.mode)!;
      const [a, b, c] = ins.args.map(v);
      return t(a, b ?? "0", c ?? "0");
    }
  }
}

/** The source of a function body returning the kernel (see KernelFn). */
export function renderKernel(k: LoopKernel, name = "kernel"): string {
  const uniform = uniformInstrs(k);
  const rank = k.shape.length, nb = k.bufs.length, r = k.reduce;
  const lines: string[] = [`return function ${name}(B, O, P, out) {`];
  for (let b = 0; b < nb; b++) {
    lines.push(`  const b${b} = B[${b}]; let p${b}_0 = O[${b}];`);
  }
  k.body.forEach((_, i) => {
    if (uniform[i]) lines.push(`  const v${i} = ${instrJs(k, i)};`);
  });
  lines.push(r === undefined ? "  let o = 0;" : "  let ob = 0;");
  const innerSize = k.shape.slice(r?.innerStart ?? rank)
    .reduce((s, d) => s * d, 1);
  // Without inner dims, each accumulator is a local while its line runs.
  const local = r !== undefined && r.innerStart === rank;
  const res = `v${k.result}`;
  const innermost = (ind: string): void => {
    k.body.forEach((_, i) => {
      if (!uniform[i]) lines.push(`${ind}const v${i} = ${instrJs(k, i)};`);
    });
    if (r === undefined) lines.push(`${ind}out[o++] = ${res};`);
    else if (local) lines.push(`${ind}a = ${COMBINE[r.combine]("a", res)};`);
    else {
      lines.push(`${ind}out[q] = ${COMBINE[r.combine]("out[q]", res)};`);
      lines.push(`${ind}q++;`);
    }
  };
  const open = (level: number, ind: string): void => {
    if (local && level === r!.redStart) lines.push(`${ind}let a = out[ob];`);
    else if (r !== undefined && !local && level === r.innerStart) {
      lines.push(`${ind}let q = ob;`);
    }
    if (level === rank) innermost(ind);
    else {
      const i = `i${level}`, inner = ind + "  ";
      lines.push(
        `${ind}for (let ${i} = 0; ${i} < ${k.shape[level]}; ${i}++) {`,
      );
      for (let b = 0; b < nb; b++) {
        lines.push(`${inner}let p${b}_${level + 1} = p${b}_${level};`);
      }
      open(level + 1, inner);
      for (let b = 0; b < nb; b++) {
        const s = k.bufs[b].strides[level];
        if (s !== 0) lines.push(`${inner}p${b}_${level} += ${s};`);
      }
      lines.push(`${ind}}`);
    }
    if (r !== undefined && level === r.redStart) {
      if (local) lines.push(`${ind}out[ob] = a;`);
      lines.push(`${ind}ob += ${innerSize};`);
    }
  };
  open(0, "  ");
  lines.push("};");
  return lines.join("\n");
}

/** Compiles a kernel rendered by renderKernel. */
export function compileKernel(source: string): KernelFn {
  return compileJs<KernelFn>(source, EVALUATORS);
}
