// The JavaScript tier (`--engine jit`): compiles hot dl functions (by call
// count) and hot loops (by back-edge count, entered on stack from the VM
// frame) from bytecode to specialised JavaScript through the one `new
// Function` site (compiler/core/js_function.ts). Kinds come from the values
// seen at compile time and are guarded on entry; compiled functions call each
// other directly (depth and steps counted as in the VM). Unsupported code
// stays on the VM. Plugs into the VM through vm/tiers.ts.

import { OP } from "../compiler/bytecode/opcodes.ts";
import { compileJsFunction } from "../compiler/core/js_function.ts";
import { OPS } from "../compiler/core/ops.ts";
import type { Span } from "../compiler/core/span.ts";
import { JIT } from "../kernels/jit/config.ts";
import { Tensor } from "../kernels/tensor.ts";
import { setIndexed } from "./interp_assign.ts";
import { indexValue } from "./interp_index.ts";
import { runtimeError } from "./runtime_error.ts";
import {
  type CallEntry,
  JitUnwind,
  type LoopEntry,
  type Tier,
} from "./tiers.ts";
import { buildCfg, type Cfg, structure } from "./tier_js_cfg.ts";
import {
  boxed,
  type EmitCtx,
  emitInstr,
  K_BOOL,
  K_FLOAT,
  K_INT,
  K_MIXED,
  K_NONE,
  K_OBJ,
  kindOfValue,
  writes,
} from "./tier_js_emit.ts";
import { spliceable, spliceStack } from "./tier_js_stack.ts";
import { terminator } from "./tier_js_term.ts";
import { planViews, type TensorView } from "./tier_js_views.ts";
import { callValue } from "./vm_calls.ts";
import { type Cell, DlFloat, UNIT, type Value } from "./values.ts";
import {
  deoptResult,
  DeoptReturn,
  JS_TIER,
  resumeInVm,
} from "./tier_js_deopt.ts";
import type { Frame, VmState } from "./vm_state.ts";
import { type Proto, VmClosure } from "./vm_values.ts";

const isO = (x: unknown) =>
  typeof x !== "number" && typeof x !== "boolean" && !(x instanceof DlFloat);

/** Deoptimisations of one prototype past which it stays on the VM. */
const MAX_DEOPTS = 3;

function unwind(e: unknown, name: string, span: Span): JitUnwind {
  const rec = { name, callSite: span };
  if (e instanceof JitUnwind) {
    e.records.unshift(rec);
    return e;
  }
  return new JitUnwind(e, [rec]);
}

/**
 * The kinds of a closure's upvalue values: compiled code reads upvalues as
 * the kinds seen at compile time, so entries are keyed and guarded by them.
 */
export function upKinds(upvals: readonly { value: unknown }[]): string {
  let s = "";
  for (const c of upvals) s += kindOfValue(c.value);
  return s;
}

/** Tags of kinds (K_INT.. K_OBJ → VM register tags). */
const TAG = [0, 1, 2, 3, 0];
const kindOfTag = (t: number) => t === 0 ? K_OBJ : t;

interface FnEntry {
  readonly name: string;
  ret: number;
  readonly proto: Proto;
  /** The upvalue kinds it was compiled for (upKinds). */
  readonly upk: string;
  /** The one closure it was compiled for (its final upvalues are constants), if any. */
  readonly only?: VmClosure;
  fn?: (...a: unknown[]) => unknown;
  /** The compilation generating it, until `fn` is set (an abandoned one leaves it stale). */
  batch?: Batch;
}

/** One compilation: the functions it generates and the values they bind. */
class Batch {
  readonly bindings: Record<string, unknown> = {};
  private readonly names = new Map<unknown, string>();
  readonly sources: string[] = [];
  readonly entries: FnEntry[] = [];
  constructor(readonly tier: JsTier) {
    Object.assign(this.bindings, tier.helpers);
  }
  bind(value: unknown): string {
    let n = this.names.get(value);
    if (n === undefined) {
      n = `$v${this.names.size}`;
      this.names.set(value, n);
      this.bindings[n] = value;
    }
    return n;
  }
}

