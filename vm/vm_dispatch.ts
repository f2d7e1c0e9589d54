// The VM's dispatch loop: a `switch` over opcode numbers (the fastest of the
// dispatch styles measured, docs/performance.md) on an Int32Array of 4-word
// instructions. Scalars stay unboxed in a Float64Array with a tag array;
// arithmetic follows the op table (int overflow and division by zero
// exactly as ops.ts's evalI). Case numbers are opcode numbers of
// compiler/bytecode/opcodes.ts (vm_dispatch_test.ts checks them).

import type { Span } from "../compiler/core/span.ts";
import { runtimeError } from "./runtime_error.ts";
import { UNIT, type Value } from "./values.ts";
import { arith, divZero, overflow } from "./vm_arith.ts";
import { callSlow, convertFast, failure, isNoSelf } from "./vm_calls.ts";
import {
  fastIndex,
  generic,
  indexOne,
  makeClosure,
  slowCondition,
  slowUnary,
} from "./vm_ops.ts";
import { Frame, type VmState } from "./vm_state.ts";
import type { Cell } from "./values.ts";
import { VmClosure } from "./vm_values.ts";
import { IndexEntry, refill } from "./vm_index_cache.ts";
import { tierCall, tierLoop } from "./tiers.ts";
import { PAUSED } from "./vm_pause.ts";

const MAX = 2147483647, MIN = -2147483648;

/**
 * Runs `entry` (already pushed) until it returns; the result comes back
 * boxed. Errors leave as DlRuntimeError with the dl call stack. With
 * `wanted` (the outermost loop of a pausable run only, vm/vm_pause.ts) it
 * returns PAUSED at a taken back edge when `wanted()` says so; calling it
 * again with the top frame resumes there.
 */
export function execute(
  vm: VmState,
  entry: Frame,
  wanted?: () => boolean,
): Value {
  let r = run(vm, entry, wanted);
  while (r === REGROWN) r = run(vm, vm.frames[vm.frames.length - 1], wanted);
  return r;
}

/**
 * What `run` returns when the register file was reallocated (VmState.ensure)
 * under it: its frame's pc is saved, and `execute` resumes from the top frame.
 */
const REGROWN: Value = Object.freeze({ regrown: true }) as unknown as Value;

/** Saves `pc` in `frame` and returns REGROWN. */
function regrown(frame: Frame, pc: number): Value {
  frame.pc = pc;
  return REGROWN;
}

/**
 * The dispatch loop. The register arrays are constants of one activation
 * (TurboFan then checks their maps and loads their lengths once, not at
 * every instruction); when anything it calls reallocates them, it returns
 * REGROWN and `execute` enters it again.
 */
