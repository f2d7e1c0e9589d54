// The JavaScript tier's instructions: for each supported opcode, the kinds
// (int, float, bool, object) it reads and writes and the JS it becomes.
// Registers are JS locals named by register and kind (`i3`, `f3`, `b3`,
// `o3`); int arithmetic keeps the op table's exact i32 overflow (R0001) and
// division-by-zero (R0002) errors. Anything else is unsupported (false).

import { OP, opcode, OPCODES } from "../compiler/bytecode/opcodes.ts";
import { DlBuiltin, DlFloat } from "./values.ts";
import type { Proto } from "./vm_values.ts";
import { viewRead } from "./tier_js_views.ts";

/** Register kinds: 0 not reached yet, then int, float, bool, object, and 5 unknown (mixed). */
export const K_NONE = 0, K_INT = 1, K_FLOAT = 2, K_BOOL = 3, K_OBJ = 4;
/** A register whose kind differs between paths (must not be read). */
export const K_MIXED = 5;

/** The join of two kinds at a control-flow merge. */
export function joinKind(a: number, b: number): number {
  if (a === K_NONE) return b;
  if (b === K_NONE || a === b) return a;
  return K_MIXED;
}

/** The JS local holding register `r` as kind `k`. */
export function v(r: number, k: number): string {
  return `${"xifbo"[k]}${r}`;
}

/** The kind of a dl value (used to speculate from values seen at compile time). */
export function kindOfValue(x: unknown): number {
  if (typeof x === "number") return K_INT;
  if (x instanceof DlFloat) return K_FLOAT;
  if (typeof x === "boolean") return K_BOOL;
  return K_OBJ;
}

/** What an instruction needs from its compilation: constants, callees, spans. */
export interface EmitCtx {
  readonly proto: Proto;
  /** Name of the bound array of this function's boxed constants / spans. */
  readonly id: number;
  /** Whether steps are counted (a finite step budget; else they are unobservable). */
  readonly countSteps: boolean;
  /** Registers whose rank-1 tensor is read through hoisted locals (tier_js_views.ts). */
  readonly views: ReadonlyMap<
    number,
    { readonly dtype: string; readonly unit: boolean }
  >;
  /** The value register `r` will hold before `pc`, as far as known at compile time. */
  peek(pc: number, r: number): unknown;
  /** Binds a value for generated code; returns its name. */
  bind(value: unknown): string;
  /**
   * JS leaving compiled code when a guard fails at `pc`: registers of kinds
   * `K` plus `$x` in register `a` go to the VM, which resumes at `pc + 1`.
   */
  deopt(pc: number, a: number, K: Uint8Array): string;
  /**
   * The compiled direct-call target for `callee` with argument kinds, or
   * null; `exact`: the call surely targets this very closure (code compiled
   * for it alone may be returned).
   */
  callee(
    callee: unknown,
    kinds: number[],
    exact?: boolean,
  ): { name: string; ret: number; proto: Proto; upk: string } | null;
  /**
   * The value of upvalue `b` when it is a constant of this compilation (a
   * final upvalue holding a closure, in code compiled for one closure).
   */
  constUpval?(b: number): unknown;
  /** The constant register `r` surely holds before `pc` (constUpval through the block), if any. */
  constAt?(pc: number, r: number): unknown;
}

/** The registers an instruction writes (its `d` operand, call results, loop counters). */
export function writes(op: number, a: number): number {
  const role = OPCODES[op]?.roles[0];
  if (role === "d") return a;
  if (op === OP.CALL || op === OP.CALLM) return a;
  if (op === OP.FORPREP || op === OP.FORLOOP) return a;
  return -1;
}

const MAXI = 2147483647, MINI = -2147483648;
/** The binary opcode families: ADD.. (3 variants each), then 12 fused jumps. */
const ARITH_FIRST = opcode("ADD");
/** The first fused compare-and-jump opcode. */
export const JUMP_FIRST = opcode("JEQ");
/** One past the last fused compare-and-jump opcode. */
export const JUMP_END = JUMP_FIRST + 12;
const SYM = ["+", "-", "*", "/", "%", "**", "===", "!==", "<", "<=", ">", ">="];

