// Generates the f32 GEMM module: a register-blocked MR×NR SIMD micro-kernel
// looped over a packed block (`macro`), and the routines that pack A and B
// panels from any strides into contiguous, zero-padded buffers. The JS driver
// (kernels/runtime/wasm_gemm_driver.ts) blocks the product over kc/mc/nc.

import { f32x4 as vconst, FuncBuilder, get, i32, op, opi } from "./wasm_dsl.ts";
import type { WasmFunc, WasmModuleDesc } from "./wasm_encoder.ts";
import { epilogueFuncs } from "./wasm_gemm_epilogue.ts";

/** Micro-kernel shape and the fused multiply-add choice. */
export interface GemmGenOptions {
  /** Rows of C per micro-tile. */
  readonly mr: number;
  /** Columns of C per micro-tile (a multiple of 4). */
  readonly nr: number;
  /** Use f32x4.relaxed_madd (FMA where the engine has it). */
  readonly relaxed: boolean;
  /** Unroll of the k loop. */
  readonly unroll: number;
}

/**
 * `macro(kc, nc, mc, pa, pb, pc, ldc, load)`: C[mc, nc] (+)= Apacked ·
 * Bpacked over micro-tiles; mc and nc are multiples of MR and NR; pa holds
 * mc/MR panels of kc×MR floats, pb nc/NR panels of kc×NR; pc is C's byte
 * address with row stride `ldc` bytes; `load` = 0 starts from zero instead
 * of C's contents. Each C element sums its k products in increasing k order.
 *
 * With `rows` < MR it is `macro_r<rows>`, for a block's last, partial row
 * panel: it reads that panel (still MR floats per k) and computes, loads
 * and stores only its first `rows` rows of C (mc = rows), so no row of C
 * past the matrix is touched and no product is computed for padding.
 */
function macroKernel(o: GemmGenOptions, rows = o.mr): WasmFunc {
  const name = rows === o.mr ? "macro" : `macro_r${rows}`;
  const f = new FuncBuilder(name, [
    "i32",
    "i32",
    "i32",
    "i32",
    "i32",
    "i32",
    "i32",
    "i32",
  ]);
  const [KC, NC, MC, PA, PB, PC, LDC, LOAD] = [0, 1, 2, 3, 4, 5, 6, 7];
  const nv = o.nr / 4;
  const jr = f.local("i32"), ir = f.local("i32");
  const ap = f.local("i32"), bp = f.local("i32"), bpanel = f.local("i32");
  const cp = f.local("i32"), end = f.local("i32"), endU = f.local("i32");
  const acc: number[][] = [];
  for (let i = 0; i < rows; i++) {
    acc.push([]);
    for (let j = 0; j < nv; j++) acc[i].push(f.local("v128"));
  }
  const bv: number[] = [];
  for (let j = 0; j < nv; j++) bv.push(f.local("v128"));
  const av = f.local("v128");
  const crow = (i: number) =>
    i === 0 ? get(cp) : op("i32.add", get(cp), op("i32.mul", get(LDC), i32(i)));
  const madd = (a: number, b: number, c: number) =>
    o.relaxed
      ? op("f32x4.relaxed_madd", get(a), get(b), get(c))
      : op("f32x4.add", op("f32x4.mul", get(a), get(b)), get(c));
  // One k step at byte offsets (aOff, bOff) from ap / bp.
  const step = (aOff: number, bOff: number) => {
    for (let j = 0; j < nv; j++) {
      f.set(bv[j], opi("v128.load", [4, bOff + 16 * j], get(bp)));
    }
    for (let i = 0; i < rows; i++) {
      f.set(av, opi("v128.load32_splat", [2, aOff + 4 * i], get(ap)));
      for (let j = 0; j < nv; j++) f.set(acc[i][j], madd(av, bv[j], acc[i][j]));
    }
  };
  const kcBytesA = op("i32.mul", get(KC), i32(4 * o.mr));
  f.forRange(jr, i32(0), get(NC), i32(o.nr), () => {
    f.set(
      bpanel,
      op(
        "i32.add",
        get(PB),
        op("i32.mul", get(jr), op("i32.mul", get(KC), i32(4))),
      ),
    );
    f.forRange(ir, i32(0), get(MC), i32(rows), () => {
      f.set(
        ap,
        op(
          "i32.add",
          get(PA),
          op("i32.mul", get(ir), op("i32.mul", get(KC), i32(4))),
        ),
      );
      f.set(bp, get(bpanel));
      f.set(
        cp,
        op(
          "i32.add",
          get(PC),
          op(
            "i32.add",
            op("i32.mul", get(ir), get(LDC)),
            op("i32.mul", get(jr), i32(4)),
          ),
        ),
      );
      f.ifElse(get(LOAD), () => {
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < nv; j++) {
            f.set(acc[i][j], opi("v128.load", [4, 16 * j], crow(i)));
          }
        }
      }, () => {
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < nv; j++) f.set(acc[i][j], vconst(0));
        }
      });
      f.set(end, op("i32.add", get(ap), kcBytesA));
      const u = o.unroll;
      // Unrolled main loop over whole groups of `u` k steps, then the rest.
      f.set(endU, op("i32.sub", get(end), i32(4 * o.mr * (u - 1))));
      f.emit(
        op("i32.lt_s", get(ap), get(endU)),
        [{ op: "if", imm: [] }, { op: "loop", imm: [] }],
      );
      for (let s = 0; s < u; s++) step(4 * o.mr * s, 4 * o.nr * s);
      f.inc(ap, i32(4 * o.mr * u));
      f.inc(bp, i32(4 * o.nr * u));
      f.emit(op("i32.lt_s", get(ap), get(endU)), [
        { op: "br_if", imm: [0] },
        { op: "end", imm: [] },
        { op: "end", imm: [] },
      ]);
      f.emit(op("i32.lt_s", get(ap), get(end)), [
        { op: "if", imm: [] },
        { op: "loop", imm: [] },
      ]);
      step(0, 0);
      f.inc(ap, i32(4 * o.mr));
      f.inc(bp, i32(4 * o.nr));
      f.emit(op("i32.lt_s", get(ap), get(end)), [
        { op: "br_if", imm: [0] },
        { op: "end", imm: [] },
        { op: "end", imm: [] },
      ]);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < nv; j++) {
          f.store("v128.store", crow(i), get(acc[i][j]), 16 * j);
        }
      }
    });
  });
  return f.finish();
}

