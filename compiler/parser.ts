// The parser's entry point: source file → Program (spec §1–6). Lexes, then
// parses statements with error recovery; always returns a Program and never
// throws. The grammar lives in parser_expr/stmt/type/pattern.ts.

import type { Program } from "./ast.ts";
import { type Diagnostic, makeDiagnostic } from "./core/diagnostics.ts";
import type { SourceFile } from "./core/span.ts";
import { lexSource } from "./lexer.ts";
import { advance, makeParserState } from "./parser_state.ts";
import { parseBlock, parseStatements } from "./parser_stmt.ts";
import type { Token } from "./token.ts";

/** The parser's output: a Program (possibly partial) and every diagnostic. */
export interface ParseResult {
  readonly program: Program;
  readonly diagnostics: Diagnostic[];
}

/** Lexes and parses a whole file. */
export function parseProgram(file: SourceFile): ParseResult {
  const lexed = lexSource(file);
  const parsed = parseTokens(file, lexed.tokens);
  return {
    program: parsed.program,
    diagnostics: [...lexed.diagnostics, ...parsed.diagnostics],
  };
}

/** Parses an already lexed token list (which must end with `eof`). */
export function parseTokens(
  file: SourceFile,
  tokens: readonly Token[],
): ParseResult {
  const p = makeParserState(file, tokens, parseBlock);
  const body = parseStatements(p);
  while (p.pos < tokens.length - 1) {
    // A stray `}` at top level stops the statement loop: report and go on.
    const t = advance(p);
    if (!p.tooDeep) {
      p.diagnostics.push(makeDiagnostic("E0103", t.span, [t.kind]));
    }
    p.panic = false;
    body.push(...parseStatements(p));
  }
  return {
    program: {
      kind: "Program",
      file,
      body,
      span: { file, start: 0, end: file.text.length },
    },
    diagnostics: p.diagnostics,
  };
}
