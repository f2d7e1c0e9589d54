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
  itemsMark,
  kindAt,
  leave,
  type ParserState,
  peek,
  pushItem,
  spanFrom,
  spanOf,
  startOf,
  synchronize,
  takeItems,
  valueOf,
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
  const mark = itemsMark(p);
  for (;;) {
    while (at(p, "newline") || at(p, ";")) advance(p);
    if (at(p, "}") || at(p, "eof")) break;
    const before = p.pos;
    const stmt = parseOne(p);
    if (stmt !== undefined) pushItem(p, stmt);
    if (!p.panic && !at(p, "newline") && !at(p, ";") && !at(p, "}")) {
      if (!at(p, "eof")) errorExpected(p, "newline or `;` after a statement");
    }
    if (p.panic) synchronize(p, before);
    if (p.pos === before && !at(p, "}")) advance(p);
  }
  return takeItems<Stmt>(p, mark);
}

/** Parses `{ statements }`; the current token must be `{`. */
export function parseBlock(p: ParserState): Block {
  const start = startOf(p);
  advance(p);
  if (!enter(p)) return { kind: "Block", body: [], span: spanFrom(p, start) };
  const body = parseStatements(p);
  leave(p);
  expect(p, "}");
  return { kind: "Block", body, span: spanFrom(p, start) };
}

/** Parses one statement at the current token. */
export function parseStmt(p: ParserState): Stmt | undefined {
  const kind = peek(p);
  switch (kind) {
    case "let":
    case "var":
      return parseLet(p);
    case "fn":
      if (peek(p, 1) === "ident") return parseFnDecl(p);
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
      return { kind: "Break", span: spanOf(p, advance(p)) };
    case "continue":
      return { kind: "Continue", span: spanOf(p, advance(p)) };
    case "return":
      return parseReturn(p);
    case ")":
    case "]":
    case "}":
      errorAt(p, "E0103", spanOf(p, advance(p)), [kind]);
      return undefined;
  }
  return parseExprOrAssign(p);
}

function parseExprOrAssign(p: ParserState): Stmt {
  const expr = parseExpr(p);
  const op = peek(p);
  if (!ASSIGN_OPS.has(op) || p.panic) {
    return { kind: "ExprStmt", expr, span: expr.span };
  }
  advance(p);
  if (!isAssignable(expr)) errorAt(p, "E0105", expr.span);
  const value = parseExpr(p);
  return {
    kind: "Assign",
    target: expr,
    op: op as AssignOp,
    value,
    span: spanFrom(p, expr.span.start),
  };
}

function isAssignable(e: Expr): boolean {
  return e.kind === "Name" || e.kind === "Index" || e.kind === "Member";
}

function parseLet(p: ParserState): Stmt {
  const start = startOf(p);
  const mutable = kindAt(p, advance(p)) === "var";
  const pattern = parsePattern(p, true);
  const type = accept(p, ":") ? parseType(p) : undefined;
  const value: Expr = expect(p, "=")
    ? parseExpr(p)
    : { kind: "Tuple", elements: [], span: spanOf(p, p.pos) };
  return {
    kind: "Let",
    pattern,
    type,
    value,
    mutable,
    span: spanFrom(p, start),
  };
}

function parseFnDecl(p: ParserState): FnDecl {
  const start = startOf(p);
  advance(p);
  const nameTok = advance(p);
  const params = parseParams(p);
  const result = accept(p, "->") ? parseType(p) : undefined;
  const body = parseBody(p);
  return {
    kind: "FnDecl",
    name: valueOf(p, nameTok) as string,
    nameSpan: spanOf(p, nameTok),
    params,
    result,
    body,
    span: spanFrom(p, start),
  };
}

function parseModel(p: ParserState): Stmt | undefined {
  const start = startOf(p);
  advance(p);
  if (!at(p, "ident")) {
    errorExpected(p, "a model name");
    return undefined;
  }
  const nameTok = advance(p);
  const params = at(p, "(") ? parseParams(p) : [];
  if (at(p, "newline") && peek(p, 1) === "{") advance(p);
  let body: Stmt[] = [];
  if (expect(p, "{") && enter(p)) {
    body = parseStatements(p, parseModelMember);
    leave(p);
    expect(p, "}");
  }
  return {
    kind: "ModelDecl",
    name: valueOf(p, nameTok) as string,
    nameSpan: spanOf(p, nameTok),
    params,
    body,
    span: spanFrom(p, start),
  };
}

function parseModelMember(p: ParserState): Stmt | undefined {
  const k = peek(p);
  if (k === "let" || k === "var") return parseLet(p);
  if (k === "fn" && peek(p, 1) === "ident") return parseFnDecl(p);
  errorExpected(p, "`let`, `var` or `fn` in a model body");
  return undefined;
}

function parseImport(p: ParserState): Stmt | undefined {
  const start = startOf(p);
  advance(p);
  if (!at(p, "str")) {
    errorExpected(p, "a path string");
    return undefined;
  }
  const pathTok = advance(p);
  return {
    kind: "Import",
    path: valueOf(p, pathTok) as string,
    pathSpan: spanOf(p, pathTok),
    span: spanFrom(p, start),
  };
}

function parseWhile(p: ParserState): Stmt {
  const start = startOf(p);
  advance(p);
  const cond = parseExpr(p);
  const body = parseBody(p);
  return { kind: "While", cond, body, span: spanFrom(p, start) };
}

function parseFor(p: ParserState): Stmt {
  const start = startOf(p);
  advance(p);
  const pattern = parsePattern(p, true);
  expect(p, "in");
  const iterable = parseExpr(p);
  const body = parseBody(p);
  return { kind: "For", pattern, iterable, body, span: spanFrom(p, start) };
}

function parseReturn(p: ParserState): Stmt {
  const start = startOf(p);
  advance(p);
  const k = peek(p);
  const bare = k === "newline" || k === ";" || k === "}" || k === "eof";
  const value = bare ? undefined : parseExpr(p);
  return { kind: "Return", value, span: spanFrom(p, start) };
}
