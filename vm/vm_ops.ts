// The VM's out-of-line opcodes: everything that is not scalar arithmetic,
// moves, jumps or calls (indexing, members, tuples, literals, iteration,
// patterns, models, imports). Each reuses the interpreter's helpers, so
// values, messages and spans are the interpreter's own.

import type { Expr } from "../compiler/ast.ts";
import { OP } from "../compiler/bytecode/opcodes.ts";
import type { Span } from "../compiler/core/span.ts";
import * as K from "../kernels/mod.ts";
import { valuesEqual } from "./equality.ts";
import { formatValue } from "./format_value.ts";
import { setIndexed } from "./interp_assign.ts";
import { indexValue, memberOf } from "./interp_index.ts";
import { buildBracket } from "./interp_literal.ts";
import { applyBinary, applyUnary } from "./interp_ops.ts";
import { iterateValue } from "./iterate.ts";
import { runtimeError } from "./runtime_error.ts";
import {
  type Cell,
  type DlField,
  DlModel,
  DlRange,
  DlTuple,
  type Env,
  typeName,
  UNIT,
  type Value,
} from "./values.ts";
import { type Frame, NOSELF, type VmState } from "./vm_state.ts";
import { conditionOf } from "./traced_scalar.ts";
import {
  TAG_BOOL,
  TAG_FLOAT,
  TAG_INT,
  TAG_OBJ,
  VmClosure,
  VmModelCtor,
} from "./vm_values.ts";
import type { Proto } from "./vm_values.ts";

// GETGLOBAL's one-entry cache: the globals, name and cell last looked up.
// The VM never rebinds its globals (the builtins), so a cell found once stays
// that name's cell (a loop calling `float` looks it up once).
let gEnv: Env | undefined, gName: string | undefined, gCell: Cell | undefined;

interface ItemsData {
  readonly n: number;
  readonly spans: readonly Span[];
}

function notInt(v: Value, span: Span) {
  return runtimeError("R0007", span, [
    `indices must be ints, found ${typeName(v)}`,
  ]);
}

function readItems(vm: VmState, at: number, d: ItemsData): K.IndexItem[] {
  const out: K.IndexItem[] = [];
  for (let i = 0; i < d.n; i++) {
    const r = at + i;
    if (vm.T[r] === TAG_INT) out.push(vm.F[r]);
    else if (vm.T[r] === TAG_OBJ && isSlice(vm.O[r])) {
      out.push(vm.O[r] as K.SliceItem);
    } else throw notInt(vm.get(r), d.spans[i]);
  }
  return out;
}

class SliceBox {
  constructor(
    readonly start?: number,
    readonly stop?: number,
    readonly step?: number,
  ) {}
}

function isSlice(v: unknown): boolean {
  return v instanceof SliceBox;
}

/**
 * `t[i]` / `t[i, j]` on a tensor with in-range int indices, read straight
 * from storage; false when the general path must run (it reports errors).
 */
export function fastIndex(
  vm: VmState,
  d: number,
  base: number,
  info: { n: number },
): boolean {
  const t = vm.O[base];
  if (vm.T[base] !== TAG_OBJ || !(t instanceof K.Tensor)) return false;
  const n = info.n;
  if (t.shape.length !== n || n > 2 || vm.T[base + 1] !== TAG_INT) return false;
  let off = t.offset;
  for (let k = 0; k < n; k++) {
    if (vm.T[base + 1 + k] !== TAG_INT) return false;
    const len = t.shape[k], raw = vm.F[base + 1 + k];
    const i = raw < 0 ? raw + len : raw;
    if (i < 0 || i >= len) return false;
    off += i * t.strides[k];
  }
  const v = t.data[off];
  switch (t.dtype) {
    case "f32":
    case "f64":
      vm.T[d] = TAG_FLOAT;
      vm.F[d] = v;
      return true;
    case "bool":
      vm.T[d] = TAG_BOOL;
      vm.F[d] = v !== 0 ? 1 : 0;
      return true;
    default:
      vm.T[d] = TAG_INT;
      vm.F[d] = v;
      return true;
  }
}