function lit(x: number, k: number): string {
  if (k === K_BOOL) return x !== 0 ? "true" : "false";
  if (Object.is(x, -0)) return "-0";
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  return String(x);
}

/** An operand: its JS text and kind (register or constant). */
function operand(
  ctx: EmitCtx,
  K: Uint8Array,
  isConst: boolean,
  x: number,
): [string, number] {
  if (!isConst) return [v(x, K[x]), K[x]];
  const kt = ctx.proto.kt[x];
  return kt === 0 ? ["", K_MIXED] : [lit(ctx.proto.kn[x], kt), kt];
}

const num = (k: number) => k === K_INT || k === K_FLOAT;

/**
 * The condition `R[b] op R[c]` of a compare (fused jump or value) as JS, or
 * null when unsupported (K_NONE operands give "false": still converging).
 */
export function compareCode(
  ctx: EmitCtx,
  K: Uint8Array,
  fam: number,
  vk: number,
  b: number,
  c: number,
): string | null {
  const [x, xk] = operand(ctx, K, vk === 2, b);
  const [y, yk] = operand(ctx, K, vk === 1, c);
  if (xk === K_NONE || yk === K_NONE) return "false";
  const ok = (num(xk) && num(yk)) || (xk === K_BOOL && yk === K_BOOL);
  return ok ? `(${x} ${SYM[fam]} ${y})` : null;
}

/** The binary family / variant of an arithmetic or compare opcode. */
export function family(op: number): { fam: number; vk: number; jump: boolean } {
  if (op >= JUMP_FIRST) {
    return {
      fam: [6, 7, 8, 9, 10, 11][(op - JUMP_FIRST) >> 1],
      vk: (op - JUMP_FIRST) & 1,
      jump: true,
    };
  }
  const fam = ((op - ARITH_FIRST) / 3) | 0;
  return { fam, vk: op - ARITH_FIRST - fam * 3, jump: false };
}

function arith(
  ctx: EmitCtx,
  K: Uint8Array,
  op: number,
  a: number,
  b: number,
  c: number,
  span: string,
  out: string[],
): boolean {
  const { fam, vk } = family(op);
  if (fam >= 6) {
    const cond = compareCode(ctx, K, fam, vk, b, c);
    if (cond === null) return false;
    out.push(`${v(a, K_BOOL)} = ${cond};`);
    K[a] = K_BOOL;
    return true;
  }
  const [x, xk] = operand(ctx, K, vk === 2, b);
  const [y, yk] = operand(ctx, K, vk === 1, c);
  if (xk === K_NONE || yk === K_NONE) {
    K[a] = K_NONE;
    return true;
  }
  if (!num(xk) || !num(yk)) return false;
  if (xk === K_INT && yk === K_INT) {
    if (fam === 5) return false; // int ** int: result kind depends on the sign
    const dz = `if (${y} === 0) throw $rt("R0002", ${span});`;
    if (fam === 3) {
      out.push(dz, `${v(a, K_FLOAT)} = ${x} / ${y};`);
      K[a] = K_FLOAT;
      return true;
    }
    if (fam === 4) {
      out.push(dz, `${v(a, K_INT)} = (${x} % ${y}) | 0;`);
    } else {
      const e = fam === 2 ? `${x} * ${y} + 0` : `${x} ${SYM[fam]} ${y}`;
      out.push(
        `$t = ${e};`,
        `if ($t > ${MAXI} || $t < ${MINI}) throw $rt("R0001", ${span});`,
        `${v(a, K_INT)} = $t;`,
      );
    }
    K[a] = K_INT;
    return true;
  }
  const e = fam === 5 ? `$powF(${x}, ${y})` : `${x} ${SYM[fam]} ${y}`;
  out.push(`${v(a, K_FLOAT)} = ${e};`);
  K[a] = K_FLOAT;
  return true;
}

const TEST = [
  "",
  `typeof $x === "number"`,
  "$x instanceof $DlFloat",
  `typeof $x === "boolean"`,
  "$isO($x)",
];

/**
 * JS storing the value of `expr` into register `a` as kind `k` when it has
 * that kind, else deoptimising (the VM resumes after `pc` with the value).
 * `seen`: an object that passes without the kind test.
 */
