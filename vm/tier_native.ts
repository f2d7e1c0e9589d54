// The native tier (`--engine native`): hot numeric functions and loops of
// the register VM compiled to LLVM IR (vm/tier_native_lower.ts), built by
// clang through the native cache (kernels/runtime/native_cache.ts: a second
// run only loads) and called through Deno's FFI. Entry guards check the
// argument / register tags and the closures calls were resolved to; an
// error inside native code makes the call decline (the VM re-executes it and
// raises the exact error) or, in a loop, exits at the failing instruction.

import { OP } from "../compiler/bytecode/opcodes.ts";
import { KERNEL_FLAGS } from "../kernels/runtime/native_kernels.ts";
import { cacheDir, libraryFor } from "../kernels/runtime/native_cache.ts";
import {
  clangOnPath,
  findToolchain,
} from "../kernels/runtime/native_toolchain.ts";
import type { CallEntry, LoopEntry, Tier } from "./tiers.ts";
import { readsOf } from "./tier_native_ops.ts";
import {
  isNumeric,
  T_CALLEE,
  T_FLOATFN,
  T_UNKNOWN,
  type Ty,
} from "./tier_native_ops.ts";
import {
  llTy,
  type LowerHost,
  type LowerLimits,
  lowerProto,
  retTy,
} from "./tier_native_lower.ts";
import {
  CTL_PER_TENSOR,
  CTL_TENSORS,
  isTensorTy,
  packTensor,
  tensorParams,
  tensorTyOf,
} from "./tier_native_tensor.ts";
import type { TensorData } from "../kernels/tensor.ts";
import type { Cell } from "./values.ts";
import type { Frame, VmState } from "./vm_state.ts";
import { type Proto, VmClosure } from "./vm_values.ts";

const DECLS = ["sadd", "ssub", "smul"].map((o) =>
  `declare {i32, i1} @llvm.${o}.with.overflow.i32(i32, i32)`
);

/** dl_entry(F, T, base, ctl, tensor buffers…) as Deno.dlopen sees it. */
function symbolFor(buffers: number) {
  return {
    dl_entry: {
      parameters: [
        "buffer",
        "buffer",
        "i64",
        "buffer",
        ...new Array<"buffer">(buffers).fill("buffer"),
      ],
      result: "i32",
      nonblocking: false,
    },
  } as const;
}

type EntryFn = (
  F: Float64Array,
  T: Uint8Array,
  base: number,
  ctl: BigInt64Array,
  ...buffers: TensorData[]
) => number;

/** The entry's parameter list for `buffers` tensor buffers. */
function entryParams(buffers: number): string {
  const bs = Array.from({ length: buffers }, (_, j) => `, i8* %B${j}`);
  return `double* %F0, i8* %T0, i64 %base, i64* %CTL${bs.join("")}`;
}

/** The register type of a runtime value (tag `tag`, object `o`) at an entry. */
function entryTy(tag: number, o: unknown): Ty {
  return tag === 0 ? tensorTyOf(o) : tag;
}

/** Why native code cannot run here (no clang, no FFI), or null. */
export function nativeTierUnavailable(): string | null {
  const why = clangOnPath();
  if (why !== null) return why;
  const dir = cacheDir();
  if (dir === null) return "no cache folder (set DL_CACHE_DIR or HOME)";
  if (
    Deno.permissions.querySync({ name: "ffi", path: dir }).state !== "granted"
  ) {
    return `no permission to load native code from ${dir}`;
  }
  return null;
}

const DEBUG = (() => {
  try {
    return Number(Deno.env.get("DL_DEBUG") ?? "0") || 0;
  } catch (_) {
    return 0;
  }
})();

/** Counters of the native tier (tests and DL_DEBUG). */
export const NATIVE_TIER = {
  compiled: 0,
  declined: 0,
  compileMs: 0,
  /** Entries into native code that passed tensors. */
  tensorEntries: 0,
};

interface FnInfo {
  readonly name: string;
  ret: Ty;
  failed: boolean;
}

/** One compilation: the functions it needs, its callees and their guards. */
class Unit implements LowerHost {
  readonly text: string[] = [];
  readonly callees: VmClosure[] = [];
  readonly guards: [Cell, unknown][] = [];
  private readonly fns = new Map<string, FnInfo>();
  private readonly ids = new Map<VmClosure, number>();
  private upvals: Cell[] = [];

  /** `limits.countSteps`: false when the run has no step limit. */
  constructor(upvals: Cell[], readonly limits: LowerLimits) {
    this.upvals = upvals;
  }