/**
 * GETIDX off its fast path: R[d] = R[base][R[idx]] with the interpreter's
 * indexing (`data`: the INDEX items data the instruction's aux names).
 */
export function indexOne(
  vm: VmState,
  d: number,
  base: number,
  idx: number,
  data: unknown,
  span: Span,
): void {
  const items = readItems(vm, idx, data as ItemsData);
  vm.set(d, indexValue(vm.get(base), items, span));
}

/** Applies a binary operator the fast paths did not handle (`op`: its token). */
export function slowBinary(
  vm: VmState,
  token: string,
  d: number,
  x: Value,
  y: Value,
  span: Span,
): void {
  vm.set(d, applyBinary(token, x, y, span));
}

/** Applies a unary operator the fast paths did not handle. */
export function slowUnary(
  vm: VmState,
  token: string,
  d: number,
  x: Value,
  span: Span,
): void {
  vm.set(d, applyUnary(token, x, span));
}

/**
 * A condition register that is not a bool: a traced float's 0-d bool
 * comparison counts as its bool (vm/traced_scalar.ts); anything else throws
 * conditionError.
 */
export function slowCondition(
  vm: VmState,
  r: number,
  kind: number,
  span: Span,
): boolean {
  const c = conditionOf(vm.get(r));
  if (c === undefined) throw conditionError(vm, r, kind, span);
  return c;
}

/** The error of a non-bool condition (c: 0 `if`/`while`, 1-4 `&&`/`||` operands). */
export function conditionError(
  vm: VmState,
  r: number,
  kind: number,
  span: Span,
): unknown {
  const v = vm.get(r);
  if (kind === 0) {
    return runtimeError("R0007", span, [
      `condition must be \`bool\`, found ${formatValue(v)}`,
    ]);
  }
  const op = kind === 1 || kind === 3 ? "&&" : "||";
  const left = kind <= 2 ? typeName(v) : "bool";
  return runtimeError("R0007", span, [
    `cannot apply \`${op}\` to ${left} and ${typeName(v)}`,
  ]);
}

function checkParamShape(old: Value, v: Value, span: Span): void {
  if (!(old instanceof K.Tensor)) return;
  if (
    !(v instanceof K.Tensor) || v.dtype !== old.dtype ||
    v.shape.length !== old.shape.length ||
    v.shape.some((d, i) => d !== old.shape[i])
  ) {
    throw runtimeError("R0008", span, [
      "=",
      `cannot assign ${typeName(v)} to a parameter of type ${typeName(old)}`,
    ]);
  }
}

function fieldOf(target: Value, name: string, tspan: Span): DlField {
  if (!(target instanceof DlModel) || !target.fields.has(name)) {
    throw runtimeError("R0007", tspan, [
      `cannot assign to \`${name}\` on ${typeName(target)}`,
    ]);
  }
  return target.fields.get(name)!;
}

/** Creates a closure or model constructor over the current frame's cells. */
export function makeClosure(vm: VmState, frame: Frame, p: Proto): Value {
  const ups: Cell[] = new Array(p.upvals.length / 2);
  for (let i = 0; i < ups.length; i++) {
    const idx = p.upvals[i * 2 + 1];
    ups[i] = p.upvals[i * 2] === 1
      ? vm.O[frame.bp + idx] as Cell
      : frame.upvals[idx];
  }
  return p.kind === "model"
    ? new VmModelCtor(p, ups)
    : new VmClosure(p.name, p, ups);
}

/**
 * Runs one out-of-line opcode of `frame` (registers relative to its bp).
 * Returns the next pc when the opcode jumps, else -1.
 */
