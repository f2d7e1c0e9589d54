// Lowers a checked program to the register IR: one module body per module
// (in execution order); non-entry modules keep their top-level variables in
// cells and export them, so importers share them as the interpreter does.

import type { Program, Stmt } from "../ast.ts";
import { normalizePath, resolveImport } from "../loader.ts";
import { OP } from "../bytecode/opcodes.ts";
import type { IrFn, IrProgram } from "./ir.ts";
import { moduleFn, moduleState } from "./lower_expr.ts";
import { patternNames } from "./lower_pattern.ts";
import { lowerStmts, setModuleContext } from "./lower_stmt.ts";

/** A module as the loader gives it. */
export interface LowerModule {
  readonly program: Program;
  readonly path?: string;
  readonly imports?: ReadonlyMap<Stmt, string>;
}

type Import = Extract<Stmt, { kind: "Import" }>;

/** Lowers every module of a program. */
export function lowerProgram(
  checked: { readonly modules: readonly LowerModule[] },
): IrProgram {
  const mods = checked.modules;
  const exportsOf = bindModuleContext(mods);
  const modules = mods.map((m, i) => {
    const entry = i === mods.length - 1;
    const path = modulePath(m);
    return {
      path,
      body: lowerModule(m.program, entry ? [] : exportsOf(path)),
    };
  });
  return { modules };
}

/** A module's normalised path. */
export function modulePath(m: LowerModule): string {
  return m.path ?? normalizePath(m.program.file.path);
}

/**
 * Points the lowering's import resolver at `mods` (every module an import
 * may name); returns the names each module's path exports.
 */
export function bindModuleContext(
  mods: readonly LowerModule[],
): (path: string) => string[] {
  const byPath = new Map<string, LowerModule>();
  for (const m of mods) byPath.set(modulePath(m), m);
  const targetOf = (s: Import): string => {
    for (const m of mods) {
      const t = m.imports?.get(s);
      if (t !== undefined) return t;
    }
    return resolveImport(normalizePath(s.span.file.path), s.path);
  };
  const exportsCache = new Map<string, string[]>();
  const exportNames = (path: string, seen: Set<string>): string[] => {
    const hit = exportsCache.get(path);
    if (hit !== undefined) return hit;
    const m = byPath.get(path);
    if (m === undefined || seen.has(path)) return [];
    seen.add(path);
    const out = new Set<string>();
    for (const s of m.program.body) {
      if (s.kind === "Let") patternNames(s.pattern).forEach((n) => out.add(n));
      else if (s.kind === "FnDecl" || s.kind === "ModelDecl") out.add(s.name);
      else if (s.kind === "Import") {
        exportNames(targetOf(s), seen).forEach((n) => out.add(n));
      }
    }
    const names = [...out];
    exportsCache.set(path, names);
    return names;
  };
  setModuleContext({
    importOf: (s) => {
      const path = targetOf(s);
      return { path, names: exportNames(path, new Set()) };
    },
  });
  return (path) => exportNames(path, new Set());
}

/** Lowers one module body; `exported` names are collected into its exports. */
export function lowerModule(
  program: Program,
  exported: readonly string[],
): IrFn {
  const ir = moduleFn();
  const fs = moduleState(ir, program.body, exported.length > 0);
  lowerStmts(fs, program.body, -1);
  const cells: number[] = [];
  const names: string[] = [];
  const reexports: { name: string; path: string }[] = [];
  for (const n of exported) {
    const r = fs.resolve(n);
    if (r.kind === "local" && r.v.cell) {
      names.push(n);
      cells.push(r.v.reg);
    } else if (r.kind === "import") reexports.push({ name: n, path: r.path });
  }
  const base = fs.top;
  for (const c of cells) fs.emit(OP.MOVE, fs.alloc(), c, 0);
  if (names.length > 0 || reexports.length > 0) {
    const k = fs.constant({ kind: "data", value: { names, reexports } });
    fs.emit(OP.EXPORT, base, names.length, k);
  }
  const u = fs.alloc();
  fs.emit(OP.LOADUNIT, u, 0, 0);
  fs.emit(OP.RET, u, 0, 0);
  return ir;
}
