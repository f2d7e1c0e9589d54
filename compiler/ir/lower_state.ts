// Lowering state: one FnState per function being lowered, compile-time
// scopes that mirror the interpreter's environments (a `let` of a name the
// current scope already binds opens a new scope), name resolution to
// registers, cells, upvalues or builtins, and register allocation (a stack).

import type { Span } from "../core/span.ts";
import type { IrConst, IrFn, IrInstr } from "./ir.ts";

/** A variable: a register, holding a cell when closures capture it. */
export interface Var {
  readonly name: string;
  readonly reg: number;
  readonly cell: boolean;
  /** False while pre-declared (visible to closures only, like a later `let`). */
  defined: boolean;
  readonly fn: FnState;
  /** Set for names an `import` brings: read through the module's exports. */
  readonly imported?: { readonly path: string };
  /** Set for a REPL session's binding: a hoisted declaration of its name reuses its cell. */
  readonly session?: boolean;
  /** Bound by `let` / `fn` / `model` outside a session: defined once, never assigned. */
  final?: boolean;
}

/** A compile-time scope. */
export class Scope {
  readonly vars: Map<string, Var> = new Map();
  /** A scope inside `parent` belonging to function `fn`. */
  constructor(readonly parent: Scope | null, readonly fn: FnState) {}
}

/** Where a name lives. */
export type Resolved =
  | { readonly kind: "local"; readonly v: Var }
  | { readonly kind: "upval"; readonly index: number }
  | { readonly kind: "import"; readonly path: string; readonly name: string }
  | { readonly kind: "global" };

/** A loop's jump lists, patched when the loop ends. */
export interface LoopLabels {
  readonly breaks: number[];
  readonly continues: number[];
}

/** One function being lowered. */
export class FnState {
  top = 0;
  scope: Scope;
  readonly loops: LoopLabels[] = [];
  private readonly upvalIndex = new Map<Var, number>();
  /** False for a REPL chunk's top level, whose bindings later inputs may redefine. */
  finalsAllowed = true;
  private readonly constIndex = new Map<string, number>();

  /** `captured`: names that nested functions mention (their variables become cells). */
  constructor(
    readonly ir: IrFn,
    readonly parent: FnState | null,
    outer: Scope | null,
    readonly captured: ReadonlySet<string>,
    public allCells: boolean,
  ) {
    this.scope = new Scope(outer, this);
  }

  /** Appends an instruction; returns its index. */
  emit(op: number, a: number, b: number, c: number, span?: Span): number {
    const ins: IrInstr = { op, a, b, c, span };
    this.ir.code.push(ins);
    return this.ir.code.length - 1;
  }

  /** The index the next instruction will have. */
  here(): number {
    return this.ir.code.length;
  }

  /** Points jump `at`'s target operand (a) to `target`. */
  patch(at: number, target: number): void {
    this.ir.code[at].a = target;
  }

  /** A fresh register at the top of the stack. */
  alloc(): number {
    const r = this.top++;
    if (this.top > this.ir.nregs) this.ir.nregs = this.top;
    return r;
  }

  /** Adds a constant (scalars and strs are shared); returns its index. */
  constant(k: IrConst): number {
    const key = k.kind === "int" || k.kind === "float" || k.kind === "bool" ||
        k.kind === "str"
      ? `${k.kind}:${String(k.value)}${
        k.kind === "float" && Object.is(k.value, -0) ? "-" : ""
      }`
      : k.kind === "unit" || k.kind === "absent"
      ? k.kind
      : undefined;
    if (key !== undefined) {
      const i = this.constIndex.get(key);
      if (i !== undefined) return i;
    }
    this.ir.consts.push(k);
    const i = this.ir.consts.length - 1;
    if (key !== undefined) this.constIndex.set(key, i);
    return i;
  }

  /** Declares a variable in the current scope at a fresh register. */
  declare(name: string, defined: boolean, forceCell = false): Var {
    const v: Var = {
      name,
      reg: this.alloc(),
      cell: forceCell || this.allCells || this.captured.has(name),
      defined,
      fn: this,
    };
    this.scope.vars.set(name, v);
    return v;
  }

  /** Declares a `let` / `fn` / `model` binding: final unless this is a REPL chunk's top level. */
  declareFinal(name: string, defined: boolean): Var {
    const v = this.declare(name, defined);
    if (this.finalsAllowed) v.final = true;
    return v;
  }

  /** Declares a name an `import` of module `path` brings into the current scope. */
  declareImport(name: string, path: string): void {
    this.scope.vars.set(name, {
      name,
      reg: -1,
      cell: false,
      defined: true,
      fn: this,
      imported: { path },
    });
  }

  /** Opens a scope. */
  push(): Scope {
    this.scope = new Scope(this.scope, this);
    return this.scope;
  }

  /** Closes scopes down to (and including) `s`, freeing registers from `top`. */
  popTo(s: Scope, top: number): void {
    this.scope = s.parent!;
    this.top = top;
  }

  /** Resolves a name as the interpreter's lookup would at this point. */
  resolve(name: string): Resolved {
    for (let s: Scope | null = this.scope; s !== null; s = s.parent) {
      const v = s.vars.get(name);
      if (v === undefined) continue;
      if (v.imported !== undefined) {
        return { kind: "import", path: v.imported.path, name };
      }
      if (s.fn === this) {
        if (v.defined) return { kind: "local", v };
        continue;
      }
      return { kind: "upval", index: this.upvalOf(v) };
    }
    return { kind: "global" };
  }

  /** The upvalue index of an outer variable in this function. */
  upvalOf(v: Var): number {
    const known = this.upvalIndex.get(v);
    if (known !== undefined) return known;
    if (!v.cell) {
      throw new Error(`variable ${v.name} is captured but not a cell`);
    }
    const p = this.parent!;
    const final = v.final === true;
    const up = v.fn === p
      ? { local: true, index: v.reg, final }
      : { local: false, index: p.upvalOf(v), final };
    this.ir.upvals.push(up);
    const i = this.ir.upvals.length - 1;
    this.upvalIndex.set(v, i);
    return i;
  }
}
