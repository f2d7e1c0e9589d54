// Binding call arguments to parameters (spec §3): positional then named,
// optional and variadic parameters. Reports E0302 (count), E0307 (no such
// name), E0317 (given twice), E0318 (missing) and says which arg fills which slot.

import type { Expr } from "../ast.ts";
import type { Span } from "../core/span.ts";
import type { Checker } from "./context.ts";
import { similarName } from "./scope.ts";
import type { Type } from "./types.ts";

/** A checked argument. */
export interface ArgInfo {
  readonly name?: string;
  readonly type: Type;
  /** The argument's expression (the receiver's for `a.f(…)`). */
  readonly expr: Expr;
  readonly span: Span;
}

/** A parameter as binding sees it. */
export interface ParamSpec {
  readonly name: string;
  readonly optional?: boolean;
  readonly variadic?: boolean;
}

/** Arguments by parameter index, plus the variadic tail. */
export interface BoundArgs {
  readonly slots: readonly (ArgInfo | undefined)[];
  readonly rest: readonly ArgInfo[];
  /** False when an arity or name error was reported. */
  readonly ok: boolean;
}

function takesText(min: number, max: number): string {
  if (max === Infinity) return `at least ${min}`;
  return min === max ? `${min}` : `${min} to ${max}`;
}

/** Binds `args` to `params`, reporting arity and naming errors at `span`. */
export function bindArgs(
  ck: Checker,
  params: readonly ParamSpec[],
  args: readonly ArgInfo[],
  span: Span,
): BoundArgs {
  const slots: (ArgInfo | undefined)[] = params.map(() => undefined);
  const rest: ArgInfo[] = [];
  const variadic = params.findIndex((p) => p.variadic);
  const min = params.filter((p) => !p.optional && !p.variadic).length;
  const max = variadic >= 0 ? Infinity : params.length;
  let ok = true;
  let pos = 0;
  const positional = args.filter((a) => a.name === undefined);
  const hasNamed = positional.length !== args.length;
  if (positional.length > max) {
    const text = takesText(min, max);
    ck.report("E0302", span, [
      text,
      text.endsWith(" 1") || text === "1" ? "" : "s",
      args.length,
      args.length === 1 ? "was" : "were",
    ]);
    return { slots, rest, ok: false };
  }
  for (const a of positional) {
    if (variadic >= 0 && pos >= variadic) rest.push(a);
    else slots[pos++] = a;
  }
  for (const a of args) {
    if (a.name === undefined) continue;
    const i = params.findIndex((p) => p.name === a.name && !p.variadic);
    if (i < 0) {
      const near = similarName(a.name, params.map((p) => p.name));
      ck.report(
        "E0307",
        a.span,
        [a.name],
        near === undefined ? undefined : `did you mean \`${near}\`?`,
      );
      ok = false;
    } else if (slots[i] !== undefined) {
      ck.report("E0317", a.span, [a.name]);
      ok = false;
    } else slots[i] = a;
  }
  const missing = params.filter((p, i) =>
    !p.optional && !p.variadic && slots[i] === undefined
  );
  if (missing.length > 0 && ok) {
    if (!hasNamed) {
      const text = takesText(min, max);
      ck.report("E0302", span, [
        text,
        text.endsWith(" 1") || text === "1" ? "" : "s",
        args.length,
        args.length === 1 ? "was" : "were",
      ]);
    } else {
      for (const p of missing) ck.report("E0318", span, [p.name]);
    }
    ok = false;
  }
  return { slots, rest, ok };
}