/**
 * `pack(src, rs, cs, rows, kc, dst)` with panel width `w`: copies the
 * rows×kc matrix at byte address `src` (element (r, p) at `src + r·rs + p·cs`,
 * strides in bytes, either sign) into ceil(rows/w) panels of kc×w floats,
 * row r of a panel at `dst + (p·w + r)·4`, zero past `rows`. A is packed
 * with w = MR (rows = m, stride pair (rs, cs)); B as its transpose with
 * w = NR (rows = n, stride pair (cs, rs)). When `rs` is 4 a full panel's w
 * floats per k are contiguous and copied as vectors.
 */
function packer(name: string, w: number): WasmFunc {
  const f = new FuncBuilder(name, ["i32", "i32", "i32", "i32", "i32", "i32"]);
  const [SRC, RS, CS, ROWS, KC, DST] = [0, 1, 2, 3, 4, 5];
  const r0 = f.local("i32"), p = f.local("i32"), d = f.local("i32");
  const off = f.local("i32");
  const rowPtr: number[] = [];
  for (let i = 0; i < w; i++) rowPtr.push(f.local("i32"));
  f.set(d, get(DST));
  f.forRange(r0, i32(0), get(ROWS), i32(w), () => {
    const full = op(
      "i32.and",
      op("i32.eq", get(RS), i32(4)),
      op("i32.le_s", op("i32.add", get(r0), i32(w)), get(ROWS)),
    );
    f.ifElse(full, () => {
      f.set(rowPtr[0], op("i32.add", get(SRC), op("i32.mul", get(r0), i32(4))));
      f.forRange(p, i32(0), get(KC), i32(1), () => {
        const whole = Math.floor(w / 4);
        for (let q = 0; q < whole; q++) {
          f.store(
            "v128.store",
            get(d),
            opi("v128.load", [2, 16 * q], get(rowPtr[0])),
            16 * q,
          );
        }
        for (let i = 4 * whole; i < w; i++) {
          f.store(
            "f32.store",
            get(d),
            opi("f32.load", [2, 4 * i], get(rowPtr[0])),
            4 * i,
          );
        }
        f.inc(rowPtr[0], get(CS));
        f.inc(d, i32(4 * w));
      });
    }, () => {
      // Rows past the end read the last row (valid memory) and store zero.
      for (let i = 0; i < w; i++) {
        const r = op("i32.add", get(r0), i32(i));
        const last = op("i32.sub", get(ROWS), i32(1));
        const clamped = [
          ...r,
          ...last,
          ...op("i32.lt_s", r, last),
          { op: "select" as const, imm: [] },
        ];
        f.set(
          rowPtr[i],
          op("i32.add", get(SRC), op("i32.mul", clamped, get(RS))),
        );
      }
      f.set(off, i32(0));
      f.set(p, i32(0));
      if (w >= 4) transpose4(f, w, { rowPtr, p, off, d, r0, ROWS, CS, KC });
      f.forRange(p, get(p), get(KC), i32(1), () => {
        for (let i = 0; i < w; i++) {
          const v = opi(
            "f32.load",
            [2],
            op("i32.add", get(rowPtr[i]), get(off)),
          );
          const inRange = op(
            "i32.lt_s",
            op("i32.add", get(r0), i32(i)),
            get(ROWS),
          );
          f.store("f32.store", get(d), [
            ...v,
            { op: "f32.const", imm: [0] },
            ...inRange,
            { op: "select", imm: [] },
          ], 4 * i);
        }
        f.inc(off, get(CS));
        f.inc(d, i32(4 * w));
      });
    });
  });
  return f.finish();
}

