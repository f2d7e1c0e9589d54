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
import { parseLiteral, parseMinInt } from "./parser_literal.ts";
import { parsePattern } from "./parser_pattern.ts";
import {
  accept,
  advance,
  at,
  describeCurrent,
  enter,
  errorAt,
  errorExpected,
  errorExpr,
  expect,
  itemsMark,
  kindAt,
  leave,
  type ParserState,
  peek,
  pushItem,
  reportAt,
  skipNewlines,
  skipPastBrace,
  spanFrom,
  spanOf,
  startOf,
  takeItems,
  valueOf,
} from "./parser_state.ts";
import { parseType } from "./parser_type.ts";
import {
  type InfixKind,
  Prec,
  type PrefixKind,
  RULE_BY_CODE,
  RULES,
} from "./parse_rules.ts";
import { KEYWORD_KINDS } from "./token.ts";

type PrefixFn = (p: ParserState) => Expr;
type InfixFn = (p: ParserState, left: Expr) => Expr;
type IfExpr = Extract<Expr, { kind: "If" }>;

/** Parses a full expression (ranges included). */
export function parseExpr(p: ParserState): Expr {
  return parsePrec(p, Prec.Range);
}

/** Parses an expression whose operators bind at least as tightly as `min`. */
export function parsePrec(p: ParserState, min: Prec): Expr {
  if (!enter(p)) return errorExpr(spanOf(p, p.pos));
  const prefix = RULE_BY_CODE[p.kinds[p.pos]].prefix;
  if (prefix === undefined) {
    const span = spanOf(p, p.pos);
    errorAt(p, "E0102", span, [describeCurrent(p)]);
    leave(p);
    return errorExpr(span);
  }
  let left = PREFIX[prefix](p);
  // Each infix step makes the tree one level deeper (`a + b + c` nests to
  // the left), so it counts against the nesting cap like recursion does.
  let chain = 0;
  for (;;) {
    const rule = RULE_BY_CODE[p.kinds[p.pos]];
    if (rule.infix === undefined || rule.prec < min || p.panic) break;
    if (!enter(p)) break;
    chain++;
    left = INFIX[rule.infix](p, left);
  }
  p.depth -= chain;
  leave(p);
  return left;
}

/** Parses the `{ … }` after a header, allowing it on the next line. */
export function parseBody(p: ParserState): Block {
  if (at(p, "newline") && peek(p, 1) === "{") advance(p);
  if (!at(p, "{")) {
    errorExpected(p, "`{`");
    return { kind: "Block", body: [], span: spanOf(p, p.pos) };
  }
  return p.parseBlock(p);
}

/** Parses `(name: T = default, …)` of a function, lambda or model. */
export function parseParams(p: ParserState): Param[] {
  if (!expect(p, "(")) return [];
  const mark = itemsMark(p);
  while (!at(p, ")") && !at(p, "eof")) {
    if (!at(p, "ident")) {
      errorExpected(p, "a parameter name");
      break;
    }
    const start = startOf(p);
    const name = valueOf(p, advance(p)) as string;
    const type = accept(p, ":") ? parseType(p) : undefined;
    const def = accept(p, "=") ? parseExpr(p) : undefined;
    pushItem(p, { name, type, default: def, span: spanFrom(p, start) });
    if (!accept(p, ",")) break;
  }
  expect(p, ")");
  return takeItems<Param>(p, mark);
}

// ---------------------------------------------------------------- prefix

function parseName(p: ParserState): Expr {
  const i = advance(p);
  const name = kindAt(p, i) === "ident" ? valueOf(p, i) as string : "var";
  return { kind: "Name", name, span: spanOf(p, i) };
}

function parseUnary(p: ParserState): Expr {
  const min = parseMinInt(p);
  if (min !== undefined) return min;
  const start = startOf(p);
  const op = kindAt(p, advance(p)) === "!" ? "!" : "-";
  const operand = parsePrec(p, Prec.Unary);
  return { kind: "Unary", op, operand, span: spanFrom(p, start) };
}

