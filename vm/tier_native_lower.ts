// Lowers one VM prototype's bytecode to an LLVM function for the native
// tier: a forward type analysis (register types per pc from the entry
// types; a register whose type differs between paths becomes unknown),
// then one LLVM block per reached pc over per-(register, type) allocas.
// ints are i32 with exact overflow / division checks, floats are IEEE
// doubles (no fast-math; `%` is frem = fmod = JS `%`), bools i1.
// Function mode: an error returns status 1 (the VM re-executes the call).
// Loop mode: an unsupported instruction or an error exits at its pc (the
// registers written so far are stored back and the VM resumes there).

import { OP } from "../compiler/bytecode/opcodes.ts";
import type { Proto } from "./vm_values.ts";
import {
  binaryForm,
  isNumeric,
  jumpForm,
  T_BOOL,
  T_CALLEE,
  T_FLOAT,
  T_FLOATFN,
  T_INT,
  T_UNKNOWN,
  type Ty,
} from "./tier_native_ops.ts";
import {
  elemTy,
  emitTensorRead,
  isTensorTy,
  tensorEntry,
} from "./tier_native_tensor.ts";

/** LLVM type of a numeric register type. */
export function llTy(t: Ty): string {
  return t === T_INT ? "i32" : t === T_FLOAT ? "double" : "i1";
}

const SFX = ["", "i", "f", "b"];
const ZERO = ["", "0", "0.0", "false"];

/**
 * What an internal function returns: its value and an error flag (true:
 * the VM re-executes the call), in registers.
 */
export function retTy(t: Ty): string {
  return `{${llTy(t)}, i1}`;
}

/** A float64 constant in LLVM's exact hexadecimal form. */
export function hexDouble(x: number): string {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return "0x" + v.getBigUint64(0).toString(16).toUpperCase().padStart(16, "0");
}

/** What the lowering asks its unit about calls and upvalues. */
export interface LowerHost {
  /** The type GETUPVAL b gives (T_CALLEE + k for a known closure), or unknown. */
  upvalType(b: number): Ty;
  /** The native function for callee type `callee` with `args`; null: not compilable. */
  callee(
    callee: Ty,
    args: readonly Ty[],
  ): { readonly name: string; readonly ret: Ty } | null;
}

/** Function mode (`ret`: the assumed return type) or loop mode. */
export type LowerMode =
  | { readonly kind: "fn"; readonly params: readonly Ty[] }
  | { readonly kind: "loop"; readonly entry: readonly Ty[] };

/** Whether steps are counted (false when the run has no step limit). */
export interface LowerLimits {
  readonly countSteps: boolean;
}

/** A lowered body. */
export interface Lowered {
  /** LLVM lines of the body (blocks; allocas first), without the define line. */
  readonly lines: string[];
  /** Function mode: the return type found (unknown when none). */
  readonly ret: Ty;
  /** Loop mode: pcs exited at (also on errors), with the register types there. */
  readonly exits: Map<number, Ty[]>;
  /** Loop mode: pcs exited at because they are not lowered. */
  readonly unlowered: Set<number>;
  /** Registers written anywhere. */
  readonly written: Set<number>;
}

interface Step {
  /** Successors with their out-states; empty and `exit` true: exits here. */
  readonly succ: [number, Ty[]][];
  readonly exit: boolean;
}

