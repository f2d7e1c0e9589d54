// Expressions: the Pratt loop driven by parse_rules.ts, and one function
// per prefix/infix kind of that table (literals, groups and tuples,
// brackets, if, match, lambdas, calls with named args, indexing, members).

import type {
  Arg,
  BinaryOp,
  Block,
  Expr,
  MatchArm,
  Param,
  SliceExpr,
} from "./ast.ts";
import { atLiteral, parseLiteral, parseMinInt } from "./parser_literal.ts";
import { parsePattern } from "./parser_pattern.ts";
import {
  accept,
  advance,
  at,
  enter,
  errorAt,
  errorExpected,
  errorExpr,
  expect,
  leave,
  type ParserState,
  peek,
  reportAt,
  skipNewlines,
  spanFrom,
} from "./parser_state.ts";
import { parseType } from "./parser_type.ts";
import { type InfixKind, Prec, type PrefixKind, RULES } from "./parse_rules.ts";
import { describeToken, KEYWORD_KINDS } from "./token.ts";
import type { Span } from "./core/span.ts";

type PrefixFn = (p: ParserState) => Expr;
type InfixFn = (p: ParserState, left: Expr) => Expr;

/** Parses a full expression (ranges included). */
export function parseExpr(p: ParserState): Expr {
  return parsePrec(p, Prec.Range);
}

/** Parses an expression whose operators bind at least as tightly as `min`. */
export function parsePrec(p: ParserState, min: Prec): Expr {
  const t = peek(p);
  if (!enter(p)) return errorExpr(t.span);
  const prefix = RULES[t.kind].prefix;
  if (prefix === undefined) {
    errorAt(p, "E0102", t.span, [describeToken(t)]);
    leave(p);
    return errorExpr(t.span);
  }
  let left = PREFIX[prefix](p);
  for (;;) {
    const rule = RULES[peek(p).kind];
    if (rule.infix === undefined || rule.prec < min || p.panic) break;
    left = INFIX[rule.infix](p, left);
  }
  leave(p);
  return left;
}

function join(a: Expr, p: ParserState): Span {
  return spanFrom(p, a.span);
}

// ---------------------------------------------------------------- prefix

function parseName(p: ParserState): Expr {
  const t = advance(p);
  return { kind: "Name", name: String(t.value), span: t.span };
}

function parseUnary(p: ParserState): Expr {
  const min = parseMinInt(p);
  if (min !== undefined) return min;
  const t = advance(p);
  const operand = parsePrec(p, Prec.Unary);
  const op = t.kind === "!" ? "!" : "-";
  return { kind: "Unary", op, operand, span: spanFrom(p, t.span) };
}

function parseGroup(p: ParserState): Expr {
  const open = advance(p).span;
  if (accept(p, ")")) {
    return { kind: "Tuple", elements: [], span: spanFrom(p, open) };
  }
  const first = parseExpr(p);
  if (!at(p, ",")) {
    expect(p, ")");
    return first;
  }
  const elements = [first];
  while (accept(p, ",") && !at(p, ")") && !at(p, "eof")) {
    elements.push(parseExpr(p));
  }
  expect(p, ")");
  return { kind: "Tuple", elements, span: spanFrom(p, open) };
}

function parseBracket(p: ParserState): Expr {
  const open = advance(p).span;
  const elements: Expr[] = [];
  while (!at(p, "]") && !at(p, "eof")) {
    elements.push(parseExpr(p));
    if (!accept(p, ",")) break;
  }
  expect(p, "]");
  return { kind: "Bracket", elements, span: spanFrom(p, open) };
}

/** Parses the `{ … }` after a header, allowing it on the next line. */
export function parseBody(p: ParserState): Block {
  if (at(p, "newline") && peek(p, 1).kind === "{") advance(p);
  if (!at(p, "{")) {
    errorExpected(p, "`{`");
    return { kind: "Block", body: [], span: peek(p).span };
  }
  return p.parseBlock(p);
}

function parseIf(p: ParserState): Expr {
  const start = advance(p).span;
  const cond = parseExpr(p);
  const then = parseBody(p);
  let elseBranch: Block | Extract<Expr, { kind: "If" }> | undefined;
  if (at(p, "newline") && peek(p, 1).kind === "else") advance(p);
  if (accept(p, "else")) {
    if (at(p, "if")) {
      elseBranch = parseIf(p) as Extract<Expr, { kind: "If" }>;
    } else elseBranch = parseBody(p);
  }
  return {
    kind: "If",
    cond,
    then,
    else: elseBranch,
    span: spanFrom(p, start),
  };
}

function parseMatch(p: ParserState): Expr {
  const start = advance(p).span;
  const subject = parseExpr(p);
  const arms: MatchArm[] = [];
  if (at(p, "newline") && peek(p, 1).kind === "{") advance(p);
  if (expect(p, "{")) {
    skipNewlines(p);
    while (!at(p, "}") && !at(p, "eof") && !p.panic) {
      arms.push(parseArm(p));
      const comma = accept(p, ",");
      if (!comma && !at(p, "newline") && !at(p, "}")) {
        errorExpected(p, "`,` or `}` after a match arm");
        break;
      }
      skipNewlines(p);
    }
    expect(p, "}");
  }
  return { kind: "Match", subject, arms, span: spanFrom(p, start) };
}

function parseArm(p: ParserState): MatchArm {
  const start = peek(p).span;
  const pattern = parsePattern(p, false);
  const guard = accept(p, "if") ? parseExpr(p) : undefined;
  expect(p, "=>");
  const body = parseExpr(p);
  return { pattern, guard, body, span: spanFrom(p, start) };
}

