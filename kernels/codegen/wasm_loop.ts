// The Wasm generator of the loop IR (kernels/schedule/loop_ir.ts): one
// exported `kernel(args, lo, hi)` per kernel, a loop per level (level 0 runs
// over [lo, hi) so threads can split it), the innermost loop four elements
// at a time in SIMD when every buffer is contiguous or broadcast there, with
// an exact scalar tail. Values keep the JS kernels' bits: each SSA value
// lives in f32 lanes only where that is provably identical to binary64
// followed by Math.fround (see wasm_loop_ops.ts), else in f64 lanes; the
// transcendental ops call the op table's evaluators (imports), and reduce
// kernels fold in the JS kernels' order. `args` points at the launch's
// params (f64) followed by the buffer and output addresses (i32).

import { uniformInstrs } from "../schedule/loop_ir.ts";
import type { LoopKernel } from "../schedule/loop_ir.ts";
import type { WasmImport, WasmModuleDesc } from "./wasm_encoder.ts";
import { FuncBuilder, get, i32, op, opi } from "./wasm_dsl.ts";
import type { Instr as WInstr } from "./wasm_isa.ts";
import {
  Body,
  type BodyContext,
  ELEM_BYTES,
  type Kind,
  loadKind,
} from "./wasm_loop_body.ts";
import { WASM_OPS, type WasmOp } from "./wasm_loop_ops.ts";

/** Elements per vector iteration of the innermost loop. */
export const WASM_LANES = 4;

/** A generated module and the op-table evaluators it imports, in order. */
export interface WasmLoopModule {
  readonly desc: WasmModuleDesc;
  /** Import `env.F_<op>` for each op, function index = position. */
  readonly calls: readonly string[];
  /** Whether level 0 may be split across threads. */
  readonly splittable: boolean;
}

/**
 * Generator switches: `f32Lanes` off computes every op in f64 lanes (same
 * bits, half the lanes; for measuring what f32 lanes gain).
 */
export const WASM_LOOP = { f32Lanes: true };

/** Bytes of the args block of `k`: params, then buffer and output addresses. */
export function argsBytes(k: LoopKernel): number {
  return 8 * k.nParams + 4 * (k.bufs.length + 1);
}

/** The lane type of every instruction (see the file comment). */
export function laneKinds(k: LoopKernel): Kind[] {
  const roundedOnly = k.body.map(() => true);
  k.body.forEach((ins) => {
    if (ins.k === "op" || ins.k === "bool") {
      for (const a of ins.args) roundedOnly[a] = false;
    }
  });
  const f32Out = k.reduce === undefined && k.out === "f32";
  if (!f32Out) roundedOnly[k.result] = false;
  const kinds: Kind[] = [];
  for (const ins of k.body) {
    if (ins.k === "load") kinds.push(loadKind(k.bufs[ins.buf].dtype));
    else if (ins.k === "param") kinds.push("f64");
    else if (ins.k === "fround") kinds.push("f32");
    else if (ins.k === "bool") kinds.push(kinds[ins.args[0]]);
    else {
      const def: WasmOp = WASM_OPS[ins.op];
      const allF32 = WASM_LOOP.f32Lanes &&
        ins.args.every((a) => kinds[a] === "f32");
      const i = kinds.length;
      const f32 = def.cls === "exact"
        ? allF32
        : def.cls === "rounded" && allF32 && roundedOnly[i];
      kinds.push(f32 ? "f32" : "f64");
    }
  }
  return kinds;
}

/** Why `k` is not lowered to Wasm, or null. */
function unsupported(k: LoopKernel): string | null {
  const rank = k.shape.length;
  if (rank === 0) return "rank-0 kernel";
  if (k.reduce !== undefined && k.reduce.redStart >= rank) {
    return "reduce kernel without reduced levels";
  }
  return null;
}

const COMBINE = {
  add: "add",
  mul: "mul",
  maximum: "max",
  minimum: "min",
} as const;

function product(xs: readonly number[]): number {
  return xs.reduce((s, d) => s * d, 1);
}

/**
 * Bytes the output (map) or accumulator (reduce) address moves per level-0
 * row: 0 when level 0 is reduced (every row folds into the same ones).
 */
export function outRowBytes(k: LoopKernel): number {
  const r = k.reduce;
  if (r === undefined) return product(k.shape.slice(1)) * ELEM_BYTES[k.out];
  return r.redStart > 0
    ? product(k.shape.slice(1, r.redStart)) *
      product(k.shape.slice(r.innerStart)) * 8
    : 0;
}