/** Byte lanes of f32 lanes. */
function lanes(...f32Lanes: number[]): number[] {
  return f32Lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]);
}

/**
 * The packers' fast path for a full panel of w >= 4 rows whose rows are
 * contiguous along k (cs = 4): for each 4 k steps, each whole group of 4
 * rows is loaded as vectors and stored transposed, the rows past the last
 * group copied as scalars; leaves `p`, `off` and `d` after the last whole group of 4.
 */
function transpose4(
  f: FuncBuilder,
  w: number,
  v: {
    rowPtr: number[];
    p: number;
    off: number;
    d: number;
    r0: number;
    ROWS: number;
    CS: number;
    KC: number;
  },
): void {
  const r = [0, 1, 2, 3].map(() => f.local("v128"));
  const t = [0, 1, 2, 3].map(() => f.local("v128"));
  const groups = Math.floor(w / 4);
  const fast = op(
    "i32.and",
    op("i32.eq", get(v.CS), i32(4)),
    op("i32.le_s", op("i32.add", get(v.r0), i32(w)), get(v.ROWS)),
  );
  const last = op("i32.sub", get(v.KC), i32(3)); // p + 4 <= kc
  f.ifElse(fast, () => {
    f.forRange(v.p, i32(0), last, i32(4), () => {
      // Each group of 4 rows: 4 vector loads, transposed with shuffles.
      for (let g = 0; g < groups; g++) {
        for (let i = 0; i < 4; i++) {
          f.set(
            r[i],
            opi(
              "v128.load",
              [2],
              op("i32.add", get(v.rowPtr[4 * g + i]), get(v.off)),
            ),
          );
        }
        const sh = (a: number, b: number, l: number[]) =>
          opi("i8x16.shuffle", lanes(...l), get(a), get(b));
        f.set(t[0], sh(r[0], r[1], [0, 4, 1, 5]));
        f.set(t[1], sh(r[0], r[1], [2, 6, 3, 7]));
        f.set(t[2], sh(r[2], r[3], [0, 4, 1, 5]));
        f.set(t[3], sh(r[2], r[3], [2, 6, 3, 7]));
        const out = [
          sh(t[0], t[2], [0, 1, 4, 5]),
          sh(t[0], t[2], [2, 3, 6, 7]),
          sh(t[1], t[3], [0, 1, 4, 5]),
          sh(t[1], t[3], [2, 3, 6, 7]),
        ];
        for (let q = 0; q < 4; q++) {
          f.store("v128.store", get(v.d), out[q], 4 * w * q + 16 * g);
        }
      }
      // The rows past the last whole group, as scalars.
      for (let q = 0; q < 4; q++) {
        for (let i = 4 * groups; i < w; i++) {
          const src = op("i32.add", get(v.rowPtr[i]), get(v.off));
          f.store(
            "f32.store",
            get(v.d),
            opi("f32.load", [2, 4 * q], src),
            4 * w * q + 4 * i,
          );
        }
      }
      f.inc(v.off, i32(16));
      f.inc(v.d, i32(16 * w));
    });
    // forRange leaves p past the range: the first p not done is off / 4.
    f.set(v.p, op("i32.shr_u", get(v.off), i32(2)));
  });
}

/**
 * The GEMM module: `macro`, `macro_r1` … `macro_r<MR-1>` (a partial last
 * row panel), `packA` (width MR), `packB` (width NR) and the epilogues
 * (wasm_gemm_epilogue.ts).
 */
export function gemmModule(
  o: GemmGenOptions,
  pages: { min: number; max: number },
): WasmModuleDesc {
  return {
    memory: { imported: true, shared: true, min: pages.min, max: pages.max },
    funcs: [
      macroKernel(o),
      packer("packA", o.mr),
      packer("packB", o.nr),
      ...epilogueFuncs(),
      ...Array.from({ length: o.mr - 1 }, (_, i) => macroKernel(o, i + 1)),
    ],
  };
}
