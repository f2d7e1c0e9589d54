// Literal tokens → literal expressions, shared by expressions and patterns.
// Owns the one int-range rule the lexer cannot decide: `2147483648` is only
// valid right after a unary minus (it is then folded into -2^31).

import type { Expr } from "./ast.ts";
import {
  advance,
  type ParserState,
  peek,
  reportAt,
  spanFrom,
  spanOf,
  startOf,
  valueOf,
} from "./parser_state.ts";
import { Prec, RULES } from "./parse_rules.ts";

/** 2^31: the lexer lets it through so that `-2147483648` can be written. */
const INT_LIMIT = 2147483648;

/** True if the current token is an int, float, str, `true` or `false`. */
export function atLiteral(p: ParserState): boolean {
  const k = peek(p);
  return k === "int" || k === "float" || k === "str" || k === "true" ||
    k === "false";
}

/** Parses the current literal token (the caller checked `atLiteral`). */
export function parseLiteral(p: ParserState): Expr {
  const kind = peek(p);
  const i = advance(p);
  const span = spanOf(p, i);
  switch (kind) {
    case "int": {
      const value = valueOf(p, i) as number;
      if (value === INT_LIMIT) {
        reportAt(p, "E0006", span, [String(INT_LIMIT)]);
        return { kind: "IntLit", value: 0, span };
      }
      return { kind: "IntLit", value, span };
    }
    case "float":
      return { kind: "FloatLit", value: valueOf(p, i) as number, span };
    case "str":
      return { kind: "StrLit", value: valueOf(p, i) as string, span };
    default:
      return { kind: "BoolLit", value: kind === "true", span };
  }
}

/**
 * At `-` followed by the literal 2147483648 that nothing binds tighter to:
 * consumes both and returns IntLit -2147483648; otherwise undefined.
 */
export function parseMinInt(p: ParserState): Expr | undefined {
  if (
    peek(p) !== "-" || peek(p, 1) !== "int" ||
    valueOf(p, p.pos + 1) !== INT_LIMIT ||
    RULES[peek(p, 2)].prec >= Prec.Power
  ) return undefined;
  const start = startOf(p);
  advance(p);
  advance(p);
  return { kind: "IntLit", value: -INT_LIMIT, span: spanFrom(p, start) };
}