function parseGroup(p: ParserState): Expr {
  const start = startOf(p);
  advance(p);
  if (accept(p, ")")) {
    return { kind: "Tuple", elements: [], span: spanFrom(p, start) };
  }
  const first = parseExpr(p);
  if (!at(p, ",")) {
    expect(p, ")");
    return first;
  }
  const mark = itemsMark(p);
  pushItem(p, first);
  while (accept(p, ",") && !at(p, ")") && !at(p, "eof")) {
    pushItem(p, parseExpr(p));
  }
  expect(p, ")");
  const elements = takeItems<Expr>(p, mark);
  return { kind: "Tuple", elements, span: spanFrom(p, start) };
}

function parseBracket(p: ParserState): Expr {
  const start = startOf(p);
  advance(p);
  const mark = itemsMark(p);
  while (!at(p, "]") && !at(p, "eof")) {
    pushItem(p, parseExpr(p));
    if (!accept(p, ",")) break;
  }
  expect(p, "]");
  const elements = takeItems<Expr>(p, mark);
  return { kind: "Bracket", elements, span: spanFrom(p, start) };
}

function parseIf(p: ParserState): IfExpr {
  const start = startOf(p);
  if (!enter(p)) {
    const body: Block = { kind: "Block", body: [], span: spanOf(p, p.pos) };
    return {
      kind: "If",
      cond: errorExpr(body.span),
      then: body,
      span: body.span,
    };
  }
  const e = parseIfInner(p, start);
  leave(p);
  return e;
}

function parseIfInner(p: ParserState, start: number): IfExpr {
  advance(p);
  const cond = parseExpr(p);
  const then = parseBody(p);
  let elseBranch: Block | IfExpr | undefined;
  if (at(p, "newline") && peek(p, 1) === "else") advance(p);
  if (accept(p, "else")) {
    elseBranch = at(p, "if") ? parseIf(p) : parseBody(p);
  }
  const span = spanFrom(p, start);
  return { kind: "If", cond, then, else: elseBranch, span };
}

function parseMatch(p: ParserState): Expr {
  const start = startOf(p);
  advance(p);
  const subject = parseExpr(p);
  const mark = itemsMark(p);
  if (at(p, "newline") && peek(p, 1) === "{") advance(p);
  if (expect(p, "{")) {
    skipNewlines(p);
    while (!at(p, "}") && !at(p, "eof") && !p.panic) {
      pushItem(p, parseArm(p));
      if (!accept(p, ",") && !at(p, "newline") && !at(p, "}")) {
        errorExpected(p, "`,` or `}` after a match arm");
      }
      skipNewlines(p);
    }
    if (p.panic) skipPastBrace(p);
    else expect(p, "}");
  }
  const arms = takeItems<MatchArm>(p, mark);
  return { kind: "Match", subject, arms, span: spanFrom(p, start) };
}

function parseArm(p: ParserState): MatchArm {
  const start = startOf(p);
  const pattern = parsePattern(p, false);
  const guard = accept(p, "if") ? parseExpr(p) : undefined;
  expect(p, "=>");
  const body = parseExpr(p);
  return { pattern, guard, body, span: spanFrom(p, start) };
}

function parseLambda(p: ParserState): Expr {
  const start = startOf(p);
  advance(p);
  const params = parseParams(p);
  const result = accept(p, "->") ? parseType(p) : undefined;
  const body = parseBody(p);
  return { kind: "Lambda", params, result, body, span: spanFrom(p, start) };
}

const PREFIX: Record<PrefixKind, PrefixFn> = {
  literal: parseLiteral,
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
  const op = kindAt(p, advance(p)) as BinaryOp;
  const right = parsePrec(p, (RULES[op].prec + 1) as Prec);
  const span = spanFrom(p, left.span.start);
  return { kind: "Binary", op, left, right, span };
}

