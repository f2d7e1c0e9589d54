// The register IR: one IrFn per dl function, model constructor or module,
// holding a linear list of instructions (opcodes of compiler/bytecode/
// opcodes.ts; jumps name instruction indices) with a span on each, a
// constant pool and the upvalues its closures capture.

import type { FnDecl, ModelDecl, Param } from "../ast.ts";
import type { Span } from "../core/span.ts";

/** One instruction: an opcode and three operands whose roles the opcode fixes. */
export interface IrInstr {
  op: number;
  a: number;
  b: number;
  c: number;
  /** Where an error raised by this instruction is reported. */
  span: Span | undefined;
  /** A constant index some superinstructions carry beside a, b, c (GETIDX: its INDEX data). */
  aux?: number;
}

/** A constant: a dl scalar or str, unit, a function prototype, or opaque data an opcode reads. */
export type IrConst =
  | { readonly kind: "int"; readonly value: number }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "str"; readonly value: string }
  | { readonly kind: "unit" }
  | { readonly kind: "absent" }
  | { readonly kind: "fn"; readonly fn: IrFn }
  | { readonly kind: "data"; readonly value: unknown };

/** Where a closure's upvalue comes from: a register (a cell) of the enclosing function, or one of its upvalues. */
export interface IrUpval {
  readonly local: boolean;
  readonly index: number;
  /**
   * The captured variable is a `let`, `fn` or `model` binding of a program
   * (never a REPL session's): its cell is written once, when defined, and
   * never again, so a defined value seen in it is its value for good.
   */
  readonly final?: boolean;
}

/** A parameter as call binding sees it. */
export interface IrParam {
  readonly name: string;
  readonly optional: boolean;
}

/** A function, model constructor or module body in IR form. */
export interface IrFn {
  /** The name in stack traces (`f`, `<lambda>`, `Model.method`, `<main>`). */
  readonly name: string;
  readonly kind: "module" | "fn" | "model";
  readonly params: readonly IrParam[];
  /** The source declaration (closures keep it for printing and reflection). */
  readonly decl?: FnDecl | ModelDecl | {
    readonly kind: "Lambda";
    readonly params: readonly Param[];
    readonly body: FnDecl["body"];
  };
  nregs: number;
  code: IrInstr[];
  readonly consts: IrConst[];
  readonly upvals: IrUpval[];
}

/** A whole program: one module body per module, in execution order. */
export interface IrProgram {
  readonly modules: readonly IrModule[];
}

/** A lowered module: its body and the path importers name it by. */
export interface IrModule {
  readonly path: string;
  readonly body: IrFn;
}
