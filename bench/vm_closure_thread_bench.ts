// Closure threading measured against the VM's switch loop on the same
// bytecode: each instruction of seed_expr, int_loop and fib is compiled once
// to a JS closure specialised on its operands (constants' tags resolved at
// compile time) that does its work and returns the next closure; a
// trampoline runs them. Both engines run in one process, interleaved.
//
//   deno run -A bench/vm_closure_thread_bench.ts [--runs 7]

import { parseArgs } from "node:util";
import { OP, opcode } from "../compiler/bytecode/opcodes.ts";
import { makeSourceFile } from "../compiler/core/span.ts";
import { lowerProgram } from "../compiler/ir/lower.ts";
import { compileSource } from "../compiler/mod.ts";
import { optimizeProgram } from "../compiler/passes/pipeline.ts";
import { makeGlobals } from "../vm/builtins/mod.ts";
import { InterpState } from "../vm/interp_state.ts";
import { runVm } from "../vm/vm.ts";
import { callSlow } from "../vm/vm_calls.ts";
import { generic, makeClosure } from "../vm/vm_ops.ts";
import { Frame, VmState } from "../vm/vm_state.ts";
import { prepare, type Proto, VmClosure } from "../vm/vm_values.ts";
import { type Cell, UNIT } from "../vm/values.ts";

const MAX = 2147483647, MIN = -2147483648;
/** The arithmetic and compare-and-jump opcodes the three programs use. */
const Q = {
  ADD: opcode("ADD"),
  ADD_RK: opcode("ADD_RK"),
  ADD_KR: opcode("ADD_KR"),
  SUB_RK: opcode("SUB_RK"),
  MUL: opcode("MUL"),
  DIV: opcode("DIV"),
  MOD_RK: opcode("MOD_RK"),
  JLT_RK: opcode("JLT_RK"),
} as const;
/** What a threaded instruction returns: the next one, or null (host return). */
type Step = () => Step | null;