  upvalType(b: number): Ty {
    const cell = this.upvals[b];
    const v = cell?.value;
    if (!(v instanceof VmClosure) || v.proto.kind !== "fn") return T_UNKNOWN;
    if (!this.guards.some(([c]) => c === cell)) this.guards.push([cell, v]);
    let k = this.callees.indexOf(v);
    if (k < 0) k = this.callees.push(v) - 1;
    return T_CALLEE + k;
  }

  callee(t: Ty, args: readonly Ty[]): { name: string; ret: Ty } | null {
    const f = this.fnFor(this.callees[t - T_CALLEE], args);
    return f === null ? null : { name: f.name, ret: f.ret };
  }

  /** The internal function for `c` called with `args`, or null. */
  fnFor(c: VmClosure, args: readonly Ty[]): FnInfo | null {
    let id = this.ids.get(c);
    if (id === undefined) this.ids.set(c, id = this.ids.size);
    const key = `${id}:${args.join(",")}`;
    const hit = this.fns.get(key);
    if (hit !== undefined) return hit.failed ? null : hit;
    if (c.proto.nparams !== args.length) return null;
    const info: FnInfo = { name: `f${this.fns.size}`, ret: 1, failed: false };
    this.fns.set(key, info);
    for (let attempt = 0; attempt < 3; attempt++) {
      const saved = this.upvals;
      this.upvals = c.upvals;
      const low = lowerProto(
        c.proto,
        0,
        { kind: "fn", params: args },
        this,
        this.limits,
      );
      this.upvals = saved;
      if (typeof low === "string" || !isNumeric(low.ret)) break;
      if (low.ret !== info.ret) {
        info.ret = low.ret;
        continue;
      }
      const ps = args.flatMap((t, i) =>
        isTensorTy(t) ? tensorParams(i) : [`${llTy(t)} %a${i}`]
      );
      const head = `define internal ${retTy(info.ret)} @${info.name}(${
        [...ps, "i64 %DEPTH", "i64* %CTL"].join(", ")
      })`;
      this.text.push(...unrollRecursion(head, info.name, low.lines));
      return info;
    }
    info.failed = true;
    return null;
  }
}

/** Lines of LLVM that a recursive function's copies may reach in all. */
const UNROLL_BUDGET = 2400;
/** The most copies a recursive call is unrolled into. */
const UNROLL_MAX = 3;

/**
 * The definition of internal function `name` (`head`: its define line
 * without the body). A self-recursive one calls an always-inlined copy of
 * itself, which calls the next copy, … up to UNROLL_MAX levels and back to
 * `name` (gcc's recursive inlining: LLVM never inlines a function into
 * itself). Every level keeps its depth and overflow checks.
 */
export function unrollRecursion(
  head: string,
  name: string,
  body: readonly string[],
): string[] {
  const self = `@${name}(`;
  const calls = body.filter((l) => l.includes(self)).length;
  let k = 0, size = body.length, level = body.length;
  while (calls > 0 && k < UNROLL_MAX) {
    level *= calls;
    if (size + level > UNROLL_BUDGET) break;
    size += level;
    k++;
  }
  const copy = (from: number): string[] => {
    const to = from === k ? name : `${name}_u${from + 1}`;
    return body.map((l) => l.replaceAll(self, `@${to}(`));
  };
  const out = [`${head} {`, ...copy(0), "}"];
  for (let i = 1; i <= k; i++) {
    const h = head.replace(`@${name}(`, `@${name}_u${i}(`);
    out.push(`${h} alwaysinline {`, ...copy(i), "}");
  }
  return out;
}

function toDouble(v: string, t: Ty, out: string[], name: string): string {
  if (t === 2) return v;
  out.push(
    `  ${name} = ${t === 1 ? "sitofp" : "uitofp"} ${llTy(t)} ${v} to double`,
  );
  return name;
}

function fromDouble(v: string, t: Ty, out: string[], name: string): string {
  if (t === 2) return v;
  if (t === 1) out.push(`  ${name}x = fptosi double ${v} to i32`);
  else out.push(`  ${name}x = fcmp une double ${v}, 0.0`);
  out.push(`  ${name} = freeze ${llTy(t)} ${name}x`);
  return name;
}

/** The native tier. */
export class NativeTier implements Tier {
  readonly name = "native";
  /** Runs without a step limit compile without step counting. */
  readonly limits: LowerLimits;
  constructor(readonly vm: VmState) {
    this.limits = { countSteps: Number.isFinite(vm.maxSteps) };
  }