function parsePower(p: ParserState, left: Expr): Expr {
  advance(p);
  // Right-associative, and the right operand may be unary: `2 ** -1`.
  const right = parsePrec(p, Prec.Power);
  const span = spanFrom(p, left.span.start);
  return { kind: "Binary", op: "**", left, right, span };
}

function parseRange(p: ParserState, left: Expr): Expr {
  const inclusive = kindAt(p, advance(p)) === "..=";
  const end = parsePrec(p, Prec.Or);
  const span = spanFrom(p, left.span.start);
  if (at(p, "..") || at(p, "..=")) {
    errorExpected(
      p,
      "the end of the range",
      "range operators cannot be chained; add parentheses",
    );
  }
  return { kind: "Range", start: left, end, inclusive, span };
}

function parseCall(p: ParserState, callee: Expr): Expr {
  advance(p);
  const mark = itemsMark(p);
  let seen: Set<string> | undefined;
  let named: string | undefined;
  while (!at(p, ")") && !at(p, "eof")) {
    if (at(p, "ident") && peek(p, 1) === ":") {
      const start = startOf(p);
      const nameTok = advance(p);
      advance(p);
      const name = valueOf(p, nameTok) as string;
      seen ??= new Set<string>();
      if (seen.has(name)) reportAt(p, "E0110", spanOf(p, nameTok), [name]);
      seen.add(name);
      named = name;
      const value = parseExpr(p);
      pushItem(p, { name, value, span: spanFrom(p, start) });
    } else {
      const value = parseExpr(p);
      if (named !== undefined) reportAt(p, "E0104", value.span, [named]);
      pushItem(p, { value, span: value.span });
    }
    if (!accept(p, ",")) break;
  }
  expect(p, ")");
  const args = takeItems<Arg>(p, mark);
  return { kind: "Call", callee, args, span: spanFrom(p, callee.span.start) };
}

function parseIndex(p: ParserState, target: Expr): Expr {
  advance(p);
  const mark = itemsMark(p);
  if (at(p, "]")) errorAt(p, "E0102", spanOf(p, p.pos), [describeCurrent(p)]);
  while (!at(p, "]") && !at(p, "eof")) {
    pushItem(p, parseIndexItem(p));
    if (!accept(p, ",")) break;
  }
  expect(p, "]");
  const indices = takeItems<Expr | SliceExpr>(p, mark);
  const span = spanFrom(p, target.span.start);
  return { kind: "Index", target, indices, span };
}

function endsSlicePart(p: ParserState): boolean {
  const k = peek(p);
  return k === ":" || k === "," || k === "]";
}

function parseIndexItem(p: ParserState): Expr | SliceExpr {
  const first = startOf(p);
  const start = at(p, ":") ? undefined : parseExpr(p);
  if (!accept(p, ":")) return start ?? errorExpr(spanOf(p, p.pos));
  const stop = endsSlicePart(p) ? undefined : parseExpr(p);
  let step: Expr | undefined;
  if (accept(p, ":")) step = endsSlicePart(p) ? undefined : parseExpr(p);
  return { kind: "Slice", start, stop, step, span: spanFrom(p, first) };
}

function parseMember(p: ParserState, target: Expr): Expr {
  advance(p);
  const k = peek(p);
  let name: string | undefined;
  if (k === "ident") name = valueOf(p, p.pos) as string;
  else if (k === "int") {
    const s = spanOf(p, p.pos);
    name = p.file.text.slice(s.start, s.end);
  } else if (KEYWORD_KINDS.has(k)) name = k; // `x.var()`
  if (name === undefined) {
    const hint = k === "float"
      ? "write `(t.0).1` for a field of a nested tuple"
      : undefined;
    errorExpected(p, "a field name", hint);
    return target;
  }
  const nameSpan = spanOf(p, advance(p));
  const span = spanFrom(p, target.span.start);
  return { kind: "Member", target, name, nameSpan, span };
}

const INFIX: Record<InfixKind, InfixFn> = {
  binary: parseBinary,
  power: parsePower,
  range: parseRange,
  call: parseCall,
  index: parseIndex,
  member: parseMember,
};
