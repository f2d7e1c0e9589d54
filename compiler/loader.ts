// The loader: parses an entry file and, recursively, every file it imports
// (`import "x.dl"`, relative to the importing file), each once, returning
// them in execution order (dependencies first). Cycles are E0502, unreadable
// files E0501. Files come through a CompilerHost so tests can use memory.

import type { Program, Stmt } from "./ast.ts";
import { type Diagnostic, makeDiagnostic } from "./core/diagnostics.ts";
import { makeSourceFile, type SourceFile } from "./core/span.ts";
import { parseProgram } from "./parser.ts";

/** Where source files come from. */
export interface CompilerHost {
  /** The file's text, or why it cannot be read. */
  readFile(path: string): string | { error: string };
}

/** A parsed file and where each of its top-level imports points. */
export interface LoadedModule {
  /** The file's path as shown to users (normalised, `/`-separated). */
  readonly path: string;
  readonly program: Program;
  /** Each top-level `import` statement → the path of the module it loads. */
  readonly imports: ReadonlyMap<Stmt, string>;
}

/** Every module of a program, dependencies before their importers. */
export interface LoadResult {
  /** In execution order; the entry (when readable) is last. */
  readonly modules: readonly LoadedModule[];
  /** The entry module, absent when the entry file could not be read. */
  readonly entry?: LoadedModule;
  readonly diagnostics: Diagnostic[];
}

type Import = Extract<Stmt, { kind: "Import" }>;

/** Normalises a `/`-separated path: drops `.` segments and folds `x/..`. */
export function normalizePath(path: string): string {
  const abs = path.startsWith("/");
  const out: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === ".." && out.length > 0 && out[out.length - 1] !== "..") {
      out.pop();
    } else if (!(seg === ".." && abs)) out.push(seg);
  }
  const joined = out.join("/");
  return abs ? "/" + joined : joined === "" ? "." : joined;
}

/** The path of `target` imported from the file at `from`. */
export function resolveImport(from: string, target: string): string {
  if (target.startsWith("/")) return normalizePath(target);
  const slash = from.lastIndexOf("/");
  const dir = slash < 0 ? "" : from.slice(0, slash + 1);
  return normalizePath(dir + target);
}

/** Loads the program whose entry file is `path`. */
export function loadProgram(path: string, host: CompilerHost): LoadResult {
  const text = host.readFile(path);
  if (typeof text !== "string") {
    return {
      modules: [],
      diagnostics: [makeDiagnostic("E0501", undefined, [path, text.error])],
    };
  }
  return loadSource(makeSourceFile(path, text), host);
}

/** Loads a program whose entry is already in memory. */
export function loadSource(file: SourceFile, host: CompilerHost): LoadResult {
  const parsed = parseProgram(file);
  const r = loadParsed(parsed.program, host);
  return {
    modules: r.modules,
    entry: r.entry,
    diagnostics: [...parsed.diagnostics, ...r.diagnostics],
  };
}

interface Frame {
  readonly module: LoadedModule;
  readonly pending: readonly Import[];
  next: number;
}

/**
 * Loads the imports of an already parsed entry program (the REPL's chunks).
 * Paths in `skip` are taken as loaded already and not read again.
 */
export function loadParsed(
  program: Program,
  host: CompilerHost,
  skip: ReadonlySet<string> = new Set(),
): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const modules: LoadedModule[] = [];
  const done = new Set<string>(skip);
  const visiting = new Map<string, number>();
  const stack: Frame[] = [];
  const push = (path: string, prog: Program) => {
    const imports = new Map<Stmt, string>();
    const pending = prog.body.filter((s): s is Import => s.kind === "Import");
    for (const s of pending) imports.set(s, resolveImport(path, s.path));
    visiting.set(path, stack.length);
    stack.push({ module: { path, program: prog, imports }, pending, next: 0 });
  };
  const entryPath = normalizePath(program.file.path);
  push(entryPath, program);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next >= top.pending.length) {
      stack.pop();
      visiting.delete(top.module.path);
      done.add(top.module.path);
      modules.push(top.module);
      continue;
    }
    const imp = top.pending[top.next++];
    const target = top.module.imports.get(imp)!;
    const at = visiting.get(target);
    if (at !== undefined) {
      const chain = stack.slice(at).map((f) => f.module.path);
      diagnostics.push(
        makeDiagnostic("E0502", imp.span, [[...chain, target].join(" -> ")]),
      );
      continue;
    }
    if (done.has(target)) continue;
    const text = host.readFile(target);
    if (typeof text !== "string") {
      diagnostics.push(
        makeDiagnostic("E0501", imp.pathSpan, [target, text.error]),
      );
      done.add(target);
      continue;
    }
    const parsed = parseProgram(makeSourceFile(target, text));
    diagnostics.push(...parsed.diagnostics);
    push(target, parsed.program);
  }
  return { modules, entry: modules[modules.length - 1], diagnostics };
}