function guarded(
  ctx: EmitCtx,
  K: Uint8Array,
  pc: number,
  a: number,
  k: number,
  expr: string,
  seen = "",
): string {
  const test = seen === "" ? TEST[k] : `$x === ${seen} || ${TEST[k]}`;
  // An int that comes from the VM may be a double-represented number: `| 0`
  // keeps the compiled code's integer registers int32 for V8.
  const val = k === K_FLOAT ? "$x.value" : k === K_INT ? "$x | 0" : "$x";
  return `{ $x = ${expr}; if (${test}) ${v(a, k)} = ${val}; else { ${
    ctx.deopt(pc, a, K)
  } } }`;
}

/** The boxed dl value of register `r` (kind `k`) as JS. */
export function boxed(r: number, k: number): string {
  if (k === K_FLOAT) return `new $DlFloat(${v(r, k)})`;
  return v(r, k);
}

/**
 * JS testing that `cell` still holds a value of kind `k` (the kind its
 * closure's code was compiled for); the value seen at compile time first.
 */
function cellKindCheck(
  ctx: EmitCtx,
  cell: { value: unknown },
  k: number,
): string {
  const x = `${ctx.bind(cell)}.value`;
  if (k === K_INT) return `typeof ${x} === "number"`;
  if (k === K_BOOL) return `typeof ${x} === "boolean"`;
  if (k === K_FLOAT) return `${x} instanceof $DlFloat`;
  const seen = cell.value;
  const same = typeof seen === "object" && seen !== null
    ? `${x} === ${ctx.bind(seen)} || `
    : "";
  return `(${same}$isO(${x}))`;
}

function call(
  ctx: EmitCtx,
  K: Uint8Array,
  pc: number,
  a: number,
  n: number,
  span: string,
  out: string[],
): boolean {
  const f = ctx.peek(pc, a);
  const kinds: number[] = [];
  for (let i = 1; i <= n; i++) kinds.push(K[a + i]);
  if (kinds.some((k) => k === K_NONE)) {
    K[a] = K_NONE;
    return true;
  }
  if (K[a] !== K_OBJ || kinds.some((k) => k < K_INT || k > K_OBJ)) {
    return false;
  }
  const fn = v(a, K_OBJ);
  const args = kinds.map((k, i) => v(a + 1 + i, k));
  const boxedArgs = kinds.map((k, i) => boxed(a + 1 + i, k)).join(", ");
  if (
    f instanceof DlBuiltin && f.name === "float" && n === 1 && num(kinds[0])
  ) {
    const fb = ctx.bind(f);
    out.push(
      `if (${fn} === ${fb}) ${v(a, K_FLOAT)} = ${args[0]};`,
      `else ${
        guarded(
          ctx,
          K,
          pc,
          a,
          K_FLOAT,
          `$call($d, ${fn}, [${boxedArgs}], ${span})`,
        )
      }`,
    );
    K[a] = K_FLOAT;
    return true;
  }
  if (f !== undefined && ctx.constAt?.(pc, a) === f) {
    const exact = ctx.callee(f, kinds, true);
    if (exact !== null) {
      if (exact.ret !== K_NONE) {
        return exactCall(ctx, K, pc, a, exact, args, span, out);
      }
      K[a] = K_NONE; // its return kind is still being worked out
      return true;
    }
  }
  const target = ctx.callee(f, kinds);
  if (target === null) return false;
  const rk = target.ret;
  if (rk === K_NONE) {
    K[a] = K_NONE;
    return true;
  }
  if (rk < K_INT || rk > K_OBJ) return false;
  const p = ctx.bind(target.proto);
  let cond = `${fn}.proto === ${p}${
    target.upk === "" ? "" : ` && $upk(${fn}.upvals) === "${target.upk}"`
  }`;
  const known = f as { proto?: unknown; upvals?: { value: unknown }[] };
  if (known.proto === target.proto && Array.isArray(known.upvals)) {
    // The closure seen at compile time (self-recursion, a top-level function):
    // one identity compare plus a kind check of each captured cell.
    const cells = known.upvals.map((c, i) =>
      ` && ${cellKindCheck(ctx, c, target.upk.charCodeAt(i) - 48)}`
    );
    cond = `${fn} === ${ctx.bind(f)}${cells.join("")} || ${cond}`;
  }
  out.push(
    `if (${cond}) {`,
    ...directCall(ctx, K, pc, a, target.name, rk, args, span),
    `} else ${
      guarded(ctx, K, pc, a, rk, `$call($d, ${fn}, [${boxedArgs}], ${span})`)
    }`,
  );
  K[a] = rk;
  return true;
}