/** The JS tier of one VM run. */
export class JsTier implements Tier {
  readonly name = "js";
  readonly helpers: Record<string, unknown>;
  /** Functions and loop entries compiled so far (tests and DL_DEBUG read it). */
  compiled = 0;
  private readonly fns = new Map<Proto, Map<string, FnEntry | null>>();
  private nextId = 0;
  private readonly deopts = new Map<Proto, number>();
  /** Prototypes seen with more than one closure: compiled for any closure. */
  private readonly shared = new WeakSet<Proto>();
  private readonly closureIds = new WeakMap<VmClosure, number>();

  /** `vm`: the run whose state compiled code reads. */
  constructor(readonly vm: VmState) {
    this.helpers = {
      vm,
      MS: vm.maxSteps,
      MD: vm.maxDepth,
      $rt: runtimeError,
      $unwind: unwind,
      // Compiled code passes its frame's depth (`$d`) instead of counting
      // vm.depth per call; the VM's depth is set from it when leaving.
      $call: (d: number, f: Value, args: Value[], s: Span) => {
        vm.depth = d;
        const n = vm.frames.length;
        try {
          return callValue(vm, f, args, undefined, s);
        } catch (e) {
          throw spliceable(e, n, s);
        }
      },
      $DR: DeoptReturn,
      $dres: deoptResult,
      $deopt: (
        p: Proto,
        U: Cell[],
        d: number,
        pc: number,
        a: number,
        x: Value,
        regs: unknown[],
      ) => {
        this.invalidate(p, -1);
        return resumeInVm(vm, p, U, d, pc, a, x, regs);
      },
      $deoptLoop: (p: Proto, header: number) => {
        JS_TIER.deopts++;
        this.invalidate(p, header);
      },
      $index: (t: Value, i: number, s: Span) => indexValue(t, [i], s),
      $setIdx: (t: Value, i: number, x: Value, s: Span) =>
        setIndexed(t, [i], x, s),
      $upk: upKinds,
      $isO: isO,
      $DlFloat: DlFloat,
      $UNIT: UNIT,
      $Tensor: Tensor,
      $powF: OPS.pow.evalF,
    };
  }

  compileCall(
    vm: VmState,
    closure: VmClosure,
    start: number,
  ): CallEntry | null {
    const proto = closure.proto;
    const kinds: number[] = [];
    for (let i = 0; i < proto.nparams; i++) {
      kinds.push(kindOfTag(vm.T[start + i]));
    }
    const batch = new Batch(this);
    const e = this.fnEntry(batch, proto, kinds, closure.upvals, closure);
    if (e === null || !this.finish(batch)) return null;
    const fn = e.fn!, ret = e.ret, n = kinds.length, upk = e.upk;
    const only = e.only;
    const tags = kinds.map((k) => TAG[k]);
    return (vm, closure, start, base, span) => {
      if (only !== undefined && closure !== only) {
        // A second closure of this prototype: compile it for any closure.
        this.shared.add(proto);
        this.invalidate(proto, -1);
        return false;
      }
      if (upk !== "" && upKinds(closure.upvals) !== upk) return false;
      const T = vm.T, F = vm.F, O = vm.O;
      const args: unknown[] = [closure.upvals, 0];
      for (let i = 0; i < n; i++) {
        const t = T[start + i];
        if (t !== tags[i]) return false;
        // Ints go in as int32 (Smis), not as the doubles the register file
        // holds: a double argument makes V8 compile the function's integer
        // arithmetic for boxed doubles.
        args.push(
          t === 0
            ? O[start + i]
            : t === 3
            ? F[start + i] !== 0
            : t === 1
            ? F[start + i] | 0
            : F[start + i],
        );
      }
      if (++vm.steps > vm.maxSteps) throw runtimeError("R0013", span);
      const d0 = vm.depth;
      if (d0 >= vm.maxDepth) throw runtimeError("R0004", span);
      args[1] = vm.depth = d0 + 1;
      let r: unknown;
      try {
        r = fn(...args);
      } catch (e) {
        if (!(e instanceof DeoptReturn)) {
          throw spliceStack(vm, unwind(e, closure.name, span));
        }
        vm.depth = d0;
        vm.set(base, e.value);
        return true;
      }
      vm.depth = d0;
      vm.T[base] = TAG[ret];
      if (ret === K_OBJ) vm.O[base] = r;
      else vm.F[base] = ret === K_BOOL ? (r ? 1 : 0) : r as number;
      return true;
    };
  }

