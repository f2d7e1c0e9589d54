// The parser's entry point: source file → Program (spec §1–6). Lexes, then
// parses statements with error recovery; always returns a Program and never
// throws. The grammar lives in parser_expr/stmt/type/pattern.ts.

import type { Program } from "./ast.ts";
import { type Diagnostic, makeDiagnostic } from "./core/diagnostics.ts";
import type { SourceFile } from "./core/span.ts";
import { lexToBuffer } from "./lexer.ts";
import { advance, makeParserState, spanOf } from "./parser_state.ts";
import { parseBlock, parseStatements } from "./parser_stmt.ts";

/** The parser's output: a Program (possibly partial) and every diagnostic. */
export interface ParseResult {
  readonly program: Program;
  readonly diagnostics: Diagnostic[];
}

/** Lexes and parses a whole file. */
export function parseProgram(file: SourceFile): ParseResult {
  const lexed = lexToBuffer(file);
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
  return {
    program: {
      kind: "Program",
      file,
      body,
      span: { file, start: 0, end: file.text.length },
    },
    diagnostics: [...lexed.diagnostics, ...p.diagnostics],
  };
}