/** Runs `main` by closure threading on a fresh VmState; returns stdout. */
function runThreaded(main: Proto): string {
  let out = "";
  const globals = makeGlobals();
  const st = new InterpState(globals, (s) => (out += s), [], Infinity, 10000);
  const vm = new VmState(st, globals, Infinity, 10000);
  vm.ensure(1 << 16);
  const F = vm.F, T = vm.T, O = vm.O;
  let bp = 0, steps = 0, depth = 0;
  let frame = new Frame(
    main,
    0,
    [],
    main.nregs,
    "<main>",
    undefined as never,
    true,
    false,
  );
  vm.frames.push(frame);
  const compiled = new Map<Proto, Step[]>();
  /** Where each frame's caller continues (by frame index). */
  const resume: (Step | null)[] = [];
  const fail = (what: string) => new Error(`threaded: ${what}`);

  /** Returns the closures of `p` (compiled on first use). */
  function code(p: Proto): Step[] {
    let fns = compiled.get(p);
    if (fns !== undefined) return fns;
    const n = p.code.length >> 2;
    fns = new Array(n);
    compiled.set(p, fns);
    for (let pc = n - 1; pc >= 0; pc--) fns[pc] = one(p, fns, pc);
    return fns;
  }

  /** Compiles instruction `pc` of `p`; `fns[pc + 1]` already exists. */
  function one(p: Proto, fns: Step[], pc: number): Step {
    const w = pc << 2, op = p.code[w];
    const a = p.code[w + 1], b = p.code[w + 2], c = p.code[w + 3];
    const next = fns[pc + 1] ?? null, kn = p.kn, kt = p.kt;
    const span = p.spans[pc]!;
    switch (op) {
      case OP.MOVE:
        return () => {
          const t = T[bp + b];
          T[bp + a] = t;
          if (t === 0) O[bp + a] = O[bp + b];
          else F[bp + a] = F[bp + b];
          return next;
        };
      case OP.LOADK: {
        const v = kn[b], t = kt[b];
        if (t === 0) throw fail("boxed constant");
        return () => (F[bp + a] = v, T[bp + a] = t, next);
      }
      case OP.LOADUNIT:
        return () => (T[bp + a] = 0, O[bp + a] = UNIT, next);
      case OP.NEWCELL:
        return () => {
          O[bp + a] = { value: b < 0 ? UNIT : vm.get(bp + b) };
          T[bp + a] = 0;
          return next;
        };
      case OP.SETCELL:
        return () => ((O[bp + a] as Cell).value = vm.get(bp + b), next);
      case OP.GETCELL:
        return () => (vm.set(bp + a, (O[bp + b] as Cell).value), next);
      case OP.CLOSURE:
        return () => (vm.set(bp + a, makeClosure(vm, frame, p.kv[b] as Proto)),
          next);
      case OP.GETGLOBAL:
        return () => {
          frame.pc = pc + 1;
          generic(vm, frame, op, a, b, c, span);
          return next;
        };
      case OP.GETUPVAL:
        return () => {
          const v = (frame.upvals[b] as Cell).value;
          if (v instanceof VmClosure) T[bp + a] = 0, O[bp + a] = v;
          else vm.set(bp + a, v);
          return next;
        };
      case Q.ADD:
        return () => {
          const x = bp + b, y = bp + c, tx = T[x], ty = T[y];
          if (tx === 2 && ty === 2) {
            F[bp + a] = F[x] + F[y], T[bp + a] = 2;
            return next;
          }
          if (tx !== 1 || ty !== 1) throw fail("ADD operands");
          const r = F[x] + F[y];
          if (r > MAX || r < MIN) throw fail("overflow");
          F[bp + a] = r, T[bp + a] = 1;
          return next;
        };
      case Q.MUL:
        return () => {
          const x = bp + b, y = bp + c, tx = T[x], ty = T[y];
          if (tx === 2 && ty === 2) {
            F[bp + a] = F[x] * F[y], T[bp + a] = 2;
            return next;
          }
          if (tx !== 1 || ty !== 1) throw fail("MUL operands");
          const r = F[x] * F[y] + 0;
          if (r > MAX || r < MIN) throw fail("overflow");
          F[bp + a] = r, T[bp + a] = 1;
          return next;
        };
      case Q.DIV:
        return () => {
          const x = bp + b, y = bp + c;
          if (T[x] !== 2 || T[y] !== 2) throw fail("DIV operands");
          F[bp + a] = F[x] / F[y], T[bp + a] = 2;
          return next;
        };
      case Q.ADD_RK:
      case Q.SUB_RK:
      case Q.MOD_RK:
        return withConst(op, a, b, kn[c], kt[c], next);
      case Q.ADD_KR: {
        const k = kn[b];
        if (kt[b] !== 2) throw fail("ADD_KR int");
        return () => {
          const y = bp + c;
          if (T[y] !== 2) throw fail("ADD_KR operand");
          F[bp + a] = k + F[y], T[bp + a] = 2;
          return next;
        };
      }
      case Q.JLT_RK: {
        const k = kn[c];
        return () => {
          const x = bp + b, t = T[x];
          if (t !== 1 && t !== 2) throw fail("JLT_RK operand");
          return F[x] < k ? next : fns[a];
        };
      }
      case OP.FORPREP:
        return () => {
          const r = bp + a;
          if (T[r] !== 1 || T[r + 1] !== 1) throw fail("range bounds");
          if (c === 1) F[r + 1] += 1;
          if (!(F[r] < F[r + 1])) return fns[b];
          ++steps;
          return next;
        };
      case OP.FORLOOP:
        return () => {
          const r = bp + a, i = F[r] + 1;
          F[r] = i;
          if (i < F[r + 1]) {
            ++steps;
            return fns[b];
          }
          return next;
        };
      case OP.CALL:
        return call(a, b, c, pc, span, next);
      case OP.RET:
        return () => {
          const src = bp + a, dst = frame.ret;
          T[dst] = T[src], F[dst] = F[src], O[dst] = O[src];
          if (frame.host) return null;
          const back = resume[vm.frames.length - 1];
          vm.frames.pop();
          depth--;
          frame = vm.frames[vm.frames.length - 1];
          bp = frame.bp;
          return back;
        };
      default:
        throw fail(`opcode ${op} is outside the experiment's subset`);
    }
  }

  function withConst(
    op: number,
    a: number,
    b: number,
    k: number,
    kT: number,
    next: Step | null,
  ): Step {
    if (kT === 2 && op === Q.ADD_RK) {
      return () => {
        const x = bp + b;
        if (T[x] !== 2) throw fail("ADD_RK operand");
        F[bp + a] = F[x] + k, T[bp + a] = 2;
        return next;
      };
    }
    if (kT === 2 && op === Q.SUB_RK) {
      return () => {
        const x = bp + b;
        if (T[x] !== 2) throw fail("SUB_RK operand");
        F[bp + a] = F[x] - k, T[bp + a] = 2;
        return next;
      };
    }
    if (kT === 1 && op === Q.SUB_RK) {
      return () => {
        const x = bp + b;
        if (T[x] !== 1) throw fail("SUB_RK operand");
        const r = F[x] - k;
        if (r > MAX || r < MIN) throw fail("overflow");
        F[bp + a] = r, T[bp + a] = 1;
        return next;
      };
    }
    if (kT === 1 && op === Q.MOD_RK && k !== 0) {
      return () => {
        const x = bp + b;
        if (T[x] !== 1) throw fail("MOD_RK operand");
        F[bp + a] = ((F[x] | 0) % k) | 0, T[bp + a] = 1;
        return next;
      };
    }
    throw fail(`constant variant of opcode ${op}`);
  }

  /** CALL: a VmClosure pushes a frame and continues in its code; others go through callSlow. */
  function call(
    a: number,
    n: number,
    c: number,
    pc: number,
    span: Frame["callSite"],
    next: Step | null,
  ): Step {
    let seen: Proto | undefined, entry: Step | undefined;
    return () => {
      const base = bp + a, f = O[base];
      frame.pc = pc + 1;
      if (
        T[base] === 0 && f instanceof VmClosure && c < 0 &&
        n === f.proto.nparams
      ) {
        if (++steps < 0 || depth >= 10000) throw fail("limits");
        depth++;
        const k = vm.frames.length;
        let nf = vm.pool[k];
        if (nf === undefined) {
          vm.pool[k] = nf = new Frame(
            f.proto,
            base + 1,
            f.upvals,
            base,
            f.name,
            span,
            false,
            true,
          );
        } else {
          nf.proto = f.proto, nf.bp = base + 1, nf.upvals = f.upvals;
          nf.ret = base, nf.name = f.name, nf.callSite = span, nf.host = false;
        }
        resume[k] = next;
        vm.frames.push(nf);
        frame = nf;
        bp = base + 1;
        if (seen !== f.proto) seen = f.proto, entry = code(f.proto)[0];
        return entry!;
      }
      if (callSlow(vm, base, base + 1, n, undefined, 0, span)) {
        throw fail("host frame");
      }
      return next;
    };
  }

  let s: Step | null = code(main)[0];
  while (s !== null) s = s();
  st.flush();
  return out;
}

