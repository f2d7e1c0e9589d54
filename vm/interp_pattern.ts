// Patterns: refutable matching for `match` arms, irrefutable binding for
// `let` and `for` destructuring.

import type { Expr, Pattern } from "../compiler/ast.ts";
import type { Span } from "../compiler/core/span.ts";
import { valuesEqual } from "./equality.ts";
import { evalExpr } from "./interp_expr.ts";
import type { InterpState } from "./interp_state.ts";
import { formatValue } from "./format_value.ts";
import { runtimeError } from "./runtime_error.ts";
import { DlTuple, type Env, type Value } from "./values.ts";

/** Receives each name a pattern binds. */
export type Binder = (name: string, value: Value) => void;

const literalCache = new WeakMap<Expr, Value>();

/**
 * True if `v` matches `p`; names are bound through `bind` as they match
 * (a failed match may have bound some, so callers use a fresh scope per try).
 */
export function matchPattern(
  st: InterpState,
  p: Pattern,
  v: Value,
  bind: Binder,
  env: Env,
): boolean {
  switch (p.kind) {
    case "WildcardPattern":
      return true;
    case "NamePattern":
      bind(p.name, v);
      return true;
    case "LitPattern": {
      let lit = literalCache.get(p.value);
      if (lit === undefined) {
        lit = evalExpr(st, p.value, env);
        literalCache.set(p.value, lit);
      }
      return valuesEqual(lit, v);
    }
    case "TuplePattern": {
      if (!(v instanceof DlTuple) || v.items.length !== p.elements.length) {
        return false;
      }
      for (let i = 0; i < p.elements.length; i++) {
        if (!matchPattern(st, p.elements[i], v.items[i], bind, env)) {
          return false;
        }
      }
      return true;
    }
    case "OrPattern":
      return p.alternatives.some((alt) => matchPattern(st, alt, v, bind, env));
  }
}

/** Binds an irrefutable pattern (`let (a, b) = v`, `for (i, x) in …`). */
export function bindPattern(
  st: InterpState,
  p: Pattern,
  v: Value,
  define: Binder,
  span: Span,
): void {
  switch (p.kind) {
    case "WildcardPattern":
      return;
    case "NamePattern":
      define(p.name, v);
      return;
    case "TuplePattern": {
      if (!(v instanceof DlTuple) || v.items.length !== p.elements.length) {
        throw runtimeError("R0007", span, [
          `cannot destructure ${
            formatValue(v)
          } with a pattern of ${p.elements.length} fields`,
        ]);
      }
      for (let i = 0; i < p.elements.length; i++) {
        bindPattern(st, p.elements[i], v.items[i], define, span);
      }
      return;
    }
    default:
      throw runtimeError("R0007", p.span, [
        "this pattern can fail; use `match`",
      ]);
  }
}