  compileLoop(vm: VmState, frame: Frame, header: number): LoopEntry | null {
    const proto = frame.proto, code = proto.code;
    let hi = -1;
    for (let pc = header; pc < code.length >> 2; pc++) {
      const w = pc << 2, op = code[w];
      const t = op === OP.LOOP
        ? code[w + 1]
        : op === OP.FORLOOP
        ? code[w + 2]
        : -1;
      if (t === header) hi = pc + 1;
    }
    if (hi < 0) return null;
    const cfg = buildCfg(code, header, hi);
    if (cfg === null) return null;
    const entryKinds = new Uint8Array(proto.nregs);
    for (let r = 0; r < proto.nregs; r++) {
      entryKinds[r] = kindOfTag(vm.T[frame.bp + r]);
    }
    const batch = new Batch(this);
    const id = this.nextId++;
    const ctx = this.ctx(batch, proto, id, frame.upvals, frame, header);
    const an = analyze(ctx, cfg, entryKinds, "loop");
    if (an === null) return null;
    ctx.deopt = (pc, a, K) => loopDeopt(ctx, header, an.written, pc, a, K);
    const src = emitFunction(ctx, cfg, an, "loop", `R${id}`, entryKinds);
    if (src === null) return null;
    batch.sources.push(src);
    const r = { name: `R${id}`, ret: K_NONE, proto, upk: "" } as FnEntry;
    batch.entries.push(r);
    if (!this.finish(batch)) return null;
    const loop = r.fn as unknown as LoopEntry;
    return (vm, frame) => {
      try {
        return loop(vm, frame);
      } catch (e) {
        throw spliceStack(vm, e);
      }
    };
  }

  private ctx(
    batch: Batch,
    proto: Proto,
    id: number,
    upvals: readonly { value: unknown }[],
    frame: Frame | undefined,
    lo = 0,
    cfg?: Cfg,
    only?: VmClosure,
  ): EmitCtx & { sawNone: boolean; views: Map<number, TensorView> } {
    batch.bindings[`S${id}`] = proto.spans;
    batch.bindings[`KV${id}`] = proto.kv;
    const vm = this.vm;
    const peek = (pc: number, r: number): unknown => {
      const code = proto.code;
      for (let q = pc - 1; q >= lo; q--) {
        const w = q << 2, op = code[w];
        if (op === OP.FORLOOP || op === OP.LOOP || op === OP.JMP) break;
        if (writes(op, code[w + 1]) !== r) continue;
        if (op === OP.MOVE) return peek(q, code[w + 2]);
        if (op === OP.GETGLOBAL) {
          return vm.globals.lookup(proto.kv[code[w + 2]] as string)?.value;
        }
        if (op === OP.GETUPVAL) return upvals[code[w + 2]]?.value;
        if (frame === undefined) return undefined;
        break;
      }
      if (frame === undefined) return undefined;
      const i = frame.bp + r;
      return vm.T[i] === 0 ? vm.O[i] : undefined;
    };
    // A final upvalue of the one closure compiled for holds its value for good.
    const constUpval = (b: number): unknown => {
      if (only === undefined || proto.ir.upvals[b]?.final !== true) {
        return undefined;
      }
      const x = upvals[b]?.value;
      return x instanceof VmClosure ? x : undefined;
    };
    // The constant register `r` surely holds before `pc`: its last write in
    // the same basic block is a constant upvalue read (or a move of one).
    const constAt = (pc: number, r: number): unknown => {
      if (cfg === undefined) return undefined;
      const code = proto.code;
      for (let q = pc - 1; q >= lo; q--) {
        const w = q << 2, op = code[w];
        if (writes(op, code[w + 1]) === r) {
          if (op === OP.GETUPVAL) return constUpval(code[w + 2]);
          if (op === OP.MOVE) return constAt(q, code[w + 2]);
          return undefined;
        }
        if (op === OP.CALL || op === OP.CALLM) {
          // A call writes the registers above its base (its frame).
          if (r > code[w + 1]) return undefined;
        }
        if (cfg.blockAt[q] >= 0) return undefined;
      }
      return undefined;
    };
    const ctx = {
      proto,
      id,
      constUpval,
      constAt,
      countSteps: Number.isFinite(vm.maxSteps),
      views: new Map<number, TensorView>(),
      sawNone: false,
      peek,
      bind: (x: unknown) => batch.bind(x),
      // Analysis needs no exits; the emitting pass sets the real one.
      deopt: (_pc: number, _a: number, _K: Uint8Array): string => "",
      callee: (f: unknown, kinds: number[], exact = false) => {
        const c = f as VmClosure;
        if (
          typeof f !== "object" || f === null || !("proto" in c) ||
          !("upvals" in c) || c.proto.nparams !== kinds.length ||
          c.proto.kind !== "fn"
        ) return null;
        const e = this.fnEntry(
          batch,
          c.proto,
          kinds,
          c.upvals,
          exact ? c : undefined,
        );
        if (e !== null && e.ret === K_NONE) ctx.sawNone = true;
        return e;
      },
    };
    return ctx;
  }