const { values } = parseArgs({
  args: Deno.args,
  options: { runs: { type: "string", default: "7" } },
});
const HERE = new URL("./scalar/", import.meta.url).pathname;

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[s.length >> 1];
}

console.log("| program | switch (ms) | closures (ms) | closures : switch |");
console.log("| --- | ---: | ---: | ---: |");
for (const name of ["seed_expr", "int_loop", "fib"]) {
  const text = Deno.readTextFileSync(`${HERE}${name}.dl`);
  const checked = compileSource(makeSourceFile(`${name}.dl`, text), {
    readFile: () => ({ error: "no imports" }),
  }).checked!;
  const main = prepare(optimizeProgram(lowerProgram(checked)).modules[0].body);
  const sw: number[] = [], th: number[] = [];
  let outSw = "", outTh = "";
  for (let i = 0; i < Number(values.runs); i++) {
    let t0 = performance.now();
    outSw = "";
    runVm(checked, { stdout: (s) => (outSw += s) });
    sw.push(performance.now() - t0);
    t0 = performance.now();
    outTh = runThreaded(main);
    th.push(performance.now() - t0);
  }
  if (outSw !== outTh) console.error(`${name}: outputs differ`);
  const [a, b] = [median(sw), median(th)];
  console.log(
    `| ${name} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(b / a).toFixed(2)}x |`,
  );
}