/**
 * A call whose target closure is known for good (a constant register): no
 * guard on the callee, its upvalues bound directly.
 */
function exactCall(
  ctx: EmitCtx,
  K: Uint8Array,
  pc: number,
  a: number,
  target: { name: string; ret: number },
  args: string[],
  span: string,
  out: string[],
): boolean {
  const rk = target.ret;
  if (rk < K_INT || rk > K_OBJ) return false;
  out.push(...directCall(ctx, K, pc, a, target.name, rk, args, span));
  K[a] = rk;
  return true;
}

/**
 * The JS of a direct call to compiled function `name` of the closure in
 * register `a` (steps, depth, result of kind `rk`, unwinding, deopt).
 */
function directCall(
  ctx: EmitCtx,
  K: Uint8Array,
  pc: number,
  a: number,
  name: string,
  rk: number,
  args: string[],
  span: string,
): string[] {
  const fn = v(a, K_OBJ);
  return [
    ctx.countSteps ? `if (++vm.steps > MS) throw $rt("R0013", ${span});` : "",
    `if ($d >= MD) throw $rt("R0004", ${span});`,
    `try { ${v(a, rk)} = ${name}(${
      [`${fn}.upvals`, "$d + 1", ...args].join(", ")
    }); } catch (e) { if (!(e instanceof $DR)) throw $unwind(e, ${fn}.name, ${span}); $x = e.value; ${
      ctx.deopt(pc, a, K)
    } }`,
  ];
}

/**
 * Emits the non-control instruction at `pc` into `out` (when given) and
 * updates the kinds `K`; false when the tier does not support it.
 */