/** Lowers `k` to a Wasm module over imported shared memory, or says why not. */
export function lowerLoopToWasm(
  k: LoopKernel,
  memory: { readonly min: number; readonly max: number },
): WasmLoopModule | string {
  const why = unsupported(k);
  if (why !== null) return why;
  const rank = k.shape.length, nb = k.bufs.length, r = k.reduce;
  const fb = new FuncBuilder("kernel", ["i32", "i32", "i32"]);
  const [ARGS, LO, HI] = [0, 1, 2];
  const calls: string[] = [];
  const callIndex = new Map<string, number>();
  for (const ins of k.body) {
    if (ins.k === "op" && (WASM_OPS[ins.op] as WasmOp).cls === "call") {
      if (!callIndex.has(ins.op)) {
        callIndex.set(ins.op, calls.length);
        calls.push(ins.op);
      }
    }
  }
  const pro: WInstr[] = [];
  const cx: BodyContext = {
    k,
    fb,
    kinds: laneKinds(k),
    uniform: uniformInstrs(k),
    callIndex,
    pro,
    args: ARGS,
    uniformBody: null,
  };
  cx.uniformBody = new Body(cx, false, pro, [], []);

  const esz = k.bufs.map((b) => ELEM_BYTES[b.dtype]);
  const outSz = r === undefined ? ELEM_BYTES[k.out] : 8;
  const ptr = k.bufs.map(() => k.shape.map(() => fb.local("i32")));
  const addrAt = 8 * k.nParams;
  const main = fb.body;
  // Level 0 starts at lo.
  for (let b = 0; b < nb; b++) {
    fb.set(
      ptr[b][0],
      op(
        "i32.add",
        opi("i32.load", [2, addrAt + 4 * b], get(ARGS)),
        op("i32.mul", get(LO), i32(k.bufs[b].strides[0] * esz[b])),
      ),
    );
  }
  const o = fb.local("i32");
  const outRow = outRowBytes(k);
  fb.set(
    o,
    op(
      "i32.add",
      opi("i32.load", [2, addrAt + 4 * nb], get(ARGS)),
      op("i32.mul", get(LO), i32(outRow)),
    ),
  );
  const local = r !== undefined && r.innerStart === rank;
  const q = fb.local("i32"), acc = fb.local("f64");
  const innerSize = r === undefined ? 1 : product(k.shape.slice(r.innerStart));
  const combine = r === undefined ? "add" : COMBINE[r.combine];

  const body = (vector: boolean, level: number) => {
    const b = new Body(
      cx,
      vector,
      main,
      ptr.map((p) => p[level]),
      k.bufs.map((s) => s.strides[level]),
    );
    if (r === undefined) return b.storeResult(k.out, o);
    const v = b.resultF64();
    if (local) {
      for (const h of v) {
        for (let lane = 0; lane < (vector ? 2 : 1); lane++) {
          const x = vector ? opi("f64x2.extract_lane", [lane], h) : h;
          fb.set(acc, op(`f64.${combine}`, get(acc), x));
        }
      }
      return;
    }
    v.forEach((h, i) => {
      const name = vector ? "v128" : "f64";
      const l = vector
        ? `f64x2.${combine}` as const
        : `f64.${combine}` as const;
      fb.store(
        `${name}.store`,
        get(q),
        op(l, opi(`${name}.load`, [3, 16 * i], get(q)), h),
        16 * i,
      );
    });
  };

  const advance = (level: number, n: number, outStep: number) => {
    for (let b = 0; b < nb; b++) {
      const s = k.bufs[b].strides[level] * esz[b] * n;
      if (s !== 0) fb.inc(ptr[b][level], i32(s));
    }
    if (outStep !== 0) fb.inc(r === undefined ? o : q, i32(outStep));
  };

  const innermost = (level: number) => {
    const from = level === 0 ? get(LO) : i32(0);
    const to = level === 0 ? get(HI) : i32(k.shape[level]);
    const j = fb.local("i32");
    const step = r === undefined ? outSz : local ? 0 : 8;
    const vec = k.bufs.every((b) =>
      b.strides[level] === 0 || b.strides[level] === 1
    );
    let tailFrom = from;
    if (vec) {
      const vend = fb.let(
        "i32",
        op(
          "i32.add",
          from,
          op("i32.and", op("i32.sub", to, from), i32(-WASM_LANES)),
        ),
      );
      fb.forRange(j, from, get(vend), i32(WASM_LANES), () => {
        body(true, level);
        advance(level, WASM_LANES, step * WASM_LANES);
      });
      tailFrom = get(vend);
    }
    fb.forRange(j, tailFrom, to, i32(1), () => {
      body(false, level);
      advance(level, 1, step);
    });
  };

  const open = (level: number) => {
    if (local && level === r!.redStart) {
      fb.set(acc, opi("f64.load", [3, 0], get(o)));
    } else if (r !== undefined && !local && level === r.innerStart) {
      fb.set(q, get(o));
    }
    if (level === rank - 1) innermost(level);
    else {
      const i = fb.local("i32");
      const from = level === 0 ? get(LO) : i32(0);
      const to = level === 0 ? get(HI) : i32(k.shape[level]);
      fb.forRange(i, from, to, i32(1), () => {
        for (let b = 0; b < nb; b++) {
          fb.set(ptr[b][level + 1], get(ptr[b][level]));
        }
        open(level + 1);
        advance(level, 1, 0);
      });
    }
    if (r !== undefined && level === r.redStart) {
      if (local) fb.store("f64.store", get(o), get(acc));
      fb.inc(o, i32(innerSize * 8));
    }
  };
  open(0);
  main.unshift(...pro);
  const imports: WasmImport[] = calls.map((c) => ({
    name: `F_${c}`,
    params: ["f64", "f64", "f64"],
    results: ["f64"],
  }));
  return {
    desc: {
      memory: { imported: true, shared: true, ...memory },
      imports,
      funcs: [fb.finish()],
    },
    calls,
    splittable: r === undefined || r.redStart > 0,
  };
}
