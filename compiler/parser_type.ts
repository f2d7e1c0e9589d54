// Type annotations (spec §2): `int`, `Tensor<f32, [B, 10, _]>`, `List<T>`,
// `(T1, T2)`, `fn(T1) -> R`, model names. Tokens → TypeExpr.

import type { DimExpr, TypeArg, TypeExpr } from "./ast.ts";
import {
  accept,
  advance,
  at,
  enter,
  errorAt,
  errorExpected,
  expect,
  leave,
  type ParserState,
  peek,
  spanFrom,
} from "./parser_state.ts";
import { describeToken } from "./token.ts";

/** Parses one type; on error reports E0106 and returns the unit type. */
export function parseType(p: ParserState): TypeExpr {
  const start = peek(p).span;
  if (!enter(p)) return { kind: "TupleType", elements: [], span: start };
  const t = parseTypeInner(p);
  leave(p);
  return t;
}

function parseTypeInner(p: ParserState): TypeExpr {
  const t = peek(p);
  const start = t.span;
  if (t.kind === "(") {
    advance(p);
    const elements: TypeExpr[] = [];
    let trailingComma = false;
    while (!at(p, ")") && !at(p, "eof")) {
      elements.push(parseType(p));
      trailingComma = accept(p, ",") !== undefined;
      if (!trailingComma) break;
    }
    expect(p, ")");
    if (elements.length === 1 && !trailingComma) return elements[0];
    return { kind: "TupleType", elements, span: spanFrom(p, start) };
  }
  if (t.kind === "fn") {
    advance(p);
    expect(p, "(");
    const params: TypeExpr[] = [];
    while (!at(p, ")") && !at(p, "eof")) {
      params.push(parseType(p));
      if (!accept(p, ",")) break;
    }
    expect(p, ")");
    const result: TypeExpr = accept(p, "->")
      ? parseType(p)
      : { kind: "TupleType", elements: [], span: spanFrom(p, start) };
    return { kind: "FnType", params, result, span: spanFrom(p, start) };
  }
  if (t.kind === "ident") {
    advance(p);
    const args: TypeArg[] = [];
    if (accept(p, "<")) {
      while (!at(p, ">") && !at(p, "eof")) {
        args.push(at(p, "[") ? parseShape(p) : parseType(p));
        if (!accept(p, ",")) break;
      }
      expect(p, ">");
    }
    return {
      kind: "NamedType",
      name: t.value as string,
      args,
      span: spanFrom(p, start),
    };
  }
  errorAt(p, "E0106", t.span, [describeToken(t)]);
  return { kind: "TupleType", elements: [], span: start };
}

function parseShape(p: ParserState): TypeArg {
  const start = advance(p).span;
  const dims: DimExpr[] = [];
  while (!at(p, "]") && !at(p, "eof")) {
    const d = parseDim(p);
    if (d === undefined) break;
    dims.push(d);
    if (!accept(p, ",")) break;
  }
  expect(p, "]");
  return { kind: "ShapeType", dims, span: spanFrom(p, start) };
}

function parseDim(p: ParserState): DimExpr | undefined {
  const t = peek(p);
  if (t.kind === "int") {
    advance(p);
    return { kind: "DimInt", value: t.value as number, span: t.span };
  }
  if (t.kind === "ident") {
    advance(p);
    return { kind: "DimName", name: t.value as string, span: t.span };
  }
  if (t.kind === "_") {
    advance(p);
    return { kind: "DimAny", span: t.span };
  }
  errorExpected(p, "a dimension (a size, a name or `_`)");
  return undefined;
}
