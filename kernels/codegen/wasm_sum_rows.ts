// The bias gradients' batch sums as one Wasm function over the heap,
// `sum_rows(x, outer, n, inner, out)`: for each of `outer` blocks of n rows
// of `inner` f32 at byte offset x, the f64 sum of each column down its rows
// into out (outer × inner f64). Four columns at a time in two f64x2
// accumulators (f32 lanes promoted exactly), each column summed from 0 in
// row order as kernels/reduce.ts's JS loop sums it, so the results are the
// same bits.

import { FuncBuilder, get, i32, op, opi } from "./wasm_dsl.ts";
import type { WasmFunc } from "./wasm_encoder.ts";
import { ins } from "./wasm_isa.ts";

/** The cache key of the module holding `sum_rows` (runtime/wasm_modules.ts). */
export const SUM_ROWS_MODULE_KEY = "sum_rows_f32_heap";

/** Lanes 2 and 3 of an f32x4 moved to lanes 0 and 1 (for promote_low). */
const HIGH = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];

/** The `sum_rows` function (see the file comment). */
export function sumRowsFunc(): WasmFunc {
  const f = new FuncBuilder("sum_rows", ["i32", "i32", "i32", "i32", "i32"]);
  const [x, outer, n, inner, out] = [0, 1, 2, 3, 4];
  const o = f.local("i32"), i = f.local("i32"), k = f.local("i32");
  const row = f.local("i32"), p = f.local("i32"), at = f.local("i32");
  const stride = f.local("i32"), quads = f.local("i32");
  const lo = f.local("v128"), hi = f.local("v128"), v = f.local("v128");
  const s = f.local("f64");
  f.set(stride, op("i32.shl", get(inner), i32(2)));
  f.set(quads, op("i32.and", get(inner), i32(-4)));
  f.forRange(o, i32(0), get(outer), i32(1), () => {
    f.set(
      row,
      op(
        "i32.add",
        get(x),
        op("i32.mul", op("i32.mul", get(o), get(n)), get(stride)),
      ),
    );
    f.set(
      at,
      op(
        "i32.add",
        get(out),
        op("i32.shl", op("i32.mul", get(o), get(inner)), i32(3)),
      ),
    );
    f.forRange(i, i32(0), get(quads), i32(4), () => {
      f.set(lo, [ins("v128.const", 0, 0, 0, 0)]);
      f.set(hi, [ins("v128.const", 0, 0, 0, 0)]);
      f.set(p, op("i32.add", get(row), op("i32.shl", get(i), i32(2))));
      f.forRange(k, i32(0), get(n), i32(1), () => {
        f.set(v, opi("v128.load", [0, 0], get(p)));
        f.set(
          lo,
          op("f64x2.add", get(lo), op("f64x2.promote_low_f32x4", get(v))),
        );
        f.set(
          hi,
          op(
            "f64x2.add",
            get(hi),
            op(
              "f64x2.promote_low_f32x4",
              opi("i8x16.shuffle", HIGH, get(v), get(v)),
            ),
          ),
        );
        f.inc(p, get(stride));
      });
      const dst = op("i32.add", get(at), op("i32.shl", get(i), i32(3)));
      f.store("v128.store", dst, get(lo));
      f.store("v128.store", dst, get(hi), 16);
    });
    f.forRange(i, get(quads), get(inner), i32(1), () => {
      f.set(s, [ins("f64.const", 0)]);
      f.set(p, op("i32.add", get(row), op("i32.shl", get(i), i32(2))));
      f.forRange(k, i32(0), get(n), i32(1), () => {
        f.set(
          s,
          op(
            "f64.add",
            get(s),
            op("f64.promote_f32", opi("f32.load", [2, 0], get(p))),
          ),
        );
        f.inc(p, get(stride));
      });
      f.store(
        "f64.store",
        op("i32.add", get(at), op("i32.shl", get(i), i32(3))),
        get(s),
      );
    });
  });
  return f.finish();
}