  private fnEntry(
    batch: Batch,
    proto: Proto,
    kinds: number[],
    upvals: readonly { value: unknown }[],
    closure?: VmClosure,
  ): FnEntry | null {
    let m = this.fns.get(proto);
    if (m === undefined) this.fns.set(proto, m = new Map());
    const upk = upKinds(upvals);
    const only = closure !== undefined && this.specializable(closure)
      ? closure
      : undefined;
    const key = `${kinds.join("")}/${upk}${
      only === undefined ? "" : `#${this.closureId(only)}`
    }`;
    const hit = m.get(key);
    // An entry without `fn` from another batch was abandoned with that batch
    // (its caller failed to compile): compile it again here.
    const stale = hit != null && hit.fn === undefined && hit.batch !== batch;
    if (hit !== undefined && !stale) {
      if (hit !== null && hit.fn !== undefined) batch.bind(hit.fn);
      return hit === null
        ? null
        : hit.fn !== undefined
        ? { ...hit, name: batch.bind(hit.fn) }
        : hit;
    }
    const id = this.nextId++;
    const e: FnEntry = {
      name: `E${id}`,
      ret: K_NONE,
      proto,
      upk,
      only,
      batch,
    };
    m.set(key, e);
    const fail = () => (m.set(key, null), null);
    const cfg = buildCfg(proto.code, 0, proto.code.length >> 2);
    if (cfg === null) return fail();
    const entry = new Uint8Array(proto.nregs).fill(K_MIXED);
    kinds.forEach((k, i) => entry[i] = k);
    for (let round = 0;; round++) {
      const ctx = this.ctx(batch, proto, id, upvals, undefined, 0, cfg, only);
      const an = analyze(ctx, cfg, entry, "fn");
      if (an === null || round > 4) return fail();
      if (an.ret === e.ret) {
        if (an.ret === K_NONE || an.ret === K_MIXED) return fail();
        ctx.deopt = (pc, a, K) => fnDeopt(ctx, e.ret, pc, a, K);
        const src = emitFunction(ctx, cfg, an, "fn", e.name, entry);
        if (src === null || ctx.sawNone) return fail();
        batch.sources.push(src);
        batch.entries.push(e);
        return e;
      }
      e.ret = an.ret;
    }
  }

  /**
   * Whether code for `closure` alone pays: its prototype has not been seen
   * with another closure, and a final upvalue holds a closure (a call
   * target known for good, called without guards).
   */
  private specializable(closure: VmClosure): boolean {
    if (this.shared.has(closure.proto)) return false;
    const ups = closure.proto.ir.upvals;
    for (let i = 0; i < ups.length; i++) {
      if (
        ups[i].final === true && closure.upvals[i]?.value instanceof VmClosure
      ) {
        return true;
      }
    }
    return false;
  }

  private closureId(c: VmClosure): number {
    let id = this.closureIds.get(c);
    if (id === undefined) this.closureIds.set(c, id = this.nextId++);
    return id;
  }

  /**
   * After a deoptimisation of `proto` (`header` of its loop, -1: a call):
   * its code is compiled again from the kinds seen next time, up to
   * MAX_DEOPTS times, then it stays on the VM.
   */
  private invalidate(proto: Proto, header: number): void {
    const n = (this.deopts.get(proto) ?? 0) + 1;
    this.deopts.set(proto, n);
    const h = this.vm.tier?.heatOf(proto);
    if (h === undefined) return;
    if (header < 0) {
      this.fns.get(proto)?.clear();
      h.calls = 0;
      h.call = n > MAX_DEOPTS ? null : undefined;
    } else {
      h.loops.set(header, {
        n: 0,
        entry: n > MAX_DEOPTS ? null : undefined,
      });
    }
  }

  /** Compiles the batch's sources; false (and nothing cached) on failure. */
  private finish(batch: Batch): boolean {
    const names = batch.entries.map((e) => e.name);
    const body = `"use strict";\n${batch.sources.join("\n")}\nreturn [${
      names.join(", ")
    }];`;
    if (JIT.debug >= 4) JIT.log(`// jit: dl tier\n${body}\n`);
    let fns: ((...a: unknown[]) => unknown)[];
    try {
      fns = compileJsFunction(body, batch.bindings);
    } catch (_) {
      for (const e of batch.entries) this.fns.get(e.proto)?.clear();
      return false;
    }
    batch.entries.forEach((e, i) => (e.fn = fns[i], e.batch = undefined));
    this.compiled += fns.length;
    return true;
  }
}