export function generic(
  vm: VmState,
  frame: Frame,
  op: number,
  a: number,
  b: number,
  c: number,
  span: Span,
): number {
  const bp = frame.bp, p = frame.proto;
  const ra = bp + a, rb = bp + b;
  switch (op) {
    case OP.LOADK:
      vm.set(ra, p.kv[b] as Value);
      return -1;
    case OP.GETGLOBAL: {
      const name = p.kv[b] as string, g = vm.globals;
      if (name === gName && g === gEnv) {
        vm.set(ra, gCell!.value);
        return -1;
      }
      const cell = g.lookup(name);
      if (cell !== undefined) gEnv = g, gName = name, gCell = cell;
      if (cell === undefined && c !== 1) {
        throw runtimeError("R0007", span, [
          `cannot find \`${name}\` in this scope`,
        ]);
      }
      vm.set(ra, cell?.value);
      return -1;
    }
    case OP.CLOSURE:
      vm.set(ra, makeClosure(vm, frame, p.kv[b] as Proto));
      return -1;
    case OP.INDEX: {
      const d = p.kv[c] as ItemsData;
      const items = readItems(vm, rb + 1, d);
      vm.set(ra, indexValue(vm.get(rb), items, span));
      return -1;
    }
    case OP.SLICE: {
      const d = p.kv[c] as { mask: number; spans: Span[] };
      const parts: (number | undefined)[] = [undefined, undefined, undefined];
      for (let j = 0; j < 3; j++) {
        if ((d.mask & (1 << j)) === 0) continue;
        if (vm.T[rb + j] !== TAG_INT) throw notInt(vm.get(rb + j), d.spans[j]);
        parts[j] = vm.F[rb + j];
      }
      vm.set(
        ra,
        new SliceBox(parts[0], parts[1], parts[2]) as unknown as Value,
      );
      return -1;
    }
    case OP.SETINDEX: {
      const d = p.kv[c] as ItemsData;
      const items = readItems(vm, rb + 1, d);
      setIndexed(vm.get(rb), items, vm.get(ra), span);
      return -1;
    }
    case OP.MEMBER: {
      const d = p.kv[c] as { name: string; span: Span; nameSpan: Span };
      const target = vm.get(rb);
      const m = memberOf(target, d.name, d.span);
      if (m === undefined) {
        throw runtimeError("R0007", d.nameSpan, [
          `no member \`${d.name}\` on ${typeName(target)}`,
        ]);
      }
      vm.set(ra, m);
      return -1;
    }
    case OP.FIELDGET: {
      const d = p.kv[c] as { name: string; tspan: Span };
      vm.set(ra, fieldOf(vm.get(rb), d.name, d.tspan).value);
      return -1;
    }
    case OP.SETMEMBER: {
      const d = p.kv[c] as { name: string; tspan: Span; span: Span };
      const v = vm.get(ra);
      const field = fieldOf(vm.get(rb), d.name, d.tspan);
      if (field.param) checkParamShape(field.value, v, d.span);
      field.value = v;
      return -1;
    }
    case OP.TUPLE: {
      const items: Value[] = new Array(c);
      for (let i = 0; i < c; i++) items[i] = vm.get(rb + i);
      vm.set(ra, new DlTuple(items));
      return -1;
    }
    case OP.BRACKET:
      vm.set(ra, bracketAt(vm, p.kv[c] as BracketExpr, rb));
      return -1;
    case OP.RANGE: {
      if (vm.T[rb] !== TAG_INT || vm.T[rb + 1] !== TAG_INT) {
        throw runtimeError("R0007", span, ["range bounds must be ints"]);
      }
      vm.set(
        ra,
        new DlRange(vm.F[rb], c === 1 ? vm.F[rb + 1] + 1 : vm.F[rb + 1]),
      );
      return -1;
    }
    case OP.CHKTUP: {
      const s = p.kv[c] as Span;
      if (b < 0) {
        throw runtimeError("R0007", s, ["this pattern can fail; use `match`"]);
      }
      const v = vm.get(ra);
      if (!(v instanceof DlTuple) || v.items.length !== b) {
        throw runtimeError("R0007", s, [
          `cannot destructure ${formatValue(v)} with a pattern of ${b} fields`,
        ]);
      }
      return -1;
    }
    case OP.TUPGET:
      vm.set(ra, (vm.O[rb] as DlTuple).items[c]);
      return -1;
    case OP.JNEK:
      return valuesEqual(p.kv[c] as Value, vm.get(rb)) ? -1 : a;
    case OP.JNTUP: {
      const v = vm.get(rb);
      return v instanceof DlTuple && v.items.length === c ? -1 : a;
    }
    case OP.MATCHFAIL:
      throw runtimeError("R0005", span, [formatValue(vm.get(ra))]);
    case OP.MEMBERFN: {
      const d = p.kv[b] as { name: string; nameSpan: Span };
      const target = vm.get(ra + 1);
      const m = memberOf(target, d.name, span);
      if (m !== undefined) {
        vm.set(ra, m);
        vm.T[ra + 1] = TAG_OBJ;
        vm.O[ra + 1] = NOSELF;
      } else if (vm.T[ra] === TAG_OBJ && vm.O[ra] === undefined) {
        throw runtimeError("R0007", d.nameSpan, [
          `no member \`${d.name}\` on ${typeName(target)}`,
        ]);
      }
      return -1;
    }
    case OP.ITERPREP:
      vm.T[ra] = TAG_OBJ;
      vm.O[ra] = iterateValue(vm.get(rb), span);
      return -1;
    case OP.ITERNEXT: {
      if (++vm.steps > vm.maxSteps) throw runtimeError("R0013", span);
      const r = (vm.O[rb] as Iterator<Value>).next();
      if (r.done === true) return c;
      vm.set(ra, r.value);
      return -1;
    }
    case OP.IMPORT: {
      const d = p.kv[c] as { path: string; names: string[] };
      const m = vm.exports.get(d.path);
      for (let i = 0; i < b; i++) {
        vm.T[ra + i] = TAG_OBJ;
        vm.O[ra + i] = m?.get(d.names[i]) ?? { value: UNIT };
      }
      return -1;
    }
    case OP.EXPORT: {
      const d = p.kv[c] as {
        names: string[];
        reexports: { name: string; path: string }[];
      };
      const m = new Map<string, Cell>();
      for (const r of d.reexports) {
        const cell = vm.exports.get(r.path)?.get(r.name);
        if (cell !== undefined) m.set(r.name, cell);
      }
      for (let i = 0; i < b; i++) m.set(d.names[i], vm.O[ra + i] as Cell);
      vm.exports.set(vm.modulePath, m);
      return -1;
    }
    case OP.MODELNEW:
      vm.set(ra, new DlModel(p.kv[b] as string));
      return -1;
    case OP.NEWFIELD: {
      const d = p.kv[b] as { mutable: boolean; param: boolean };
      vm.T[ra] = TAG_OBJ;
      vm.O[ra] = { value: UNIT, mutable: d.mutable, param: d.param };
      return -1;
    }
    case OP.FIELDDEF:
      (vm.O[ra] as DlModel).fields.set(p.kv[c] as string, vm.O[rb] as DlField);
      return -1;
    case OP.METHODDEF:
      (vm.O[ra] as DlModel).methods.set(p.kv[c] as string, vm.get(rb));
      return -1;
    case OP.GETIMPORT:
      vm.set(ra, importCell(vm, p.kv[b] as ImportRef).value);
      return -1;
    case OP.SETIMPORT:
      importCell(vm, p.kv[a] as ImportRef).value = vm.get(rb);
      return -1;
    case OP.BINOP:
      vm.set(
        ra,
        applyBinary(p.kv[c] as string, vm.get(rb), vm.get(rb + 1), span),
      );
      return -1;
  }
  throw new Error(`opcode ${op} has no handler`);
}

interface ImportRef {
  readonly path: string;
  readonly name: string;
}

function importCell(vm: VmState, r: ImportRef): Cell {
  const cell = vm.exports.get(r.path)?.get(r.name);
  if (cell === undefined) {
    throw runtimeError("R0007", undefined, [
      `cannot find \`${r.name}\` in this scope`,
    ]);
  }
  return cell;
}

type BracketExpr = Extract<Expr, { kind: "Bracket" }>;

/** Builds a bracket literal from its leaves (registers from `at`, in order), as the interpreter does. */
function bracketAt(vm: VmState, e: BracketExpr, at: number): Value {
  let next = at;
  return buildBracket(e, () => vm.get(next++));
}
