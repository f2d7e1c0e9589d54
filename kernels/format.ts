// Tensor printing (spec §9), numpy-like, in exactly this format:
//
//   tensor([[ 1.0,  2.5],
//           [-3.0,  4.0]], dtype=f32, shape=[2, 2])
//   tensor([1, 2, 3], dtype=i32, shape=[3])
//   tensor([true, false], dtype=bool, shape=[2])
//   tensor([], dtype=f32, shape=[0])
//
// Numbers are right-aligned to the widest shown element (bools are not
// padded); rows of 2-D+ tensors go on separate lines, indented under the
// first `[`, with a blank line between 2-D blocks (two between 3-D blocks…).
// Past 1000 elements every dim longer than 6 shows its first 3 and last 3
// entries around `…` (numpy's edgeitems=3). Lines are not wrapped. f32
// elements use formatF32, f64 formatFloat. A 0-d tensor prints as a scalar of
// its dtype (`70.0`, `26`, `true`); any empty tensor prints `[]`.

import type { DType } from "../compiler/core/dtype.ts";
import { formatF32, formatFloat, formatInt } from "../compiler/core/numfmt.ts";
import { formatShape } from "../compiler/core/shape.ts";
import type { Tensor } from "./tensor.ts";

const ELLIPSIS = "\u2026";
const EDGE = 3;
const THRESHOLD = 1000;
const PREFIX = "tensor(";

/** Text of one stored element of a tensor of `dtype`. */
export function formatElement(dtype: DType, v: number): string {
  switch (dtype) {
    case "f32":
      return formatF32(v);
    case "f64":
      return formatFloat(v);
    case "bool":
      return v !== 0 ? "true" : "false";
    default:
      return formatInt(v);
  }
}

/** numpy-like text of a tensor with its dtype and shape. */
export function formatTensor(t: Tensor): string {
  if (t.ndim === 0) return formatElement(t.dtype, t.data[t.offset]);
  const tail = `, dtype=${t.dtype}, shape=${formatShape(t.shape)})`;
  if (t.size === 0) return `${PREFIX}[]${tail}`;
  const summarise = t.size > THRESHOLD;
  const shown = (d: number): number[] => {
    const n = t.shape[d];
    if (!summarise || n <= 2 * EDGE) {
      return Array.from({ length: n }, (_, i) => i);
    }
    return [0, 1, 2, -1, n - 3, n - 2, n - 1];
  };
  const shownByDim = t.shape.map((_, d) => shown(d));
  // First pass: element texts and the common width.
  let width = 0;
  const texts = new Map<number, string>();
  const visit = (d: number, off: number): void => {
    for (const i of shownByDim[d]) {
      if (i < 0) continue;
      const o = off + i * t.strides[d];
      if (d === t.ndim - 1) {
        const s = formatElement(t.dtype, t.data[o]);
        texts.set(o, s);
        width = Math.max(width, s.length);
      } else visit(d + 1, o);
    }
  };
  visit(0, t.offset);
  if (t.dtype === "bool") width = 0;
  const render = (d: number, off: number, col: number): string => {
    const parts = shownByDim[d].map((i) => {
      if (i < 0) return ELLIPSIS;
      const o = off + i * t.strides[d];
      if (d === t.ndim - 1) return texts.get(o)!.padStart(width);
      return render(d + 1, o, col + 1);
    });
    const sep = d === t.ndim - 1
      ? ", "
      : ",\n" + "\n".repeat(t.ndim - d - 2) + " ".repeat(col + 1);
    return "[" + parts.join(sep) + "]";
  };
  return PREFIX + render(0, t.offset, PREFIX.length) + tail;
}
