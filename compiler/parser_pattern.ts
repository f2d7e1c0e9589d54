// Patterns: `match` arms (literals, names, `_`, tuples, `|` alternatives)
// and the irrefutable subset used by `let` and `for` (names, `_`, tuples).

import type { Expr, Pattern } from "./ast.ts";
import { atLiteral, parseLiteral, parseMinInt } from "./parser_literal.ts";
import {
  accept,
  advance,
  at,
  describeCurrent,
  enter,
  errorAt,
  expect,
  itemsMark,
  leave,
  type ParserState,
  peek,
  pushItem,
  spanFrom,
  spanOf,
  startOf,
  takeItems,
  valueOf,
} from "./parser_state.ts";

/**
 * Parses a pattern. With `irrefutable` (let, for) only names, `_` and
 * tuples of them are allowed; anything else is E0107.
 */
export function parsePattern(p: ParserState, irrefutable: boolean): Pattern {
  if (!enter(p)) return { kind: "WildcardPattern", span: spanOf(p, p.pos) };
  const start = startOf(p);
  const first = parseAtom(p, irrefutable);
  let result = first;
  if (!irrefutable && at(p, "|")) {
    const mark = itemsMark(p);
    pushItem(p, first);
    while (accept(p, "|")) pushItem(p, parseAtom(p, irrefutable));
    const alternatives = takeItems<Pattern>(p, mark);
    result = { kind: "OrPattern", alternatives, span: spanFrom(p, start) };
  }
  leave(p);
  return result;
}

function parseAtom(p: ParserState, irrefutable: boolean): Pattern {
  const kind = peek(p);
  if (kind === "_") {
    return { kind: "WildcardPattern", span: spanOf(p, advance(p)) };
  }
  if (kind === "ident") {
    const i = advance(p);
    const name = valueOf(p, i) as string;
    return { kind: "NamePattern", name, span: spanOf(p, i) };
  }
  if (kind === "(") return parseTuple(p, irrefutable);
  if (!irrefutable) {
    if (atLiteral(p)) {
      const value = parseLiteral(p);
      return { kind: "LitPattern", value, span: value.span };
    }
    const k1 = peek(p, 1);
    if (kind === "-" && (k1 === "int" || k1 === "float")) {
      const min = parseMinInt(p);
      if (min !== undefined) {
        return { kind: "LitPattern", value: min, span: min.span };
      }
      const start = startOf(p);
      advance(p);
      const operand = parseLiteral(p);
      const span = spanFrom(p, start);
      const value: Expr = { kind: "Unary", op: "-", operand, span };
      return { kind: "LitPattern", value, span };
    }
  }
  const span = spanOf(p, p.pos);
  errorAt(p, "E0107", span, [describeCurrent(p)]);
  return { kind: "WildcardPattern", span };
}

function parseTuple(p: ParserState, irrefutable: boolean): Pattern {
  const start = startOf(p);
  advance(p);
  const mark = itemsMark(p);
  let trailingComma = false;
  while (!at(p, ")") && !at(p, "eof")) {
    pushItem(p, parsePattern(p, irrefutable));
    trailingComma = accept(p, ",");
    if (!trailingComma) break;
  }
  expect(p, ")");
  const elements = takeItems<Pattern>(p, mark);
  if (elements.length === 1 && !trailingComma) return elements[0];
  return { kind: "TuplePattern", elements, span: spanFrom(p, start) };
}