  compileCall(
    vm: VmState,
    closure: VmClosure,
    start: number,
  ): CallEntry | null {
    const p = closure.proto;
    if (p.kind !== "fn") return null;
    const args: Ty[] = [];
    for (let i = 0; i < p.nparams; i++) {
      args.push(entryTy(vm.T[start + i], vm.O[start + i]));
    }
    if (!args.every((t) => isNumeric(t) || isTensorTy(t))) {
      return this.decline();
    }
    const unit = new Unit([], this.limits);
    const f = unit.fnFor(closure, args);
    if (f === null) return this.decline();
    const tens = args.flatMap((t, i) => isTensorTy(t) ? [i] : []);
    const w: string[] = [
      `define i32 @dl_entry(${entryParams(tens.length)}) {`,
      "entry:",
      "  %F = getelementptr double, double* %F0, i64 %base",
    ];
    const vals = args.map((t, i) => {
      if (isTensorTy(t)) {
        const j = tens.indexOf(i), at = CTL_TENSORS + CTL_PER_TENSOR * j;
        const geo = [0, 1].map((k) => {
          w.push(
            `  %c${i}_${k} = getelementptr i64, i64* %CTL, i64 ${at + k}`,
            `  %n${i}_${k} = load i64, i64* %c${i}_${k}`,
          );
          return `i64 %n${i}_${k}`;
        });
        return [`i8* %B${j}`, ...geo].join(", ");
      }
      w.push(`  %g${i} = getelementptr double, double* %F, i64 ${i}`);
      w.push(`  %d${i} = load double, double* %g${i}`);
      return `${llTy(t)} ${fromDouble(`%d${i}`, t, w, `%v${i}`)}`;
    });
    const rt = retTy(f.ret);
    w.push(
      "  %lp = getelementptr i64, i64* %CTL, i64 1",
      "  %lim = load i64, i64* %lp",
      `  %s = call ${rt} @${f.name}(${
        [...vals, "i64 %lim", "i64* %CTL"].join(", ")
      })`,
      `  %bad = extractvalue ${rt} %s, 1`,
      "  br i1 %bad, label %no, label %yes",
      "no:",
      "  ret i32 1",
      "yes:",
      `  %r = extractvalue ${rt} %s, 0`,
    );
    const rd = toDouble("%r", f.ret, w, "%rd");
    w.push(`  store double ${rd}, double* %F`, "  ret i32 0", "}");
    const fn = this.build([...unit.text, ...w], tens.length);
    if (fn === null) return this.decline();
    const guards = unit.guards, tag = f.ret, n = args.length;
    const ctl = new BigInt64Array(CTL_TENSORS + CTL_PER_TENSOR * tens.length);
    const bufs: TensorData[] = [];
    return (vm, _closure, start, base) => {
      for (const [cell, v] of guards) if (cell.value !== v) return false;
      for (let i = 0; i < n; i++) {
        const t = args[i];
        if (t >= 0) {
          if (vm.T[start + i] !== t) return false;
          continue;
        }
        if (vm.T[start + i] !== 0) return false;
        const j = bufs.length;
        const d = packTensor(vm.O[start + i], t, ctl, j);
        if (d === null) return (bufs.length = 0, false);
        bufs.push(d);
      }
      if (vm.steps + 1 > vm.maxSteps || vm.depth >= vm.maxDepth) {
        return (bufs.length = 0, false);
      }
      const budget = Math.min(vm.maxSteps - vm.steps - 1, 2 ** 62);
      ctl[0] = BigInt(budget);
      ctl[1] = BigInt(vm.maxDepth - vm.depth - 1);
      let st: number;
      if (bufs.length === 0) st = fn(vm.F, vm.T, start, ctl);
      else {NATIVE_TIER.tensorEntries++,
          st = fn(vm.F, vm.T, start, ctl, ...bufs);}
      bufs.length = 0;
      if (st !== 0) return false;
      vm.steps += 1 + (budget - Number(ctl[0]));
      vm.F[base] = vm.F[start];
      vm.T[base] = tag;
      return true;
    };
  }

