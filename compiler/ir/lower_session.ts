// Lowers one REPL input for a VM session: the names earlier inputs bound are
// cells the chunk loads (IMPORT from SESSION_PATH) into registers of its
// module scope, so closures capture them as they would a program's; the
// chunk's own top-level names are cells whose registers the session reads.

import type { Program } from "../ast.ts";
import { OP } from "../bytecode/opcodes.ts";
import type { IrFn } from "./ir.ts";
import { moduleFn, moduleState } from "./lower_expr.ts";
import type { FnState, Var } from "./lower_state.ts";
import { lowerStmts } from "./lower_stmt.ts";

/** The module path under which the VM's exports hold the session's cells. */
export const SESSION_PATH = "<repl>";

/** Where a session name lives: a cell of the session, or a module's export. */
export type SessionEntry =
  | { readonly kind: "cell" }
  | { readonly kind: "import"; readonly path: string };

/**
 * The names a session binds: every visible one, and those of its innermost
 * scope (a `let` of one of these opens a new scope; a `fn` of one of these
 * replaces its value, as the interpreter's session does).
 */
export interface SessionScope {
  readonly visible: ReadonlyMap<string, SessionEntry>;
  readonly inner: ReadonlySet<string>;
}

/** A name bound at some point of a chunk and where its cell is. */
export interface ChunkBinding {
  readonly name: string;
  readonly entry: SessionEntry;
  /** The chunk's register holding the cell (-1 for imports). */
  readonly reg: number;
  /** True when the cell is the session's (loaded, not created, by the chunk). */
  readonly old: boolean;
  /** True when the name is in the innermost scope. */
  readonly inner: boolean;
}

/** A lowered chunk and what it binds. */
export interface LoweredChunk {
  readonly body: IrFn;
  /** Every binding visible after the chunk ran to its end. */
  readonly final: readonly ChunkBinding[];
  /** `before[i]`: the bindings visible before top-level statement i ran. */
  readonly before: readonly (readonly ChunkBinding[])[];
}

const BINDERS = new Set(["Let", "FnDecl", "ModelDecl", "Import"]);

/** Lowers a REPL chunk over `session`'s names; the module body returns the last expression's value. */
export function lowerChunk(
  program: Program,
  session: SessionScope,
): LoweredChunk {
  const ir = moduleFn();
  // Top-level names are cells (they outlive the chunk); nested ones are not.
  const fs = moduleState(ir, program.body, true);
  fs.finalsAllowed = false;
  loadSession(fs, session, false);
  fs.push();
  loadSession(fs, session, true);
  const dst = fs.alloc();
  const before: ChunkBinding[][] = [];
  lowerStmts(fs, program.body, dst, (i) => {
    before.push(snapshot(fs));
    fs.allCells = BINDERS.has(program.body[i].kind);
  });
  fs.emit(OP.RET, dst, 0, 0);
  return { body: ir, final: snapshot(fs), before };
}

function loadSession(fs: FnState, session: SessionScope, inner: boolean) {
  for (const [name, e] of session.visible) {
    if (session.inner.has(name) !== inner) continue;
    if (e.kind === "import") {
      fs.declareImport(name, e.path);
      continue;
    }
    const v: Var = {
      name,
      reg: fs.alloc(),
      cell: true,
      defined: true,
      fn: fs,
      session: true,
    };
    fs.scope.vars.set(name, v);
    const k = fs.constant({
      kind: "data",
      value: { path: SESSION_PATH, names: [name] },
    });
    fs.emit(OP.IMPORT, v.reg, 1, k);
  }
}

/** The defined names visible in the current scope of `fs`, innermost first. */
function snapshot(fs: FnState): ChunkBinding[] {
  const out: ChunkBinding[] = [];
  const seen = new Set<string>();
  for (let s = fs.scope; s !== null; s = s.parent!) {
    for (const [name, v] of s.vars) {
      if (seen.has(name) || !v.defined) continue;
      seen.add(name);
      out.push({
        name,
        entry: v.imported !== undefined
          ? { kind: "import", path: v.imported.path }
          : { kind: "cell" },
        reg: v.imported !== undefined ? -1 : v.reg,
        old: v.session === true,
        inner: s === fs.scope,
      });
    }
    if (s.parent === null) break;
  }
  return out;
}
