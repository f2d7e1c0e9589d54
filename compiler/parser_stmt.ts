// Statements and blocks (spec §4–6): let/var, assignment, while, for,
// break/continue/return, fn and model declarations, import, and the
// statement loop with panic-mode recovery at statement boundaries.

import type { AssignOp, Block, Expr, FnDecl, Stmt } from "./ast.ts";
import { parseBody, parseExpr, parseParams } from "./parser_expr.ts";
import { parsePattern } from "./parser_pattern.ts";
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
  synchronize,
} from "./parser_state.ts";
import { parseType } from "./parser_type.ts";
import type { TokenKind } from "./token.ts";

type StmtParser = (p: ParserState) => Stmt | undefined;

const ASSIGN_OPS: ReadonlySet<TokenKind> = new Set<TokenKind>([
  "=",
  "+=",
  "-=",
  "*=",
  "/=",
]);

/**
 * Parses statements until `}` or end of file (not consumed). Recovers from
 * errors by skipping to the next statement boundary.
 */
export function parseStatements(
  p: ParserState,
  parseOne: StmtParser = parseStmt,
): Stmt[] {
  const body: Stmt[] = [];
  for (;;) {
    while (at(p, "newline") || at(p, ";")) advance(p);
    if (at(p, "}") || at(p, "eof")) break;
    const before = p.pos;
    const stmt = parseOne(p);
    if (stmt !== undefined) body.push(stmt);
    if (!p.panic && !at(p, "newline") && !at(p, ";") && !at(p, "}")) {
      if (!at(p, "eof")) errorExpected(p, "newline or `;` after a statement");
    }
    if (p.panic) synchronize(p);
    if (p.pos === before && !at(p, "}")) advance(p);
  }
  return body;
}

/** Parses `{ statements }`; the current token must be `{`. */
export function parseBlock(p: ParserState): Block {
  const open = advance(p).span;
  if (!enter(p)) return { kind: "Block", body: [], span: open };
  const body = parseStatements(p);
  leave(p);
  expect(p, "}");
  return { kind: "Block", body, span: spanFrom(p, open) };
}

/** Parses one statement at the current token. */
export function parseStmt(p: ParserState): Stmt | undefined {
  const t = peek(p);
  switch (t.kind) {
    case "let":
    case "var":
      return parseLet(p);
    case "fn":
      if (peek(p, 1).kind === "ident") return parseFnDecl(p);
      break;
    case "model":
      return parseModel(p);
    case "import":
      return parseImport(p);
    case "while":
      return parseWhile(p);
    case "for":
      return parseFor(p);
    case "break":
      advance(p);
      return { kind: "Break", span: t.span };
    case "continue":
      advance(p);
      return { kind: "Continue", span: t.span };
    case "return":
      return parseReturn(p);
    case ")":
    case "]":
    case "}":
      errorAt(p, "E0103", t.span, [t.kind]);
      advance(p);
      return undefined;
  }
  return parseExprOrAssign(p);
}

function parseExprOrAssign(p: ParserState): Stmt {
  const expr = parseExpr(p);
  const opTok = peek(p);
  if (!ASSIGN_OPS.has(opTok.kind) || p.panic) {
    return { kind: "ExprStmt", expr, span: expr.span };
  }
  advance(p);
  if (!isAssignable(expr)) errorAt(p, "E0105", expr.span);
  const value = parseExpr(p);
  return {
    kind: "Assign",
    target: expr,
    op: opTok.kind as AssignOp,
    value,
    span: spanFrom(p, expr.span),
  };
}

function isAssignable(e: Expr): boolean {
  return e.kind === "Name" || e.kind === "Index" || e.kind === "Member";
}

function parseLet(p: ParserState): Stmt {
  const kw = advance(p);
  const pattern = parsePattern(p, true);
  const type = accept(p, ":") ? parseType(p) : undefined;
  let value: Expr;
  if (expect(p, "=")) value = parseExpr(p);
  else value = { kind: "Tuple", elements: [], span: peek(p).span };
  return {
    kind: "Let",
    pattern,
    type,
    value,
    mutable: kw.kind === "var",
    span: spanFrom(p, kw.span),
  };
}

function parseFnDecl(p: ParserState): FnDecl {
  const kw = advance(p);
  const nameTok = advance(p);
  const params = parseParams(p);
  const result = accept(p, "->") ? parseType(p) : undefined;
  const body = parseBody(p);
  return {
    kind: "FnDecl",
    name: nameTok.value as string,
    nameSpan: nameTok.span,
    params,
    result,
    body,
    span: spanFrom(p, kw.span),
  };
}

function parseModel(p: ParserState): Stmt | undefined {
  const kw = advance(p);
  const nameTok = peek(p);
  if (nameTok.kind !== "ident") {
    errorExpected(p, "a model name");
    return undefined;
  }
  advance(p);
  const params = at(p, "(") ? parseParams(p) : [];
  if (at(p, "newline") && peek(p, 1).kind === "{") advance(p);
  let body: Stmt[] = [];
  if (expect(p, "{") && enter(p)) {
    body = parseStatements(p, parseModelMember);
    leave(p);
    expect(p, "}");
  }
  return {
    kind: "ModelDecl",
    name: nameTok.value as string,
    nameSpan: nameTok.span,
    params,
    body,
    span: spanFrom(p, kw.span),
  };
}

function parseModelMember(p: ParserState): Stmt | undefined {
  const t = peek(p);
  if (t.kind === "let" || t.kind === "var") return parseLet(p);
  if (t.kind === "fn" && peek(p, 1).kind === "ident") return parseFnDecl(p);
  errorExpected(p, "`let`, `var` or `fn` in a model body");
  return undefined;
}

function parseImport(p: ParserState): Stmt | undefined {
  const kw = advance(p);
  const path = peek(p);
  if (path.kind !== "str") {
    errorExpected(p, "a path string");
    return undefined;
  }
  advance(p);
  return {
    kind: "Import",
    path: path.value as string,
    pathSpan: path.span,
    span: spanFrom(p, kw.span),
  };
}

function parseWhile(p: ParserState): Stmt {
  const kw = advance(p);
  const cond = parseExpr(p);
  const body = parseBody(p);
  return { kind: "While", cond, body, span: spanFrom(p, kw.span) };
}

function parseFor(p: ParserState): Stmt {
  const kw = advance(p);
  const pattern = parsePattern(p, true);
  expect(p, "in");
  const iterable = parseExpr(p);
  const body = parseBody(p);
  return { kind: "For", pattern, iterable, body, span: spanFrom(p, kw.span) };
}

function parseReturn(p: ParserState): Stmt {
  const kw = advance(p);
  const k = peek(p).kind;
  const bare = k === "newline" || k === ";" || k === "}" || k === "eof";
  const value = bare ? undefined : parseExpr(p);
  return { kind: "Return", value, span: spanFrom(p, kw.span) };
}
