// Patterns: `match` arms (literals, names, `_`, tuples, `|` alternatives)
// and the irrefutable subset used by `let` and `for` (names, `_`, tuples).

import type { Expr, Pattern } from "./ast.ts";
import { atLiteral, parseLiteral, parseMinInt } from "./parser_literal.ts";
import {
  accept,
  advance,
  at,
  enter,
  errorAt,
  expect,
  leave,
  type ParserState,
  peek,
  spanFrom,
} from "./parser_state.ts";
import { describeToken } from "./token.ts";

/**
 * Parses a pattern. With `irrefutable` (let, for) only names, `_` and
 * tuples of them are allowed; anything else is E0107.
 */
export function parsePattern(p: ParserState, irrefutable: boolean): Pattern {
  const start = peek(p).span;
  if (!enter(p)) return { kind: "WildcardPattern", span: start };
  const first = parseAtom(p, irrefutable);
  let result = first;
  if (!irrefutable && at(p, "|")) {
    const alternatives = [first];
    while (accept(p, "|")) alternatives.push(parseAtom(p, irrefutable));
    result = { kind: "OrPattern", alternatives, span: spanFrom(p, start) };
  }
  leave(p);
  return result;
}

function parseAtom(p: ParserState, irrefutable: boolean): Pattern {
  const t = peek(p);
  switch (t.kind) {
    case "_":
      advance(p);
      return { kind: "WildcardPattern", span: t.span };
    case "ident":
      advance(p);
      return { kind: "NamePattern", name: t.value as string, span: t.span };
    case "(":
      return parseTuple(p, irrefutable);
  }
  if (!irrefutable) {
    if (atLiteral(p)) {
      const value = parseLiteral(p);
      return { kind: "LitPattern", value, span: value.span };
    }
    const k1 = peek(p, 1).kind;
    if (t.kind === "-" && (k1 === "int" || k1 === "float")) {
      const min = parseMinInt(p);
      if (min !== undefined) {
        return { kind: "LitPattern", value: min, span: min.span };
      }
      advance(p);
      const operand = parseLiteral(p);
      const span = spanFrom(p, t.span);
      const value: Expr = { kind: "Unary", op: "-", operand, span };
      return { kind: "LitPattern", value, span };
    }
  }
  errorAt(p, "E0107", t.span, [describeToken(t)]);
  return { kind: "WildcardPattern", span: t.span };
}

function parseTuple(p: ParserState, irrefutable: boolean): Pattern {
  const start = advance(p).span;
  const elements: Pattern[] = [];
  let trailingComma = false;
  while (!at(p, ")") && !at(p, "eof")) {
    elements.push(parsePattern(p, irrefutable));
    trailingComma = accept(p, ",") !== undefined;
    if (!trailingComma) break;
  }
  expect(p, ")");
  if (elements.length === 1 && !trailingComma) return elements[0];
  return { kind: "TuplePattern", elements, span: spanFrom(p, start) };
}