/** Kinds at each block's entry and exit, and the return kind. */
interface Analysis {
  inK: Uint8Array[];
  outK: Uint8Array[];
  ret: number;
  written: Uint8Array;
}

function analyze(
  ctx: EmitCtx,
  cfg: Cfg,
  entry: Uint8Array,
  mode: "fn" | "loop",
): Analysis | null {
  const nb = cfg.blocks.length, nregs = entry.length;
  const inK = cfg.blocks.map(() => new Uint8Array(nregs));
  const outK = cfg.blocks.map(() => new Uint8Array(nregs));
  const written = new Uint8Array(nregs);
  inK[0].set(entry);
  let ret = K_NONE;
  const seen = new Uint8Array(nb);
  const work = [0];
  seen[0] = 1;
  let guard = 0;
  while (work.length > 0) {
    if (++guard > 100_000) return null;
    const b = work.pop()!;
    const K = inK[b].slice();
    const blk = cfg.blocks[b];
    const sink: string[] = [];
    for (let pc = blk.start; pc < blk.end - 1; pc++) {
      if (!emitInstr(ctx, K, pc, sink)) return null;
      const w = writes(ctx.proto.code[pc << 2], ctx.proto.code[(pc << 2) + 1]);
      if (w >= 0) written[w] = 1;
    }
    const t = terminator(ctx, K, blk.end - 1, () => "", mode);
    if (t === null) return null;
    const lw = writes(
      ctx.proto.code[(blk.end - 1) << 2],
      ctx.proto.code[((blk.end - 1) << 2) + 1],
    );
    if (lw >= 0) written[lw] = 1;
    if (t.ret !== undefined && t.ret !== K_NONE) ret = join(ret, t.ret);
    outK[b].set(K);
    for (const s of blk.succ) {
      if (s < 0) continue;
      const S = inK[s];
      let changed = !seen[s];
      seen[s] = 1;
      for (let r = 0; r < nregs; r++) {
        const j = join(S[r], K[r]);
        if (j !== S[r]) S[r] = j, changed = true;
      }
      if (changed) work.push(s);
    }
  }
  return { inK, outK, ret, written };
}

function join(a: number, b: number): number {
  if (a === K_NONE) return b;
  if (b === K_NONE || a === b) return a;
  return K_MIXED;
}