function parseLambda(p: ParserState): Expr {
  const start = advance(p).span;
  const params = parseParams(p);
  const result = accept(p, "->") ? parseType(p) : undefined;
  const body = parseBody(p);
  return { kind: "Lambda", params, result, body, span: spanFrom(p, start) };
}

/** Parses `(name: T = default, …)` of a function, lambda or model. */
export function parseParams(p: ParserState): Param[] {
  const params: Param[] = [];
  if (!expect(p, "(")) return params;
  while (!at(p, ")") && !at(p, "eof")) {
    const t = peek(p);
    if (t.kind !== "ident") {
      errorExpected(p, "a parameter name");
      break;
    }
    advance(p);
    const type = accept(p, ":") ? parseType(p) : undefined;
    const def = accept(p, "=") ? parseExpr(p) : undefined;
    params.push({
      name: t.value as string,
      type,
      default: def,
      span: spanFrom(p, t.span),
    });
    if (!accept(p, ",")) break;
  }
  expect(p, ")");
  return params;
}

const PREFIX: Record<PrefixKind, PrefixFn> = {
  literal: (p) => atLiteral(p) ? parseLiteral(p) : errorExpr(peek(p).span),
  name: parseName,
  unary: parseUnary,
  group: parseGroup,
  bracket: parseBracket,
  block: (p) => p.parseBlock(p),
  if: parseIf,
  match: parseMatch,
  lambda: parseLambda,
};

// ---------------------------------------------------------------- infix

function parseBinary(p: ParserState, left: Expr): Expr {
  const t = advance(p);
  const prec = RULES[t.kind].prec;
  const right = parsePrec(p, (prec + 1) as Prec);
  const op = t.kind as BinaryOp;
  return { kind: "Binary", op, left, right, span: join(left, p) };
}

function parsePower(p: ParserState, left: Expr): Expr {
  advance(p);
  const right = parsePrec(p, Prec.Power);
  return { kind: "Binary", op: "**", left, right, span: join(left, p) };
}

function parseRange(p: ParserState, left: Expr): Expr {
  const t = advance(p);
  const end = parsePrec(p, Prec.Or);
  const range: Expr = {
    kind: "Range",
    start: left,
    end,
    inclusive: t.kind === "..=",
    span: join(left, p),
  };
  const next = peek(p);
  if (next.kind === ".." || next.kind === "..=") {
    errorAt(p, "E0101", next.span, [
      "the end of the range",
      describeToken(next),
    ], "range operators cannot be chained; add parentheses");
  }
  return range;
}

function parseCall(p: ParserState, callee: Expr): Expr {
  advance(p);
  const args: Arg[] = [];
  const seen = new Set<string>();
  let named: string | undefined;
  while (!at(p, ")") && !at(p, "eof")) {
    const t = peek(p);
    if (t.kind === "ident" && peek(p, 1).kind === ":") {
      advance(p);
      advance(p);
      const name = t.value as string;
      if (seen.has(name)) reportAt(p, "E0110", t.span, [name]);
      seen.add(name);
      named = name;
      const value = parseExpr(p);
      args.push({ name, value, span: spanFrom(p, t.span) });
    } else {
      const value = parseExpr(p);
      if (named !== undefined) reportAt(p, "E0104", value.span, [named]);
      args.push({ value, span: value.span });
    }
    if (!accept(p, ",")) break;
  }
  expect(p, ")");
  return { kind: "Call", callee, args, span: join(callee, p) };
}

function parseIndex(p: ParserState, target: Expr): Expr {
  advance(p);
  const indices: (Expr | SliceExpr)[] = [];
  if (at(p, "]")) errorAt(p, "E0102", peek(p).span, [describeToken(peek(p))]);
  while (!at(p, "]") && !at(p, "eof")) {
    indices.push(parseIndexItem(p));
    if (!accept(p, ",")) break;
  }
  expect(p, "]");
  return { kind: "Index", target, indices, span: join(target, p) };
}

function endsSlicePart(p: ParserState): boolean {
  const k = peek(p).kind;
  return k === ":" || k === "," || k === "]";
}

function parseIndexItem(p: ParserState): Expr | SliceExpr {
  const startSpan = peek(p).span;
  const start = at(p, ":") ? undefined : parseExpr(p);
  if (!accept(p, ":")) return start ?? errorExpr(startSpan);
  const stop = endsSlicePart(p) ? undefined : parseExpr(p);
  let step: Expr | undefined;
  if (accept(p, ":")) step = endsSlicePart(p) ? undefined : parseExpr(p);
  return { kind: "Slice", start, stop, step, span: spanFrom(p, startSpan) };
}

function parseMember(p: ParserState, target: Expr): Expr {
  advance(p);
  const t = peek(p);
  let name: string | undefined;
  if (t.kind === "ident" || t.kind === "int") {
    name = t.kind === "ident"
      ? t.value as string
      : t.span.file.text.slice(t.span.start, t.span.end);
  } else if (KEYWORD_KINDS.has(t.kind)) name = t.kind; // `x.var()`
  if (name === undefined) {
    const hint = t.kind === "float"
      ? "write `(t.0).1` for a field of a nested tuple"
      : undefined;
    errorExpected(p, "a field name", hint);
    return target;
  }
  advance(p);
  return {
    kind: "Member",
    target,
    name,
    nameSpan: t.span,
    span: join(target, p),
  };
}

const INFIX: Record<InfixKind, InfixFn> = {
  binary: parseBinary,
  power: parsePower,
  range: parseRange,
  call: parseCall,
  index: parseIndex,
  member: parseMember,
};
