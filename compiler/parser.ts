// The parser's entry point: source file → Program (spec §1–6). Lexes, then
// parses statements with error recovery; always returns a Program and never
// throws. The grammar lives in parser_expr/stmt/type/pattern.ts.

import type { Program } from "./ast.ts";
import { type Diagnostic, makeDiagnostic } from "./core/diagnostics.ts";
import type { SourceFile } from "./core/span.ts";
import { lexToScratch, releaseScratch } from "./lexer.ts";
import { advance, makeParserState, spanOf } from "./parser_state.ts";
import { parseBlock, parseStatements } from "./parser_stmt.ts";

/** The parser's output: a Program (possibly partial) and every diagnostic. */
export interface ParseResult {
  readonly program: Program;
  readonly diagnostics: Diagnostic[];
}

/** Lexes and parses a whole file. */
export function parseProgram(file: SourceFile): ParseResult {
  const lexed = lexToScratch(file);
  const p = makeParserState(lexed.tokens, parseBlock);
  const body = parseStatements(p);
  let lastStray = -2;
  while (p.pos < p.last) {
    // A stray `}` at top level stops the statement loop: report it (once
    // for a run of them) and go on.
    const i = advance(p);
    if (!p.tooDeep && i !== lastStray + 1) {
      p.diagnostics.push(makeDiagnostic("E0103", spanOf(p, i), ["}"]));
    }
    lastStray = i;
    p.panic = false;
    body.push(...parseStatements(p));
  }
  releaseScratch(lexed.tokens);
  return {
    program: {
      kind: "Program",
      file,
      body,
      span: { file, start: 0, end: file.text.length },
    },
    diagnostics: capDiagnostics([...lexed.diagnostics, ...p.diagnostics]),
  };
}

/** Most diagnostics one file reports; past it, one E0111 says how many more. */
export const MAX_PARSE_DIAGNOSTICS = 50;

/** Keeps the first MAX_PARSE_DIAGNOSTICS (by position), so rendering broken input stays linear. */
function capDiagnostics(all: Diagnostic[]): Diagnostic[] {
  if (all.length <= MAX_PARSE_DIAGNOSTICS) return all;
  all.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  const kept = all.slice(0, MAX_PARSE_DIAGNOSTICS);
  const last = kept[kept.length - 1].span;
  kept.push(
    makeDiagnostic("E0111", last, [all.length - MAX_PARSE_DIAGNOSTICS]),
  );
  return kept;
}
