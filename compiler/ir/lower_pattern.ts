// Lowering of patterns: irrefutable binding for `let`/`for` destructuring
// (CHKTUP + TUPGET) and refutable tests for `match` arms (JNEK, JNTUP).

import type { Expr, Pattern } from "../ast.ts";
import { OP } from "../bytecode/opcodes.ts";
import type { Span } from "../core/span.ts";
import type { IrConst } from "./ir.ts";
import type { FnState } from "./lower_state.ts";

/** Every name a pattern binds, in order (once each). */
export function patternNames(p: Pattern): string[] {
  const out: string[] = [];
  const walk = (q: Pattern): void => {
    if (q.kind === "NamePattern") {
      if (!out.includes(q.name)) out.push(q.name);
    } else if (q.kind === "TuplePattern") q.elements.forEach(walk);
    else if (q.kind === "OrPattern") q.alternatives.forEach(walk);
  };
  walk(p);
  return out;
}

/** Binds an irrefutable pattern to the value in `reg`; `bind` stores each name. */
export function bindIrrefutable(
  fs: FnState,
  p: Pattern,
  reg: number,
  span: Span,
  bind: (name: string, reg: number) => void,
): void {
  switch (p.kind) {
    case "WildcardPattern":
      return;
    case "NamePattern":
      bind(p.name, reg);
      return;
    case "TuplePattern": {
      const save = fs.top;
      const k = fs.constant({ kind: "data", value: span });
      fs.emit(OP.CHKTUP, reg, p.elements.length, k, span);
      const t = fs.alloc();
      for (let i = 0; i < p.elements.length; i++) {
        fs.emit(OP.TUPGET, t, reg, i);
        bindIrrefutable(fs, p.elements[i], t, span, bind);
      }
      fs.top = save;
      return;
    }
    default: {
      const k = fs.constant({ kind: "data", value: p.span });
      fs.emit(OP.CHKTUP, reg, -1, k, p.span);
    }
  }
}

/** The constant a literal pattern compares with. */
export function literalConst(e: Expr): IrConst | undefined {
  switch (e.kind) {
    case "IntLit":
      return { kind: "int", value: e.value };
    case "FloatLit":
      return { kind: "float", value: e.value };
    case "StrLit":
      return { kind: "str", value: e.value };
    case "BoolLit":
      return { kind: "bool", value: e.value };
    case "Unary": {
      if (e.op !== "-") return undefined;
      const x = literalConst(e.operand);
      if (x?.kind === "int") return { kind: "int", value: 0 - x.value + 0 };
      if (x?.kind === "float") return { kind: "float", value: -x.value };
      return undefined;
    }
  }
  return undefined;
}

/**
 * Tests `p` against the value in `reg`, binding names through `bind`; every
 * failing test jumps to a target added to `fails` (patched by the caller).
 */
export function testPattern(
  fs: FnState,
  p: Pattern,
  reg: number,
  fails: number[],
  bind: (name: string, reg: number) => void,
): void {
  switch (p.kind) {
    case "WildcardPattern":
      return;
    case "NamePattern":
      bind(p.name, reg);
      return;
    case "LitPattern": {
      const k = literalConst(p.value) ?? { kind: "unit" as const };
      fails.push(fs.emit(OP.JNEK, -1, reg, fs.constant(k), p.span));
      return;
    }
    case "TuplePattern": {
      fails.push(fs.emit(OP.JNTUP, -1, reg, p.elements.length, p.span));
      const save = fs.top;
      for (let i = 0; i < p.elements.length; i++) {
        const t = fs.alloc();
        fs.emit(OP.TUPGET, t, reg, i);
        testPattern(fs, p.elements[i], t, fails, bind);
      }
      fs.top = save;
      return;
    }
    case "OrPattern": {
      const ok: number[] = [];
      const alts = p.alternatives;
      for (let i = 0; i < alts.length; i++) {
        const local: number[] = [];
        testPattern(fs, alts[i], reg, local, bind);
        if (i === alts.length - 1) {
          fails.push(...local);
        } else {
          ok.push(fs.emit(OP.JMP, -1, 0, 0));
          const next = fs.here();
          for (const j of local) fs.patch(j, next);
        }
      }
      const end = fs.here();
      for (const j of ok) fs.patch(j, end);
    }
  }
}