  compileLoop(vm: VmState, frame: Frame, header: number): LoopEntry | null {
    const p = frame.proto, bp = frame.bp;
    const entry: Ty[] = new Array(p.nregs).fill(T_UNKNOWN);
    const guard: number[] = [];
    const read = readAll(p);
    const tens: number[] = [];
    for (let r = 0; r < p.nregs; r++) {
      if (!read.has(r)) continue;
      const t = entryTy(vm.T[bp + r], vm.O[bp + r]);
      if (isNumeric(t)) entry[r] = t, guard.push(r);
      else if (isTensorTy(t)) entry[r] = t, tens.push(r);
    }
    const unit = new Unit(frame.upvals, this.limits);
    const low = lowerProto(
      p,
      header,
      { kind: "loop", entry },
      unit,
      this.limits,
    );
    if (typeof low === "string") return this.decline(low);
    // A loop that leaves native code on every iteration is not worth it.
    let back = header;
    for (let pc = header; pc < p.code.length >> 2; pc++) {
      const w = pc << 2, op = p.code[w];
      const to = op === OP.LOOP
        ? p.code[w + 1]
        : op === OP.FORLOOP
        ? p.code[w + 2]
        : -1;
      if (to === header) back = pc;
    }
    for (const pc of low.unlowered) {
      if (pc >= header && pc <= back) {
        return this.decline(`loop at ${header} exits at ${pc}`);
      }
    }
    const fn = this.build([
      ...unit.text,
      `define i32 @dl_entry(${entryParams(tens.length)}) {`,
      "pre:",
      "  %F = getelementptr double, double* %F0, i64 %base",
      "  %T = getelementptr i8, i8* %T0, i64 %base",
      "  %lp = getelementptr i64, i64* %CTL, i64 1",
      "  %DEPTH = load i64, i64* %lp",
      "  br label %entry",
      ...low.lines,
      "}",
    ], tens.length);
    if (fn === null) return this.decline();
    // Registers holding closures / the float builtin at an exit get them back.
    const mats = new Map<number, [number, unknown][]>();
    for (const [pc, st] of low.exits) {
      const m: [number, unknown][] = [];
      for (const r of low.written) {
        const t = st[r];
        if (t === T_FLOATFN) m.push([r, vm.globals.lookup("float")?.value]);
        else if (t >= T_CALLEE) m.push([r, unit.callees[t - T_CALLEE]]);
      }
      if (m.length > 0) mats.set(pc, m);
    }
    const guards = unit.guards;
    const ctl = new BigInt64Array(CTL_TENSORS + CTL_PER_TENSOR * tens.length);
    const bufs: TensorData[] = new Array(tens.length);
    return (vm, frame) => {
      const bp = frame.bp;
      for (const [cell, v] of guards) if (cell.value !== v) return -1;
      for (const r of guard) if (vm.T[bp + r] !== entry[r]) return -1;
      for (let j = 0; j < tens.length; j++) {
        const r = tens[j];
        if (vm.T[bp + r] !== 0) return -1;
        const d = packTensor(vm.O[bp + r], entry[r], ctl, j);
        if (d === null) return -1;
        bufs[j] = d;
      }
      const budget = Math.min(vm.maxSteps - vm.steps, 2 ** 62);
      ctl[0] = BigInt(budget);
      ctl[1] = BigInt(vm.maxDepth - vm.depth);
      let pc: number;
      if (tens.length === 0) pc = fn(vm.F, vm.T, bp, ctl);
      else NATIVE_TIER.tensorEntries++, pc = fn(vm.F, vm.T, bp, ctl, ...bufs);
      bufs.fill(null!);
      if (pc < 0) return -1;
      vm.steps += budget - Number(ctl[0]);
      const m = mats.get(pc);
      if (m !== undefined) {
        for (const [r, v] of m) vm.T[bp + r] = 0, vm.O[bp + r] = v;
      }
      return pc;
    };
  }

  private decline(why = ""): null {
    NATIVE_TIER.declined++;
    if (DEBUG >= 2) console.error(`debug: native tier declined: ${why}`);
    return null;
  }

  /** Builds (or loads from the cache) a module; its dl_entry, or null. */
  private build(lines: string[], buffers = 0): EntryFn | null {
    const t0 = performance.now();
    const tc = findToolchain();
    const dir = cacheDir();
    if (typeof tc === "string" || dir === null) return null;
    const text = [...DECLS, ...lines].join("\n") + "\n";
    if (DEBUG >= 5) console.error(text);
    const built = libraryFor({
      name: "tier",
      sources: [{ name: "tier.ll", text }],
      flags: KERNEL_FLAGS,
    }, { dir, toolchain: tc });
    if (!built.ok) {
      if (Deno.env.get("DL_DEBUG") === "4") console.error(built.reason, text);
      return null;
    }
    try {
      const lib = Deno.dlopen(built.path, symbolFor(buffers));
      NATIVE_TIER.compiled++;
      NATIVE_TIER.compileMs += performance.now() - t0;
      return lib.symbols.dl_entry as unknown as EntryFn;
    } catch (_) {
      return null;
    }
  }
}

/** Every register some instruction of `p` reads. */
function readAll(p: Proto): Set<number> {
  const s = new Set<number>();
  for (let pc = 0; pc < p.code.length >> 2; pc++) {
    const w = pc << 2;
    for (
      const r of readsOf(p.code[w], p.code[w + 1], p.code[w + 2], p.code[w + 3])
    ) s.add(r);
  }
  return s;
}
