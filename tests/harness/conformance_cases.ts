// Finds the conformance programs (tests/conformance/**/*.dl) and their
// expectations: NAME.out (stdout), NAME.err (stderr), NAME.code (exit status)
// and NAME.args (one argument per line). Files and folders whose names start
// with `_` are helpers (imported by other programs) and are not run.

/** One conformance program and what it must produce. */
export interface ConformanceCase {
  /** Path relative to the repository root, as passed to `dl run`. */
  readonly path: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
  readonly args: readonly string[];
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}

async function walk(root: string, rel: string, out: string[]): Promise<void> {
  const dir = rel === "" ? root : `${root}/${rel}`;
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
    const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory) await walk(root, child, out);
    else if (entry.isFile && entry.name.endsWith(".dl")) out.push(child);
  }
}

/** Parses a `.code` file: an integer, surrounding whitespace ignored. */
export function parseCode(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text.trim());
  if (!Number.isInteger(n)) throw new Error(`bad .code file: ${text}`);
  return n;
}

/** Parses a `.args` file: one argument per line (a final newline is not an argument). */
export function parseArgsFile(text: string | undefined): string[] {
  if (text === undefined || text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * Every conformance program under `dir` (relative to `root`), sorted by path,
 * keeping those whose path contains one of `filters` (all when empty).
 */
export async function findConformanceCases(
  root: string,
  dir: string,
  filters: readonly string[] = [],
): Promise<ConformanceCase[]> {
  const rels: string[] = [];
  try {
    await walk(`${root}/${dir}`, "", rels);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
  rels.sort();
  const cases: ConformanceCase[] = [];
  for (const rel of rels) {
    const path = `${dir}/${rel}`;
    if (filters.length > 0 && !filters.some((f) => path.includes(f))) continue;
    const base = `${root}/${path.slice(0, -3)}`;
    const [out, err, code, args] = await Promise.all(
      [".out", ".err", ".code", ".args"].map((ext) => readOptional(base + ext)),
    );
    cases.push({
      path,
      stdout: out ?? "",
      stderr: err ?? "",
      code: parseCode(code),
      args: parseArgsFile(args),
    });
  }
  return cases;
}