/** Lowers `p` from `start` (0 in function mode); null when it cannot. */
export function lowerProto(
  p: Proto,
  start: number,
  mode: LowerMode,
  host: LowerHost,
  limits: LowerLimits = { countSteps: true },
): Lowered | string {
  const n = p.nregs, code = p.code, len = code.length >> 2;
  const init: Ty[] = new Array(n).fill(T_UNKNOWN);
  if (mode.kind === "fn") mode.params.forEach((t, i) => init[i] = t);
  else mode.entry.forEach((t, i) => init[i] = t);
  const inState: (Ty[] | null)[] = new Array(len).fill(null);
  inState[start] = init;
  let ret: Ty = T_UNKNOWN;
  let bad = "";
  const written = new Set<number>();
  // The emitter (null during analysis).
  let out: string[] | null = null;
  let tmp = 0;
  const slots: string[] = [];
  const fresh = (): string => `%t${tmp++}`;
  const em = (l: string): void => {
    out?.push("  " + l);
  };
  const reg = (r: number, t: Ty): string => `%r${r}${SFX[t]}`;
  const errorAt = (pc: number): string =>
    mode.kind === "fn" ? "%ERR" : `%X${pc}`;

  const step = (pc: number, s: Ty[]): Step => {
    const w = pc << 2;
    const op = code[w], a = code[w + 1], b = code[w + 2], c = code[w + 3];
    const next = (st: Ty[]): [number, Ty[]] => [pc + 1, st];
    const exit: Step = { succ: [], exit: true };
    const set = (st: Ty[], r: number, t: Ty): Ty[] => {
      const o = st.slice();
      o[r] = t;
      written.add(r);
      return o;
    };
    const read = (r: number): string => {
      const v = fresh();
      em(`${v} = load ${llTy(s[r])}, ${llTy(s[r])}* ${reg(r, s[r])}`);
      return v;
    };
    const write = (r: number, t: Ty, v: string): void =>
      em(`store ${llTy(t)} ${v}, ${llTy(t)}* ${reg(r, t)}`);
    const konst = (k: number): [Ty, string] => {
      const t = p.kt[k], v = p.kn[k];
      if (t === T_INT) return [t, String(v)];
      if (t === T_FLOAT) return [t, hexDouble(v)];
      if (t === T_BOOL) return [t, v !== 0 ? "true" : "false"];
      return [T_UNKNOWN, ""];
    };
    const operand = (isK: boolean, i: number): [Ty, () => string] => {
      if (isK) {
        const [t, v] = konst(i);
        return [t, () => v];
      }
      return [isNumeric(s[i]) ? s[i] : T_UNKNOWN, () => read(i)];
    };
    const goto = (l: number): void => em(`br label %L${l}`);
    const fail = (cond: string, pcErr: number): void => {
      const ok = `ok${tmp++}`;
      em(`br i1 ${cond}, label ${errorAt(pcErr)}, label %${ok}`);
      out?.push(`${ok}:`);
    };
    // Counts one step (a taken back edge or a call); the budget is ctl[0].
    const countStep = (): void => {
      if (!limits.countSteps) return;
      const p0 = fresh(), left = fresh(), none = fresh(), l2 = fresh();
      em(`${p0} = getelementptr i64, i64* %CTL, i64 0`);
      em(`${left} = load i64, i64* ${p0}`);
      em(`${none} = icmp sle i64 ${left}, 0`);
      fail(none, pc);
      em(`${l2} = sub i64 ${left}, 1`);
      em(`store i64 ${l2}, i64* ${p0}`);
    };

    const bin = binaryForm(op);
    if (bin !== undefined) {
      const [tx, x] = operand(bin.variant === 2, b);
      const [ty, y] = operand(bin.variant === 1, c);
      if (tx !== ty || !isNumeric(tx)) return exit;
      const t = tx;
      const o = bin.op;
      let rt: Ty;
      if (o === "pow") return exit;
      if (o === "div") rt = t === T_BOOL ? T_UNKNOWN : T_FLOAT;
      else if (o === "eq" || o === "ne") rt = T_BOOL;
      else if (t === T_BOOL) rt = T_UNKNOWN;
      else if (o === "lt" || o === "le" || o === "gt" || o === "ge") {
        rt = T_BOOL;
      } else rt = t;
      if (rt === T_UNKNOWN) return exit;
      if (out !== null) {
        const xv = x(), yv = y();
        const r = fresh();
        if (rt === T_BOOL) {
          em(`${r} = ${compare(o, t)} ${llTy(t)} ${xv}, ${yv}`);
        } else if (t === T_FLOAT) {
          const opc = { add: "fadd", sub: "fsub", mul: "fmul", div: "fdiv" };
          em(
            `${r} = ${
              o === "mod" ? "frem" : opc[o as "add"]
            } double ${xv}, ${yv}`,
          );
        } else if (o === "div") {
          const z = fresh();
          em(`${z} = icmp eq i32 ${yv}, 0`);
          fail(z, pc);
          const fx = fresh(), fy = fresh();
          em(`${fx} = sitofp i32 ${xv} to double`);
          em(`${fy} = sitofp i32 ${yv} to double`);
          em(`${r} = fdiv double ${fx}, ${fy}`);
        } else if (o === "mod") {
          const z = fresh(), m1 = fresh(), d = fresh(), q = fresh();
          em(`${z} = icmp eq i32 ${yv}, 0`);
          fail(z, pc);
          // x % -1 is 0 (srem would overflow for INT_MIN).
          em(`${m1} = icmp eq i32 ${yv}, -1`);
          em(`${d} = select i1 ${m1}, i32 1, i32 ${yv}`);
          em(`${q} = srem i32 ${xv}, ${d}`);
          em(`${r} = select i1 ${m1}, i32 0, i32 ${q}`);
        } else {
          const f = `@llvm.${
            o === "add" ? "sadd" : o === "sub" ? "ssub" : "smul"
          }.with.overflow.i32`;
          const pair = fresh(), ov = fresh();
          em(`${pair} = call {i32, i1} ${f}(i32 ${xv}, i32 ${yv})`);
          em(`${ov} = extractvalue {i32, i1} ${pair}, 1`);
          fail(ov, pc);
          em(`${r} = extractvalue {i32, i1} ${pair}, 0`);
        }
        write(a, rt, r);
        goto(pc + 1);
      }
      return { succ: [next(set(s, a, rt))], exit: false };
    }
    const jf = jumpForm(op);
    if (jf !== undefined) {
      const [tx, x] = operand(false, b);
      const [ty, y] = operand(jf.variant === 1, c);
      if (tx !== ty || !isNumeric(tx)) return exit;
      if (tx === T_BOOL && jf.op !== "eq" && jf.op !== "ne") return exit;
      if (out !== null) {
        const xv = x(), yv = y(), r = fresh();
        em(`${r} = ${compare(jf.op, tx)} ${llTy(tx)} ${xv}, ${yv}`);
        em(`br i1 ${r}, label %L${pc + 1}, label %L${a}`);
      }
      return { succ: [next(s), [a, s]], exit: false };
    }
    switch (op) {
      case OP.MOVE: {
        const t = s[b];
        // A tensor's native values belong to its entry register.
        if (t === T_UNKNOWN || isTensorTy(t)) return exit;
        if (out !== null) {
          if (isNumeric(t)) write(a, t, read(b));
          goto(pc + 1);
        }
        return { succ: [next(set(s, a, t))], exit: false };
      }
      case OP.LOADK: {
        const [t, v] = konst(b);
        if (t === T_UNKNOWN) return exit;
        if (out !== null) write(a, t, v), goto(pc + 1);
        return { succ: [next(set(s, a, t))], exit: false };
      }
      case OP.LOADI:
      case OP.LOADBOOL: {
        const t = op === OP.LOADI ? T_INT : T_BOOL;
        const v = t === T_INT ? String(b) : b !== 0 ? "true" : "false";
        if (out !== null) write(a, t, v), goto(pc + 1);
        return { succ: [next(set(s, a, t))], exit: false };
      }
      case OP.JMP:
        if (out !== null) goto(a);
        return { succ: [[a, s]], exit: false };
      case OP.LOOP:
        if (out !== null) countStep(), goto(a);
        return { succ: [[a, s]], exit: false };
      case OP.JMPF:
      case OP.JMPT: {
        if (s[b] !== T_BOOL) return exit;
        if (out !== null) {
          const v = read(b);
          const [yes, no] = op === OP.JMPT ? [a, pc + 1] : [pc + 1, a];
          em(`br i1 ${v}, label %L${yes}, label %L${no}`);
        }
        return { succ: [next(s), [a, s]], exit: false };
      }
      case OP.NEG: {
        const t = s[b];
        if (t !== T_INT && t !== T_FLOAT) return exit;
        if (out !== null) {
          const v = read(b), r = fresh();
          if (t === T_FLOAT) em(`${r} = fneg double ${v}`);
          else {
            const m = fresh();
            em(`${m} = icmp eq i32 ${v}, -2147483648`);
            fail(m, pc);
            em(`${r} = sub i32 0, ${v}`);
          }
          write(a, t, r);
          goto(pc + 1);
        }
        return { succ: [next(set(s, a, t))], exit: false };
      }
      case OP.NOT: {
        if (s[b] !== T_BOOL) return exit;
        if (out !== null) {
          const v = read(b), r = fresh();
          em(`${r} = xor i1 ${v}, true`);
          write(a, T_BOOL, r);
          goto(pc + 1);
        }
        return { succ: [next(set(s, a, T_BOOL))], exit: false };
      }
      case OP.FORPREP: {
        if (s[a] !== T_INT || s[a + 1] !== T_INT) return exit;
        if (out !== null) {
          // Nothing is written before the step check can exit here.
          const i = read(a);
          let e = read(a + 1);
          if (c === 1) {
            const big = fresh(), e2 = fresh();
            em(`${big} = icmp eq i32 ${e}, 2147483647`);
            fail(big, pc);
            em(`${e2} = add i32 ${e}, 1`);
            e = e2;
          }
          const go = fresh(), body = `pb${pc}`, skip = `ps${pc}`;
          em(`${go} = icmp slt i32 ${i}, ${e}`);
          em(`br i1 ${go}, label %${body}, label %${skip}`);
          out.push(`${skip}:`);
          if (c === 1) write(a + 1, T_INT, e);
          goto(b);
          out.push(`${body}:`);
          countStep();
          if (c === 1) write(a + 1, T_INT, e);
          goto(pc + 1);
        }
        const st = c === 1 ? set(s, a + 1, T_INT) : s;
        return { succ: [next(st), [b, st]], exit: false };
      }
      case OP.FORLOOP: {
        if (s[a] !== T_INT || s[a + 1] !== T_INT) return exit;
        if (out !== null) {
          const i = read(a), e = read(a + 1), i2 = fresh(), go = fresh();
          const body = `fb${pc}`;
          em(`${i2} = add i32 ${i}, 1`);
          write(a, T_INT, i2);
          em(`${go} = icmp slt i32 ${i2}, ${e}`);
          em(`br i1 ${go}, label %${body}, label %L${pc + 1}`);
          out.push(`${body}:`);
          if (!limits.countSteps) {
            goto(b);
            return {
              succ: [next(set(s, a, T_INT)), [b, set(s, a, T_INT)]],
              exit: false,
            };
          }
          // Out of steps: undo the increment so the VM redoes FORLOOP.
          const p0 = fresh(), left = fresh(), none = fresh(), l2 = fresh();
          em(`${p0} = getelementptr i64, i64* %CTL, i64 0`);
          em(`${left} = load i64, i64* ${p0}`);
          em(`${none} = icmp sle i64 ${left}, 0`);
          const ok = `ok${tmp++}`, undo = `undo${pc}`;
          em(`br i1 ${none}, label %${undo}, label %${ok}`);
          out.push(`${undo}:`);
          write(a, T_INT, i);
          em(`br label ${errorAt(pc)}`);
          out.push(`${ok}:`);
          em(`${l2} = sub i64 ${left}, 1`);
          em(`store i64 ${l2}, i64* ${p0}`);
          goto(b);
        }
        const st = set(s, a, T_INT);
        return { succ: [next(st), [b, st]], exit: false };
      }
      case OP.RET: {
        if (mode.kind !== "fn" || !isNumeric(s[a])) return exit;
        if (ret !== T_UNKNOWN && ret !== s[a]) {
          bad = "returns values of two types";
          return exit;
        }
        ret = s[a];
        if (out !== null) {
          const rt = retTy(ret), r1 = fresh(), r2 = fresh();
          em(`${r1} = insertvalue ${rt} undef, ${llTy(ret)} ${read(a)}, 0`);
          em(`${r2} = insertvalue ${rt} ${r1}, i1 false, 1`);
          em(`ret ${rt} ${r2}`);
        }
        return { succ: [], exit: false };
      }
      case OP.GETIDX: {
        const et = elemTy(s[b]);
        if (et === T_UNKNOWN || s[c] !== T_INT) return exit;
        if (out !== null) {
          const v = emitTensorRead(b, s[b], read(c), {
            fresh,
            em,
            block: (l) => out?.push(`${l}:`),
            fail: (cond) => fail(cond, pc),
          });
          write(a, et, v);
          goto(pc + 1);
        }
        return { succ: [next(set(s, a, et))], exit: false };
      }
      case OP.GETUPVAL: {
        const t = host.upvalType(b);
        if (t === T_UNKNOWN) return exit;
        if (out !== null) goto(pc + 1);
        return { succ: [next(set(s, a, t))], exit: false };
      }
      case OP.GETGLOBAL: {
        if (p.kv[b] !== "float") return exit;
        if (out !== null) goto(pc + 1);
        return { succ: [next(set(s, a, T_FLOATFN))], exit: false };
      }
      case OP.CALL: {
        if (c >= 0) return exit;
        const f = s[a];
        const args = Array.from({ length: b }, (_, i) => s[a + 1 + i]);
        if (!args.every(isNumeric)) return exit;
        if (f === T_FLOATFN) {
          if (b !== 1 || args[0] === T_BOOL) return exit;
          if (out !== null) {
            const v = read(a + 1);
            if (args[0] === T_FLOAT) write(a, T_FLOAT, v);
            else {
              const r = fresh();
              em(`${r} = sitofp i32 ${v} to double`);
              write(a, T_FLOAT, r);
            }
            goto(pc + 1);
          }
          return { succ: [next(set(s, a, T_FLOAT))], exit: false };
        }
        if (f < T_CALLEE) return exit;
        const fn = host.callee(f, args);
        if (fn === null) return exit;
        if (out !== null) {
          countStep();
          // %DEPTH: calls still allowed below this frame (dl's depth limit).
          const deep = fresh(), d2 = fresh();
          em(`${deep} = icmp sle i64 %DEPTH, 0`);
          fail(deep, pc);
          em(`${d2} = sub i64 %DEPTH, 1`);
          const vals = args.map((t, i) => `${llTy(t)} ${read(a + 1 + i)}`);
          const rt = retTy(fn.ret), st = fresh(), bad2 = fresh(), v = fresh();
          em(
            `${st} = call ${rt} @${fn.name}(${
              [...vals, `i64 ${d2}`, "i64* %CTL"].join(", ")
            })`,
          );
          em(`${bad2} = extractvalue ${rt} ${st}, 1`);
          fail(bad2, pc);
          em(`${v} = extractvalue ${rt} ${st}, 0`);
          write(a, fn.ret, v);
          goto(pc + 1);
        }
        return { succ: [next(set(s, a, fn.ret))], exit: false };
      }
      default:
        return exit;
    }
  };

  // Analysis: the types at each pc, to a fixed point.
  const exits = new Map<number, Ty[]>();
  const work = [start];
  const queued = new Uint8Array(len);
  queued[start] = 1;
  while (work.length > 0) {
    const pc = work.pop()!;
    queued[pc] = 0;
    const st = step(pc, inState[pc]!);
    if (bad !== "") return bad;
    if (st.exit) {
      if (mode.kind === "fn") return `pc ${pc} is not lowered`;
      exits.set(pc, inState[pc]!);
    }
    for (const [to, s2] of st.succ) {
      if (to >= len) return "runs off the end";
      const cur = inState[to];
      let changed = false;
      if (cur === null) {
        inState[to] = s2.slice();
        changed = true;
      } else {
        for (let r = 0; r < n; r++) {
          if (cur[r] !== s2[r] && cur[r] !== T_UNKNOWN) {
            cur[r] = T_UNKNOWN;
            changed = true;
          }
        }
      }
      if (changed) {
        exits.delete(to);
        if (!queued[to]) queued[to] = 1, work.push(to);
      }
    }
  }
  // Emission: allocas, then a block per reached pc.
  const lines: string[] = [];
  const unlowered = new Set<number>();
  out = lines;
  lines.push("entry:");
  for (let r = 0; r < n; r++) {
    for (const t of [T_INT, T_FLOAT, T_BOOL]) {
      em(`${reg(r, t)} = alloca ${llTy(t)}`);
    }
  }
  if (mode.kind === "fn") {
    mode.params.forEach((t, i) => {
      if (isTensorTy(t)) lines.push(...tensorEntry(i, t, null));
      else write0(i, t);
    });
  } else {
    let slot = 0;
    mode.entry.forEach((t, r) => {
      if (isTensorTy(t)) lines.push(...tensorEntry(r, t, slot++));
      if (!isNumeric(t)) return;
      const g = fresh(), v = fresh();
      em(`${g} = getelementptr double, double* %F, i64 ${r}`);
      em(`${v} = load double, double* ${g}`);
      em(`store ${llTy(t)} ${fromDouble(v, t)}, ${llTy(t)}* ${reg(r, t)}`);
    });
  }
  em(`br label %L${start}`);
  for (let pc = 0; pc < len; pc++) {
    const st = inState[pc];
    if (st === null) continue;
    lines.push(`L${pc}:`);
    if (exits.has(pc)) {
      em(`br label %X${pc}`);
      continue;
    }
    step(pc, st);
  }
  // Unreached jump targets still need a block in LLVM.
  const have = new Set(lines.filter((l) => l.endsWith(":")));
  for (const l of [...lines]) {
    for (const m of l.matchAll(/%(L\d+)/g)) {
      if (!have.has(`${m[1]}:`)) {
        lines.push(`${m[1]}:`, "  unreachable");
        have.add(`${m[1]}:`);
      }
    }
  }
  lines.splice(1, 0, ...slots);
  if (mode.kind === "fn") {
    lines.push(
      "ERR:",
      `  ret ${retTy(ret)} {${llTy(ret)} ${ZERO[ret]}, i1 true}`,
    );
  } else {
    for (const pc of exits.keys()) unlowered.add(pc);
    // Exit blocks: store back what was written, with its tag; return pc.
    const targets = new Set<number>(exits.keys());
    for (const l of lines) {
      for (const m of l.matchAll(/%X(\d+)/g)) targets.add(Number(m[1]));
    }
    for (const pc of targets) {
      const st = inState[pc]!;
      exits.set(pc, st);
      lines.push(`X${pc}:`);
      for (const r of written) {
        const t = st[r];
        if (!isNumeric(t)) continue;
        const v = fresh(), g = fresh(), tg = fresh();
        em(`${v} = load ${llTy(t)}, ${llTy(t)}* ${reg(r, t)}`);
        em(`${g} = getelementptr double, double* %F, i64 ${r}`);
        em(`store double ${toDouble(v, t)}, double* ${g}`);
        em(`${tg} = getelementptr i8, i8* %T, i64 ${r}`);
        em(`store i8 ${t}, i8* ${tg}`);
      }
      em(`ret i32 ${pc}`);
    }
  }
  return { lines, ret, exits, unlowered, written };

  function write0(i: number, t: Ty): void {
    em(`store ${llTy(t)} %a${i}, ${llTy(t)}* ${reg(i, t)}`);
  }
  function fromDouble(v: string, t: Ty): string {
    const r = fresh();
    if (t === T_FLOAT) return v;
    if (t === T_INT) em(`${r} = fptosi double ${v} to i32`);
    else em(`${r} = fcmp une double ${v}, 0.0`);
    const f = fresh();
    em(`${f} = freeze ${llTy(t)} ${r}`);
    return f;
  }
  function toDouble(v: string, t: Ty): string {
    if (t === T_FLOAT) return v;
    const r = fresh();
    em(`${r} = ${t === T_INT ? "sitofp" : "uitofp"} ${llTy(t)} ${v} to double`);
    return r;
  }
}

function compare(op: string, t: Ty): string {
  if (t === T_FLOAT) {
    const p = {
      eq: "oeq",
      ne: "une",
      lt: "olt",
      le: "ole",
      gt: "ogt",
      ge: "oge",
    };
    return `fcmp ${p[op as "eq"]}`;
  }
  const p = { eq: "eq", ne: "ne", lt: "slt", le: "sle", gt: "sgt", ge: "sge" };
  return `icmp ${p[op as "eq"]}`;
}