function emitFunction(
  ctx: EmitCtx & { views: Map<number, TensorView> },
  cfg: Cfg,
  an: Analysis,
  mode: "fn" | "loop",
  name: string,
  entry: Uint8Array,
): string | null {
  let failed = false;
  const nregs = entry.length;
  const onEntry = entry.map((k, r) => an.inK[0][r] === k ? k : K_MIXED);
  const viewHead = mode === "loop"
    ? planViews(ctx, cfg, onEntry, an.written, ctx.views)
    : [];
  const exit = (pc: number, from: number): string => {
    const K = an.outK[from];
    const out = ["{ const $F = vm.F, $T = vm.T, $O = vm.O;"];
    for (let r = 0; r < nregs; r++) {
      if (!an.written[r]) continue;
      const k = K[r], n = `${"xifbo"[k]}${r}`;
      if (k === K_INT || k === K_FLOAT) {
        out.push(`$F[bp + ${r}] = ${n}; $T[bp + ${r}] = ${k};`);
      } else if (k === K_BOOL) {
        out.push(`$F[bp + ${r}] = ${n} ? 1 : 0; $T[bp + ${r}] = 3;`);
      } else if (k === K_OBJ) {
        out.push(`$O[bp + ${r}] = ${n}; $T[bp + ${r}] = 0;`);
      }
    }
    out.push(`return ${pc}; }`);
    return out.join("\n");
  };
  const body = structure(cfg, (b, branch) => {
    const K = an.inK[b].slice();
    const blk = cfg.blocks[b];
    const out: string[] = [];
    for (let pc = blk.start; pc < blk.end - 1; pc++) {
      if (!emitInstr(ctx, K, pc, out)) failed = true;
    }
    const t = terminator(
      ctx,
      K,
      blk.end - 1,
      branch,
      mode,
      (pc) => exit(pc, b),
    );
    if (t === null || t.ret === K_NONE) failed = true;
    else out.push(t.code);
    return out.join("\n");
  }, exit);
  if (body === null || failed) return null;
  const used = new Set(body.match(/\b[ifbo]\d+\b/g) ?? []);
  const params: string[] = [];
  const head: string[] = [];
  if (mode === "fn") {
    for (let r = 0; r < nregs && entry[r] !== K_MIXED; r++) {
      const p = `${"xifbo"[entry[r]]}${r}`;
      params.push(p);
      used.delete(p);
    }
  } else {
    head.push("const bp = frame.bp, F = vm.F, T = vm.T, O = vm.O;");
    for (let r = 0; r < nregs; r++) {
      const k = an.inK[0][r];
      if (k < K_INT || k > K_OBJ || k !== entry[r]) continue;
      const n = `${"xifbo"[k]}${r}`;
      if (!used.has(n)) continue;
      head.push(`if (T[bp + ${r}] !== ${TAG[k]}) return -1;`);
      head.push(
        k === K_OBJ
          ? `${n} = O[bp + ${r}];`
          : k === K_BOOL
          ? `${n} = F[bp + ${r}] !== 0;`
          : k === K_INT
          ? `${n} = F[bp + ${r}] | 0;`
          : `${n} = F[bp + ${r}];`,
      );
    }
    head.push(...viewHead);
  }
  const decls = [...used].map((n) =>
    `${n} = ${n[0] === "o" ? "undefined" : n[0] === "b" ? "false" : "0"}`
  );
  const sig = mode === "fn" ? ["U", "$d", ...params].join(", ") : "$vm, frame";
  const up = mode === "loop" ? "const U = frame.upvals, $d = vm.depth;" : "";
  return `function ${name}(${sig}) {\nlet $t = 0, $x${
    decls.length ? ", " + decls.join(", ") : ""
  };\n${up}\n${head.join("\n")}\n${body}\n}`;
}

/** The boxed registers of kinds `K` as a JS array (undefined: dead or unknown). */
function regsArray(K: Uint8Array): string {
  const out: string[] = [];
  for (let r = 0; r < K.length; r++) {
    out.push(K[r] >= K_INT && K[r] <= K_OBJ ? boxed(r, K[r]) : "undefined");
  }
  return `[${out.join(", ")}]`;
}

/** A function's guard exit: the VM runs the rest of the call (fn mode). */
function fnDeopt(
  ctx: EmitCtx,
  ret: number,
  pc: number,
  a: number,
  K: Uint8Array,
): string {
  return `return $dres(${ret}, $deopt(${ctx.bind(ctx.proto)}, U, $d, ${
    pc + 1
  }, ${a}, $x, ${regsArray(K)}));`;
}

/** A loop's guard exit: registers written back, the VM resumes after `pc`. */
function loopDeopt(
  ctx: EmitCtx,
  header: number,
  written: Uint8Array,
  pc: number,
  a: number,
  K: Uint8Array,
): string {
  const out = [`$deoptLoop(${ctx.bind(ctx.proto)}, ${header});`];
  for (let r = 0; r < K.length; r++) {
    if (!written[r] || K[r] < K_INT || K[r] > K_OBJ) continue;
    out.push(`vm.set(frame.bp + ${r}, ${boxed(r, K[r])});`);
  }
  out.push(`vm.set(frame.bp + ${a}, $x);`, `return ${pc + 1};`);
  return out.join(" ");
}