function run(
  vm: VmState,
  entry: Frame,
  wanted: (() => boolean) | undefined,
): Value {
  let frame = entry;
  let p = frame.proto;
  let code = p.vcode, kn = p.kn, kt = p.kt;
  // `| 0`: pc and bp stay untagged int32 in the optimized loop.
  let bp = frame.bp | 0, pc = frame.pc | 0;
  const F = vm.F, T = vm.T, O = vm.O;
  let ups: Cell[] = frame.upvals;
  const maxSteps = vm.maxSteps, maxDepth = vm.maxDepth;
  // Without a step budget nothing reads vm.steps (the jit tier skips it too).
  const counting = Number.isFinite(maxSteps);
  const frames = vm.frames, pool = vm.pool, tier = vm.tier;
  const ic0 = new IndexEntry(), ic1 = new IndexEntry();
  try {
    for (;;) {
      // `|` rather than `+`: no overflow checks on the decode (w is a multiple of 4).
      const w = pc << 2;
      // `let`: a fused pair (compiler/bytecode/fuse.ts) goes on with the
      // next instruction's operands in the case it falls through to.
      let op = code[w], a = code[w | 1], b = code[w | 2], c = code[w | 3];
      pc = (pc + 1) | 0;
      switch (op) {
        case 50: { // ADD
          const x = bp + b,
            y = bp + c,
            tx = T[x],
            ty = T[y],
            xv = F[x],
            yv = F[y];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = xv + yv;
            T[d] = 2;
            continue;
          }
          if (tx === 1 && ty === 1) {
            const r = xv + yv;
            if (r > MAX || r < MIN) overflow();
            F[d] = r;
            T[d] = 1;
            continue;
          }
          break;
        }
        case 51: { // ADD_RK
          const x = bp + b, tx = T[x], ty = kt[c], xv = F[x], yv = kn[c];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = xv + yv;
            T[d] = 2;
            continue;
          }
          if (tx === 1 && ty === 1) {
            const r = xv + yv;
            if (r > MAX || r < MIN) overflow();
            F[d] = r;
            T[d] = 1;
            continue;
          }
          break;
        }
        case 52: { // ADD_KR
          const y = bp + c, tx = kt[b], ty = T[y], xv = kn[b], yv = F[y];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = xv + yv;
            T[d] = 2;
            continue;
          }
          if (tx === 1 && ty === 1) {
            const r = xv + yv;
            if (r > MAX || r < MIN) overflow();
            F[d] = r;
            T[d] = 1;
            continue;
          }
          break;
        }
        case 53: { // SUB
          const x = bp + b,
            y = bp + c,
            tx = T[x],
            ty = T[y],
            xv = F[x],
            yv = F[y];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = xv - yv;
            T[d] = 2;
            continue;
          }
          if (tx === 1 && ty === 1) {
            const r = xv - yv;
            if (r > MAX || r < MIN) overflow();
            F[d] = r;
            T[d] = 1;
            continue;
          }
          break;
        }
        case 54: { // SUB_RK
          const x = bp + b, tx = T[x], ty = kt[c], xv = F[x], yv = kn[c];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = xv - yv;
            T[d] = 2;
            continue;
          }
          if (tx === 1 && ty === 1) {
            const r = xv - yv;
            if (r > MAX || r < MIN) overflow();
            F[d] = r;
            T[d] = 1;
            continue;
          }
          break;
        }
        case 55: { // SUB_KR
          const y = bp + c, tx = kt[b], ty = T[y], xv = kn[b], yv = F[y];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = xv - yv;
            T[d] = 2;
            continue;
          }
          if (tx === 1 && ty === 1) {
            const r = xv - yv;
            if (r > MAX || r < MIN) overflow();
            F[d] = r;
            T[d] = 1;
            continue;
          }
          break;
        }
        case 56: { // MUL
          const x = bp + b,
            y = bp + c,
            tx = T[x],
            ty = T[y],
            xv = F[x],
            yv = F[y];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = xv * yv;
            T[d] = 2;
            continue;
          }
          if (tx === 1 && ty === 1) {
            const r = xv * yv + 0;
            if (r > MAX || r < MIN) overflow();
            F[d] = r;
            T[d] = 1;
            continue;
          }
          break;
        }
        case 57: { // MUL_RK
          const x = bp + b, tx = T[x], ty = kt[c], xv = F[x], yv = kn[c];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = xv * yv;
            T[d] = 2;
            continue;
          }
          if (tx === 1 && ty === 1) {
            const r = xv * yv + 0;
            if (r > MAX || r < MIN) overflow();
            F[d] = r;
            T[d] = 1;
            continue;
          }
          break;
        }
        case 58: { // MUL_KR
          const y = bp + c, tx = kt[b], ty = T[y], xv = kn[b], yv = F[y];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = xv * yv;
            T[d] = 2;
            continue;
          }
          if (tx === 1 && ty === 1) {
            const r = xv * yv + 0;
            if (r > MAX || r < MIN) overflow();
            F[d] = r;
            T[d] = 1;
            continue;
          }
          break;
        }
        case 59: { // DIV
          const x = bp + b,
            y = bp + c,
            tx = T[x],
            ty = T[y],
            xv = F[x],
            yv = F[y];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = xv / yv;
            T[d] = 2;
            continue;
          }
          if (tx === 1 && ty === 1) {
            if (yv === 0) divZero();
            F[d] = xv / yv;
            T[d] = 2;
            continue;
          }
          break;
        }
        case 60: { // DIV_RK
          const x = bp + b, tx = T[x], ty = kt[c], xv = F[x], yv = kn[c];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = xv / yv;
            T[d] = 2;
            continue;
          }
          if (tx === 1 && ty === 1) {
            if (yv === 0) divZero();
            F[d] = xv / yv;
            T[d] = 2;
            continue;
          }
          break;
        }
        case 61: { // DIV_KR
          const y = bp + c, tx = kt[b], ty = T[y], xv = kn[b], yv = F[y];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = xv / yv;
            T[d] = 2;
            continue;
          }
          if (tx === 1 && ty === 1) {
            if (yv === 0) divZero();
            F[d] = xv / yv;
            T[d] = 2;
            continue;
          }
          break;
        }
        case 62: { // MOD
          const x = bp + b,
            y = bp + c,
            tx = T[x],
            ty = T[y],
            xv = F[x],
            yv = F[y];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = xv % yv;
            T[d] = 2;
            continue;
          }
          if (tx === 1 && ty === 1) {
            if (yv === 0) divZero();
            F[d] = ((xv | 0) % (yv | 0)) | 0;
            T[d] = 1;
            continue;
          }
          break;
        }
        case 63: { // MOD_RK
          const x = bp + b, tx = T[x], ty = kt[c], xv = F[x], yv = kn[c];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = xv % yv;
            T[d] = 2;
            continue;
          }
          if (tx === 1 && ty === 1) {
            if (yv === 0) divZero();
            F[d] = ((xv | 0) % (yv | 0)) | 0;
            T[d] = 1;
            continue;
          }
          break;
        }
        case 64: { // MOD_KR
          const y = bp + c, tx = kt[b], ty = T[y], xv = kn[b], yv = F[y];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = xv % yv;
            T[d] = 2;
            continue;
          }
          if (tx === 1 && ty === 1) {
            if (yv === 0) divZero();
            F[d] = ((xv | 0) % (yv | 0)) | 0;
            T[d] = 1;
            continue;
          }
          break;
        }
        case 86: { // JEQ
          const x = bp + b, y = bp + c, tx = T[x], ty = T[y];
          if ((tx === 1 || tx === 2) && (ty === 1 || ty === 2)) {
            if (!(F[x] === F[y])) pc = a;
            continue;
          }
          break;
        }
        case 87: { // JEQ_RK
          const x = bp + b, tx = T[x], ty = kt[c];
          if ((tx === 1 || tx === 2) && (ty === 1 || ty === 2)) {
            if (!(F[x] === kn[c])) pc = a;
            continue;
          }
          break;
        }
        case 88: { // JNE
          const x = bp + b, y = bp + c, tx = T[x], ty = T[y];
          if ((tx === 1 || tx === 2) && (ty === 1 || ty === 2)) {
            if (!(F[x] !== F[y])) pc = a;
            continue;
          }
          break;
        }
        case 89: { // JNE_RK
          const x = bp + b, tx = T[x], ty = kt[c];
          if ((tx === 1 || tx === 2) && (ty === 1 || ty === 2)) {
            if (!(F[x] !== kn[c])) pc = a;
            continue;
          }
          break;
        }
        case 90: { // JLT
          const x = bp + b, y = bp + c, tx = T[x], ty = T[y];
          if ((tx === 1 || tx === 2) && (ty === 1 || ty === 2)) {
            if (!(F[x] < F[y])) pc = a;
            continue;
          }
          break;
        }
        case 91: { // JLT_RK
          const x = bp + b, tx = T[x], ty = kt[c];
          if ((tx === 1 || tx === 2) && (ty === 1 || ty === 2)) {
            if (!(F[x] < kn[c])) pc = a;
            continue;
          }
          break;
        }
        case 92: { // JLE
          const x = bp + b, y = bp + c, tx = T[x], ty = T[y];
          if ((tx === 1 || tx === 2) && (ty === 1 || ty === 2)) {
            if (!(F[x] <= F[y])) pc = a;
            continue;
          }
          break;
        }
        case 93: { // JLE_RK
          const x = bp + b, tx = T[x], ty = kt[c];
          if ((tx === 1 || tx === 2) && (ty === 1 || ty === 2)) {
            if (!(F[x] <= kn[c])) pc = a;
            continue;
          }
          break;
        }
        case 94: { // JGT
          const x = bp + b, y = bp + c, tx = T[x], ty = T[y];
          if ((tx === 1 || tx === 2) && (ty === 1 || ty === 2)) {
            if (!(F[x] > F[y])) pc = a;
            continue;
          }
          break;
        }
        case 95: { // JGT_RK
          const x = bp + b, tx = T[x], ty = kt[c];
          if ((tx === 1 || tx === 2) && (ty === 1 || ty === 2)) {
            if (!(F[x] > kn[c])) pc = a;
            continue;
          }
          break;
        }
        case 96: { // JGE
          const x = bp + b, y = bp + c, tx = T[x], ty = T[y];
          if ((tx === 1 || tx === 2) && (ty === 1 || ty === 2)) {
            if (!(F[x] >= F[y])) pc = a;
            continue;
          }
          break;
        }
        case 97: { // JGE_RK
          const x = bp + b, tx = T[x], ty = kt[c];
          if ((tx === 1 || tx === 2) && (ty === 1 || ty === 2)) {
            if (!(F[x] >= kn[c])) pc = a;
            continue;
          }
          break;
        }
        case 0: { // MOVE
          const t = T[bp + b];
          T[bp + a] = t;
          if (t === 0) O[bp + a] = O[bp + b];
          else F[bp + a] = F[bp + b];
          continue;
        }
        case 1: // LOADK
          if (kt[b] !== 0) {
            T[bp + a] = kt[b];
            F[bp + a] = kn[b];
          } else generic(vm, frame, op, a, b, c, p.spans[pc - 1]!);
          continue;
        case 2: // LOADI
          T[bp + a] = 1;
          F[bp + a] = b;
          continue;
        case 3: // LOADUNIT
          T[bp + a] = 0;
          O[bp + a] = UNIT;
          continue;
        case 4: // LOADBOOL
          T[bp + a] = 3;
          F[bp + a] = b;
          continue;
        case 5: // JMP
          pc = a;
          continue;
        case 6: // JMPF
          if (T[bp + b] !== 3) {
            if (!slowCondition(vm, bp + b, c, p.spans[pc - 1]!)) pc = a;
            continue;
          }
          if (F[bp + b] === 0) pc = a;
          continue;
        case 7: // JMPT
          if (T[bp + b] !== 3) {
            if (slowCondition(vm, bp + b, c, p.spans[pc - 1]!)) pc = a;
            continue;
          }
          if (F[bp + b] !== 0) pc = a;
          continue;
        case 8: // LOOP
          if (counting && ++vm.steps > maxSteps) {
            throw runtimeError("R0013", p.spans[pc - 1]);
          }
          pc = a;
          if (wanted !== undefined && wanted()) {
            frame.pc = pc;
            return PAUSED;
          }
          if (tier !== undefined) {
            frame.pc = pc;
            const j = tierLoop(vm, frame, a);
            if (j >= 0) pc = j | 0;
            if (vm.F !== F) return regrown(frame, pc);
          }
          continue;
        case 99: { // GETUPVAL_CALL
          const v = ups[b].value, d = bp + a;
          if (v instanceof VmClosure) {
            T[d] = 0;
            O[d] = v;
          } else vm.set(d, v);
          const w2 = pc << 2;
          op = code[w2], a = code[w2 | 1], b = code[w2 | 2], c = code[w2 | 3];
          pc = (pc + 1) | 0;
        }
        // falls through
        case 9: // CALL
        case 10: { // CALLM
          const base = bp + a;
          let start = base + 1, n = b, skip = 0;
          if (op === 10) {
            if (T[start] === 0 && isNoSelf(O[start])) start++, n--;
            else skip = 1;
          }
          const f = O[base];
          const span = p.spans[pc - 1]!;
          frame.pc = pc;
          if (
            T[base] === 0 && f instanceof VmClosure && c < 0 &&
            n === f.proto.nparams
          ) {
            if (tier !== undefined) {
              if (tierCall(vm, f, start, base, span)) {
                if (vm.F !== F) return regrown(frame, pc);
                continue;
              }
              // Declined after growing the registers: redo the CALL.
              if (vm.F !== F) return regrown(frame, pc - 1);
            }
            // pushFrame, inlined: the dl→dl call fast path.
            const fp = f.proto;
            if (counting && ++vm.steps > maxSteps) {
              throw runtimeError("R0013", span);
            }
            if (vm.depth >= maxDepth) throw runtimeError("R0004", span);
            vm.depth++;
            const grow = start + fp.nregs + 1 > F.length;
            if (grow) vm.ensure(start + fp.nregs + 1);
            const k = frames.length;
            let nf = pool[k];
            if (nf === undefined) {
              pool[k] = nf = new Frame(
                fp,
                start,
                f.upvals,
                base,
                f.name,
                span,
                false,
                true,
              );
            } else {
              nf.proto = fp, nf.bp = start, nf.upvals = f.upvals, nf.ret = base;
              nf.name = f.name, nf.callSite = span, nf.host = false, nf.pc = 0;
            }
            frames.push(nf);
            if (grow) return REGROWN;
            frame = nf;
            p = fp, code = fp.vcode, kn = fp.kn, kt = fp.kt;
            bp = start, pc = 0, ups = f.upvals;
            continue;
          } else {
            if (n === 1 && c < 0 && convertFast(vm, base, start)) continue;
            const info = c < 0
              ? undefined
              : p.kv[c] as readonly (string | undefined)[];
            if (!callSlow(vm, base, start, n, info, skip, span)) {
              if (vm.F !== F) return regrown(frame, pc);
              continue;
            }
            frame = vm.frames[vm.frames.length - 1];
          }
          // The pushed frame starts at its pc 0 (set by pushFrame).
          if (vm.F !== F) return REGROWN;
          p = frame.proto, code = p.vcode, kn = p.kn, kt = p.kt;
          bp = frame.bp | 0, pc = 0, ups = frame.upvals;
          continue;
        }
        case 101: { // ADD_RET
          const x = bp + b, y = bp + c, tx = T[x], ty = T[y];
          const d = bp + a;
          if (tx === 2 && ty === 2) {
            F[d] = F[x] + F[y];
            T[d] = 2;
          } else if (tx === 1 && ty === 1) {
            const r = F[x] + F[y];
            if (r > MAX || r < MIN) overflow();
            F[d] = r;
            T[d] = 1;
          } else {
            op = 50;
            break;
          }
          a = code[(pc << 2) | 1];
          pc = (pc + 1) | 0;
          op = 11;
        }
        // falls through
        case 100: { // JLT_RK_RET
          if (op === 100) {
            const x = bp + b, tx = T[x], ty = kt[c];
            if (!((tx === 1 || tx === 2) && (ty === 1 || ty === 2))) {
              op = 91;
              break;
            }
            if (!(F[x] < kn[c])) {
              pc = a;
              continue;
            }
            a = code[(pc << 2) | 1];
            pc = (pc + 1) | 0;
          }
        }
        // falls through
        case 11: { // RET
          const src = bp + a, dst = frame.ret;
          T[dst] = T[src];
          F[dst] = F[src];
          O[dst] = O[src];
          frames.pop();
          // Every frame but a module body's (a host frame) is a call.
          if (frame.host) {
            if (frame.isCall) vm.depth--;
            return vm.get(dst);
          }
          vm.depth--;
          frame = frames[frames.length - 1];
          p = frame.proto, code = p.vcode, kn = p.kn, kt = p.kt;
          bp = frame.bp | 0, pc = frame.pc | 0, ups = frame.upvals;
          continue;
        }
        case 12: { // GETUPVAL
          const v = ups[b].value, d = bp + a;
          if (v instanceof VmClosure) {
            T[d] = 0;
            O[d] = v;
          } else if (typeof v === "number") {
            T[d] = 1;
            F[d] = v;
          } else vm.set(d, v);
          continue;
        }
        case 98: { // GETIDX
          const t = O[bp + b], ri = bp + c;
          if (T[bp + b] === 0 && T[ri] === 1) {
            let e = ic0;
            if (e.t !== t) {
              e = ic1;
              if (e.t !== t) e = refill(ic0, ic1, t);
            }
            if (e.tag !== 0) {
              // An int register holds an exact i32: `| 0` truncates without
              // the exactness check a float-to-index conversion costs.
              const len = e.len, raw = F[ri] | 0, i = raw < 0 ? raw + len : raw;
              if (i >= 0 && i < len) {
                F[bp + a] = e.data[e.off + i * e.stride];
                T[bp + a] = e.tag;
                continue;
              }
            }
          }
          frame.pc = pc;
          indexOne(
            vm,
            bp + a,
            bp + b,
            ri,
            p.kv[p.ir.code[pc - 1].aux!],
            p.spans[pc - 1]!,
          );
          if (vm.F !== F) return regrown(frame, pc);
          continue;
        }
        case 25: // INDEX
          if (fastIndex(vm, bp + a, bp + b, p.kv[c] as { n: number })) {
            continue;
          }
          break;
        case 13: // SETUPVAL
          ups[a].value = vm.get(bp + b);
          continue;
        case 14: // NEWCELL
          O[bp + a] = { value: b < 0 ? UNIT : vm.get(bp + b) };
          T[bp + a] = 0;
          continue;
        case 15: // GETCELL
          vm.set(bp + a, (O[bp + b] as Cell).value);
          continue;
        case 16: // SETCELL
          (O[bp + a] as Cell).value = vm.get(bp + b);
          continue;
        case 17: // CLOSURE
          vm.set(bp + a, makeClosure(vm, frame, p.kv[b] as never));
          continue;
        case 19: { // NEG
          const t = T[bp + b];
          if (t === 1) {
            const r = 0 - F[bp + b];
            if (r > MAX) overflow();
            F[bp + a] = r;
            T[bp + a] = 1;
          } else if (t === 2) {
            F[bp + a] = -F[bp + b];
            T[bp + a] = 2;
          } else slowUnary(vm, "-", bp + a, vm.get(bp + b), p.spans[pc - 1]!);
          continue;
        }
        case 20: // NOT
          if (T[bp + b] === 3) {
            F[bp + a] = F[bp + b] === 0 ? 1 : 0;
            T[bp + a] = 3;
          } else slowUnary(vm, "!", bp + a, vm.get(bp + b), p.spans[pc - 1]!);
          continue;
        case 21: { // FORPREP
          const r = bp + a;
          if (T[r] !== 1 || T[r + 1] !== 1) {
            throw runtimeError("R0007", p.spans[pc - 1], [
              "range bounds must be ints",
            ]);
          }
          if (c === 1) F[r + 1] += 1;
          if (!(F[r] < F[r + 1])) pc = b;
          else if (counting && ++vm.steps > maxSteps) {
            throw runtimeError("R0013", p.spans[pc - 1]);
          }
          continue;
        }
        case 22: { // FORLOOP
          const r = bp + a;
          const i = F[r] + 1;
          F[r] = i;
          if (i < F[r + 1]) {
            if (counting && ++vm.steps > maxSteps) {
              throw runtimeError("R0013", p.spans[pc - 1]);
            }
            pc = b;
            if (wanted !== undefined && wanted()) {
              frame.pc = pc;
              return PAUSED;
            }
            if (tier !== undefined) {
              frame.pc = pc;
              const j = tierLoop(vm, frame, b);
              if (j >= 0) pc = j | 0;
              if (vm.F !== F) return regrown(frame, pc);
            }
          }
          continue;
        }
        case 24: { // ITERNEXT
          // A for-in loop's head: its back edge is a plain JMP, so a
          // pausable run pauses here, after the next item is bound.
          frame.pc = pc;
          const j = generic(vm, frame, op, a, b, c, p.spans[pc - 1]!);
          if (j >= 0) pc = j | 0;
          if (vm.F !== F) return regrown(frame, pc);
          if (j < 0 && wanted !== undefined && wanted()) return PAUSED;
          continue;
        }
        case 46: // JDEF
          if (T[bp + b] !== 0 || O[bp + b] !== undefined) pc = a;
          continue;
        default: {
          if (op >= 50) break;
          frame.pc = pc;
          const j = generic(vm, frame, op, a, b, c, p.spans[pc - 1]!);
          if (j >= 0) pc = j | 0;
          if (vm.F !== F) return regrown(frame, pc);
          continue;
        }
      }
      if (op < 50) {
        frame.pc = pc;
        generic(vm, frame, op, a, b, c, p.spans[pc - 1]!);
        if (vm.F !== F) return regrown(frame, pc);
        continue;
      }
      // Arithmetic, comparisons and fused compare-and-jumps off their fast paths.
      frame.pc = pc;
      pc = arith(vm, frame, op, a, b, c, pc) | 0;
      if (vm.F !== F) return regrown(frame, pc);
    }
  } catch (e) {
    throw failure(vm, e, spanAt(frame, pc));
  }
}

function spanAt(frame: Frame, pc: number): Span | undefined {
  return frame.proto.spans[pc - 1];
}
