// A readable line diff for test failures: expected vs actual with `-`/`+`
// markers and a little context, from a longest-common-subsequence table.

const MAX_CELLS = 4_000_000;
const CONTEXT = 2;

function splitLines(s: string): string[] {
  if (s === "") return [];
  const lines = s.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function show(line: string): string {
  return JSON.stringify(line).slice(1, -1);
}

type Op = { tag: " " | "-" | "+"; text: string };

function lcsOps(a: string[], b: string[]): Op[] {
  const n = a.length, m = b.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[at(i, j)] = a[i] === b[j]
        ? table[at(i + 1, j + 1)] + 1
        : Math.max(table[at(i + 1, j)], table[at(i, j + 1)]);
    }
  }
  const ops: Op[] = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ tag: " ", text: a[i] });
      i++, j++;
    } else if (
      i < n && (j === m || table[at(i + 1, j)] >= table[at(i, j + 1)])
    ) {
      ops.push({ tag: "-", text: a[i++] });
    } else {
      ops.push({ tag: "+", text: b[j++] });
    }
  }
  return ops;
}

function firstDifferenceOps(a: string[], b: string[]): Op[] {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return [
    ...a.slice(0, k).map((text): Op => ({ tag: " ", text })),
    ...a.slice(k, k + 20).map((text): Op => ({ tag: "-", text })),
    ...b.slice(k, k + 20).map((text): Op => ({ tag: "+", text })),
  ];
}

/**
 * A diff of two texts, `-` for expected lines and `+` for actual ones, with
 * two lines of context; empty when they are equal. Invisible differences
 * (trailing newline, whitespace) are spelled out.
 */
export function textDiff(expected: string, actual: string): string {
  if (expected === actual) return "";
  const a = splitLines(expected), b = splitLines(actual);
  const ops = a.length * b.length <= MAX_CELLS
    ? lcsOps(a, b)
    : firstDifferenceOps(a, b);
  const keep = new Array(ops.length).fill(false);
  ops.forEach((op, i) => {
    if (op.tag === " ") return;
    for (let k = i - CONTEXT; k <= i + CONTEXT; k++) {
      if (k >= 0 && k < ops.length) keep[k] = true;
    }
  });
  const out: string[] = ["--- expected", "+++ actual"];
  let skipped = false;
  ops.forEach((op, i) => {
    if (!keep[i]) {
      if (!skipped) out.push("  …");
      skipped = true;
      return;
    }
    skipped = false;
    out.push(`${op.tag} ${show(op.text)}`);
  });
  if (ops.every((op) => op.tag === " ")) {
    const e = expected.endsWith("\n"), g = actual.endsWith("\n");
    out.push(
      e !== g
        ? `(only the final newline differs: expected ${e ? "one" : "none"})`
        : "(the texts differ only in line endings)",
    );
  }
  return out.join("\n");
}
