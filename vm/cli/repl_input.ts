// Decides whether REPL input is complete or needs another line: it continues
// while brackets are open, a block comment is open, or the last line ends
// with an operator (spec §1's rule for where statements end).

/** Tokens that cannot end a statement, so the input continues. */
const CONTINUES = [
  "**",
  "..=",
  "..",
  "->",
  "=>",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "+=",
  "-=",
  "*=",
  "/=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "@",
  "<",
  ">",
  "=",
  "!",
  ",",
  ".",
  ":",
  "|",
];

/** How the scan of the input ended. */
interface ScanState {
  depth: number;
  inBlockComment: boolean;
  /** The input with comments and string contents blanked out. */
  code: string;
}

function scan(text: string): ScanState {
  let depth = 0, inBlock = false, inStr = false;
  const code: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inBlock) {
      if (c === "*" && text[i + 1] === "/") inBlock = false, i++;
      continue;
    }
    if (inStr) {
      if (c === "\\") i++;
      else if (c === '"' || c === "\n") inStr = false, code.push('"');
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      code.push("\n");
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      inBlock = true, i++;
      code.push(" ");
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    code.push(c);
  }
  return { depth, inBlockComment: inBlock, code: code.join("") };
}

/**
 * True when `text` (all lines entered so far) is not yet a complete input:
 * unbalanced `( [ {`, an open block comment, or a trailing operator.
 * Extra closing brackets count as complete (the parser reports them).
 */
export function needsMoreInput(text: string): boolean {
  const s = scan(text);
  if (s.inBlockComment || s.depth > 0) return true;
  const tail = s.code.trimEnd();
  if (tail === "") return false;
  return CONTINUES.some((op) => tail.endsWith(op));
}

/** A REPL command (`:help`, `:quit`) or undefined for dl code. */
export function replCommand(line: string): string | undefined {
  const t = line.trim();
  return /^:[a-z]+$/.test(t) ? t.slice(1) : undefined;
}
