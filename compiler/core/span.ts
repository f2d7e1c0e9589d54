// Source files and spans: every token, AST node, IR instruction and runtime
// error points back to the user's text through a Span.

/** A loaded source file: its path (as shown to users) and its text. */
export interface SourceFile {
  /** Path as the user should see it (relative to the working dir if given so). */
  readonly path: string;
  readonly text: string;
  /** Offsets (UTF-16 code units) at which each line starts; lineStarts[0] = 0. */
  readonly lineStarts: readonly number[];
}

/** A half-open range [start, end) of UTF-16 offsets in one source file. */
export interface Span {
  readonly file: SourceFile;
  readonly start: number;
  readonly end: number;
}

/** Builds a SourceFile, computing line starts once. */
export function makeSourceFile(path: string, text: string): SourceFile {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  }
  return { path, text, lineStarts };
}

/** A span covering a and b (both in the same file). */
export function joinSpans(a: Span, b: Span): Span {
  return {
    file: a.file,
    start: Math.min(a.start, b.start),
    end: Math.max(a.end, b.end),
  };
}

/** 1-based line and column of an offset. Columns count Unicode code points. */
export function lineCol(
  file: SourceFile,
  offset: number,
): { line: number; col: number } {
  const starts = file.lineStarts;
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  const lineText = file.text.slice(starts[lo], offset);
  return { line: lo + 1, col: [...lineText].length + 1 };
}

/** The text of a 1-based line, without its newline. */
export function lineText(file: SourceFile, line: number): string {
  const start = file.lineStarts[line - 1] ?? file.text.length;
  const next = file.lineStarts[line];
  let end = next === undefined ? file.text.length : next - 1;
  if (end > start && file.text.charCodeAt(end - 1) === 13) end--;
  return file.text.slice(start, end);
}
