// Literal tokens → literal expressions, shared by expressions and patterns.
// Owns the one int-range rule the lexer cannot decide: `2147483648` is only
// valid right after a unary minus (it is then folded into -2^31).

import type { Expr } from "./ast.ts";
import { advance, type ParserState, peek, reportAt } from "./parser_state.ts";
import { Prec, RULES } from "./parse_rules.ts";

/** 2^31: the lexer lets it through so that `-2147483648` can be written. */
const INT_LIMIT = 2147483648;

/** True if the current token is an int, float, str, `true` or `false`. */
export function atLiteral(p: ParserState): boolean {
  const k = peek(p).kind;
  return k === "int" || k === "float" || k === "str" || k === "true" ||
    k === "false";
}

/** Parses the current literal token (the caller checked `atLiteral`). */
export function parseLiteral(p: ParserState): Expr {
  const t = advance(p);
  const span = t.span;
  switch (t.kind) {
    case "int":
      if (t.value === INT_LIMIT) {
        reportAt(p, "E0006", span, [String(INT_LIMIT)]);
        return { kind: "IntLit", value: 0, span };
      }
      return { kind: "IntLit", value: t.value as number, span };
    case "float":
      return { kind: "FloatLit", value: t.value as number, span };
    case "str":
      return { kind: "StrLit", value: t.value as string, span };
    default:
      return { kind: "BoolLit", value: t.kind === "true", span };
  }
}

/**
 * At `-` followed by the literal 2147483648 that nothing binds tighter to:
 * consumes both and returns IntLit -2147483648; otherwise undefined.
 */
export function parseMinInt(p: ParserState): Expr | undefined {
  const minus = peek(p);
  const lit = peek(p, 1);
  if (
    minus.kind !== "-" || lit.kind !== "int" || lit.value !== INT_LIMIT ||
    RULES[peek(p, 2).kind].prec >= Prec.Power
  ) return undefined;
  advance(p);
  advance(p);
  return {
    kind: "IntLit",
    value: -INT_LIMIT,
    span: { file: minus.span.file, start: minus.span.start, end: lit.span.end },
  };
}