export function emitInstr(
  ctx: EmitCtx,
  K: Uint8Array,
  pc: number,
  out: string[],
): boolean {
  const p = ctx.proto, w = pc << 2;
  const op = p.code[w], a = p.code[w + 1], b = p.code[w + 2], c = p.code[w + 3];
  const span = `S${ctx.id}[${pc}]`;
  if (op >= ARITH_FIRST && op < JUMP_FIRST) {
    return arith(ctx, K, op, a, b, c, span, out);
  }
  switch (op) {
    case OP.MOVE: {
      const k = K[b];
      if (k === K_MIXED) return false;
      if (k !== K_NONE) out.push(`${v(a, k)} = ${v(b, k)};`);
      K[a] = k;
      return true;
    }
    case OP.LOADK: {
      const kt = p.kt[b];
      if (kt !== 0) out.push(`${v(a, kt)} = ${lit(p.kn[b], kt)};`);
      else out.push(`${v(a, K_OBJ)} = KV${ctx.id}[${b}];`);
      K[a] = kt === 0 ? K_OBJ : kt;
      return true;
    }
    case OP.LOADI:
      out.push(`${v(a, K_INT)} = ${b};`);
      K[a] = K_INT;
      return true;
    case OP.LOADBOOL:
      out.push(`${v(a, K_BOOL)} = ${b !== 0};`);
      K[a] = K_BOOL;
      return true;
    case OP.LOADUNIT:
      out.push(`${v(a, K_OBJ)} = $UNIT;`);
      K[a] = K_OBJ;
      return true;
    case OP.GETGLOBAL: {
      const cell = ctx.peek(pc + 1, a);
      if (cell === undefined) return false;
      out.push(`${v(a, K_OBJ)} = ${ctx.bind(cell)};`);
      K[a] = K_OBJ;
      return true;
    }
    case OP.GETUPVAL: {
      const fixed = ctx.constUpval?.(b);
      if (fixed !== undefined) {
        out.push(`${v(a, K_OBJ)} = ${ctx.bind(fixed)};`);
        K[a] = K_OBJ;
        return true;
      }
      const seen = ctx.peek(pc + 1, a), k = kindOfValue(seen);
      // The value seen at compile time passes without the kind tests.
      const s = k === K_OBJ && typeof seen === "object" && seen !== null
        ? ctx.bind(seen)
        : "";
      out.push(guarded(ctx, K, pc, a, k, `U[${b}].value`, s));
      K[a] = k;
      return true;
    }
    case OP.SETUPVAL: {
      const k = K[b];
      if (k < K_INT || k > K_OBJ) return k === K_NONE;
      out.push(`U[${a}].value = ${boxed(b, k)};`);
      return true;
    }
    case OP.NEG: {
      const k = K[b];
      if (k === K_INT) {
        out.push(
          `$t = 0 - ${v(b, k)};`,
          `if ($t > ${MAXI}) throw $rt("R0001", ${span});`,
          `${v(a, k)} = $t;`,
        );
      } else if (k === K_FLOAT) out.push(`${v(a, k)} = -${v(b, k)};`);
      else if (k !== K_NONE) return false;
      K[a] = k;
      return true;
    }
    case OP.NOT:
      if (K[b] !== K_BOOL && K[b] !== K_NONE) return false;
      out.push(`${v(a, K_BOOL)} = !${v(b, K_BOOL)};`);
      K[a] = K_BOOL;
      return true;
    case OP.CALL:
      return c < 0 && call(ctx, K, pc, a, b, span, out);
    case OP.INDEX: {
      if ((p.kv[c] as { n: number }).n !== 1) return false;
      return index(ctx, K, pc, a, b, b + 1, span, out);
    }
    case OP.GETIDX:
      return index(ctx, K, pc, a, b, c, span, out);
    case OP.SETINDEX: {
      // `R[b][R[b+1]] = R[a]` through the VM's own store (versions, pending
      // readers computed first); views read the same storage afterwards.
      if ((p.kv[c] as { n: number }).n !== 1) return false;
      const ks = [K[a], K[b], K[b + 1]];
      if (ks.includes(K_NONE)) return true;
      if (K[b] !== K_OBJ || K[b + 1] !== K_INT || K[a] > K_OBJ) return false;
      out.push(
        `$setIdx(${v(b, K_OBJ)}, ${v(b + 1, K_INT)}, ${
          boxed(a, K[a])
        }, ${span});`,
      );
      return true;
    }
    default:
      return false;
  }
}

function index(
  ctx: EmitCtx,
  K: Uint8Array,
  pc: number,
  a: number,
  b: number,
  c: number,
  span: string,
  out: string[],
): boolean {
  if (K[c] === K_NONE) {
    K[a] = K_NONE;
    return true;
  }
  if (K[b] !== K_OBJ || K[c] !== K_INT) return false;
  const t = ctx.peek(pc, b) as { dtype?: string; shape?: unknown[] };
  if (t === undefined || t.shape?.length !== 1) return false;
  const dt = t.dtype;
  const k = dt === "f32" || dt === "f64"
    ? K_FLOAT
    : dt === "bool"
    ? K_BOOL
    : K_INT;
  const o = v(b, K_OBJ), i = v(c, K_INT);
  const slow = guarded(ctx, K, pc, a, k, `$index(${o}, ${i}, ${span})`);
  const view = ctx.views.get(b);
  if (view !== undefined && view.dtype === dt) {
    out.push(viewRead(b, view.unit, i, k === K_BOOL, v(a, k), slow));
    K[a] = k;
    return true;
  }
  const rd = k === K_BOOL ? `($d[$j] !== 0)` : `$d[$j]`;
  out.push(
    `if (${o} instanceof $Tensor && ${o}.dtype === "${dt}" && ${o}.shape.length === 1) {`,
    `const $n = ${o}.shape[0]; let $j = ${i} < 0 ? ${i} + $n : ${i};`,
    `if ($j >= 0 && $j < $n) { const $d = ${o}.data; $j = ${o}.offset + $j * ${o}.strides[0]; ${
      v(a, k)
    } = ${rd}; }`,
    `else ${slow}`,
    `} else ${slow}`,
  );
  K[a] = k;
  return true;
}
