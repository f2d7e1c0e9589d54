// Type annotations (spec §2): `int`, `Tensor<f32, [B, 10, _]>`, `List<T>`,
// `(T1, T2)`, `fn(T1) -> R`, model names. Tokens → TypeExpr.

import type { DimExpr, TypeArg, TypeExpr } from "./ast.ts";
import {
  accept,
  advance,
  at,
  describeCurrent,
  enter,
  errorAt,
  errorExpected,
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

/** Parses one type; on error reports E0106 and returns the unit type. */
export function parseType(p: ParserState): TypeExpr {
  if (!enter(p)) {
    return { kind: "TupleType", elements: [], span: spanOf(p, p.pos) };
  }
  const t = parseTypeInner(p);
  leave(p);
  return t;
}

function parseTypeInner(p: ParserState): TypeExpr {
  const kind = peek(p);
  const start = startOf(p);
  if (kind === "(") {
    advance(p);
    const mark = itemsMark(p);
    let trailingComma = false;
    while (!at(p, ")") && !at(p, "eof")) {
      pushItem(p, parseType(p));
      trailingComma = accept(p, ",");
      if (!trailingComma) break;
    }
    expect(p, ")");
    const elements = takeItems<TypeExpr>(p, mark);
    if (elements.length === 1 && !trailingComma) return elements[0];
    return { kind: "TupleType", elements, span: spanFrom(p, start) };
  }
  if (kind === "fn") {
    advance(p);
    expect(p, "(");
    const mark = itemsMark(p);
    while (!at(p, ")") && !at(p, "eof")) {
      pushItem(p, parseType(p));
      if (!accept(p, ",")) break;
    }
    expect(p, ")");
    const params = takeItems<TypeExpr>(p, mark);
    const result: TypeExpr = accept(p, "->")
      ? parseType(p)
      : { kind: "TupleType", elements: [], span: spanFrom(p, start) };
    const span = spanFrom(p, start);
    return { kind: "FnType", params, result, span };
  }
  if (kind === "ident") {
    const name = valueOf(p, advance(p)) as string;
    const mark = itemsMark(p);
    if (accept(p, "<")) {
      while (!at(p, ">") && !at(p, "eof")) {
        pushItem(p, at(p, "[") ? parseShape(p) : parseType(p));
        if (!accept(p, ",")) break;
      }
      expect(p, ">");
    }
    const args = takeItems<TypeArg>(p, mark);
    const span = spanFrom(p, start);
    return { kind: "NamedType", name, args, span };
  }
  const span = spanOf(p, p.pos);
  errorAt(p, "E0106", span, [describeCurrent(p)]);
  return { kind: "TupleType", elements: [], span };
}

function parseShape(p: ParserState): TypeArg {
  const start = startOf(p);
  advance(p);
  const mark = itemsMark(p);
  while (!at(p, "]") && !at(p, "eof")) {
    const d = parseDim(p);
    if (d === undefined) break;
    pushItem(p, d);
    if (!accept(p, ",")) break;
  }
  expect(p, "]");
  const dims = takeItems<DimExpr>(p, mark);
  return { kind: "ShapeType", dims, span: spanFrom(p, start) };
}

function parseDim(p: ParserState): DimExpr | undefined {
  const kind = peek(p);
  if (kind !== "int" && kind !== "ident" && kind !== "_") {
    errorExpected(p, "a dimension (a size, a name or `_`)");
    return undefined;
  }
  const i = advance(p);
  const span = spanOf(p, i);
  if (kind === "int") {
    return { kind: "DimInt", value: valueOf(p, i) as number, span };
  }
  if (kind === "ident") {
    return { kind: "DimName", name: valueOf(p, i) as string, span };
  }
  return { kind: "DimAny", span };
}
