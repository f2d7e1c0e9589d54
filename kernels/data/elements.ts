// THE table of element encodings that the file formats use (IDX, npy,
// safetensors): byte size, how to read one element and how to write one, and
// the conversion of raw bytes to tensor storage and back. Each format maps its
// own type codes onto these kinds; none has a switch of its own.

import type { DType } from "../../compiler/core/dtype.ts";
import { allocData, Tensor, type TensorData } from "../tensor.ts";
import { readError, writeError } from "./file_io.ts";

/** An element encoding found in data files. */
export type ElementKind =
  | "bool"
  | "u8"
  | "i8"
  | "i16"
  | "u16"
  | "i32"
  | "u32"
  | "i64"
  | "u64"
  | "f16"
  | "bf16"
  | "f32"
  | "f64";

type Reader = (v: DataView, off: number, le: boolean) => number;
type Writer = (v: DataView, off: number, x: number, le: boolean) => void;

interface KindInfo {
  /** Bytes per element. */
  readonly size: number;
  /** Reads one element as a JS number (64-bit ints may lose precision). */
  readonly read: Reader;
  /** Writes one element, or null when dl never writes this kind. */
  readonly write: Writer | null;
  /** Inclusive range of writable values for integer kinds; null for floats. */
  readonly range: readonly [number, number] | null;
}

const scratch = new DataView(new ArrayBuffer(4));

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0) return sign * f * 2 ** -24;
  if (e === 31) return f ? NaN : sign * Infinity;
  return sign * (1 + f / 1024) * 2 ** (e - 15);
}

function bfloatToFloat(h: number): number {
  scratch.setUint32(0, h << 16);
  return scratch.getFloat32(0);
}

const KINDS: Record<ElementKind, KindInfo> = {
  bool: {
    size: 1,
    read: (v, o) => v.getUint8(o),
    write: (v, o, x) => v.setUint8(o, x ? 1 : 0),
    range: [0, 1],
  },
  u8: {
    size: 1,
    read: (v, o) => v.getUint8(o),
    write: (v, o, x) => v.setUint8(o, x),
    range: [0, 255],
  },
  i8: {
    size: 1,
    read: (v, o) => v.getInt8(o),
    write: (v, o, x) => v.setInt8(o, x),
    range: [-128, 127],
  },
  i16: {
    size: 2,
    read: (v, o, le) => v.getInt16(o, le),
    write: (v, o, x, le) => v.setInt16(o, x, le),
    range: [-32768, 32767],
  },
  u16: {
    size: 2,
    read: (v, o, le) => v.getUint16(o, le),
    write: null,
    range: null,
  },
  i32: {
    size: 4,
    read: (v, o, le) => v.getInt32(o, le),
    write: (v, o, x, le) => v.setInt32(o, x, le),
    range: [-(2 ** 31), 2 ** 31 - 1],
  },
  u32: {
    size: 4,
    read: (v, o, le) => v.getUint32(o, le),
    write: null,
    range: null,
  },
  i64: {
    size: 8,
    read: (v, o, le) => Number(v.getBigInt64(o, le)),
    write: null,
    range: null,
  },
  u64: {
    size: 8,
    read: (v, o, le) => Number(v.getBigUint64(o, le)),
    write: null,
    range: null,
  },
  f16: {
    size: 2,
    read: (v, o, le) => halfToFloat(v.getUint16(o, le)),
    write: null,
    range: null,
  },
  bf16: {
    size: 2,
    read: (v, o, le) => bfloatToFloat(v.getUint16(o, le)),
    write: null,
    range: null,
  },
  f32: {
    size: 4,
    read: (v, o, le) => v.getFloat32(o, le),
    write: (v, o, x, le) => v.setFloat32(o, x, le),
    range: null,
  },
  f64: {
    size: 8,
    read: (v, o, le) => v.getFloat64(o, le),
    write: (v, o, x, le) => v.setFloat64(o, x, le),
    range: null,
  },
};

/** The kind each dtype is stored as by default (its own width). */
export const KIND_OF_DTYPE: Readonly<Record<DType, ElementKind>> = {
  f32: "f32",
  f64: "f64",
  i32: "i32",
  bool: "bool",
  i8: "i8",
};

/** Bytes per element of `kind`. */
export function elementSize(kind: ElementKind): number {
  return KINDS[kind].size;
}

/** True when dl can write elements of `kind`. */
export function isWritableKind(kind: ElementKind): boolean {
  return KINDS[kind].write !== null;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** True when `kind` in this byte order is exactly `dtype`'s storage layout. */
function sameLayout(kind: ElementKind, dtype: DType, little: boolean): boolean {
  return dtype !== "bool" && KIND_OF_DTYPE[dtype] === kind &&
    (little === LITTLE_ENDIAN_HOST || KINDS[kind].size === 1);
}

const DTYPE_RANGE: Partial<Record<DType, readonly [number, number]>> = {
  i32: [-(2 ** 31), 2 ** 31 - 1],
  i8: [-128, 127],
};

/**
 * Decodes `count` elements of `kind` from `bytes` at `offset` into new
 * storage of `dtype`. Integers outside `dtype`'s range are R0011 naming `name`
 * (with `label`, e.g. `tensor "w": `, before the element);
 * bools are stored as 0/1 (any non-zero byte is true).
 */
export function decodeElements(
  bytes: Uint8Array,
  at: { offset: number; count: number; kind: ElementKind; little: boolean },
  target: { dtype: DType; name: string; label?: string },
): TensorData {
  const { offset, count, kind, little } = at;
  const out = allocData(target.dtype, count);
  if (kind === "u8" && target.dtype === "i32") {
    out.set(bytes.subarray(offset, offset + count));
    return out;
  }
  if (sameLayout(kind, target.dtype, little)) {
    const size = KINDS[kind].size;
    new Uint8Array(out.buffer).set(
      bytes.subarray(offset, offset + count * size),
    );
    return out;
  }
  const { size, read } = KINDS[kind];
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset);
  const range = DTYPE_RANGE[target.dtype];
  const isBool = target.dtype === "bool";
  for (let i = 0, o = 0; i < count; i++, o += size) {
    const x = read(view, o, little);
    if (isBool) {
      out[i] = x !== 0 ? 1 : 0;
    } else if (range && !(x >= range[0] && x <= range[1])) {
      throw readError(
        target.name,
        `${
          target.label ?? ""
        }element ${i} (${x}) does not fit in ${target.dtype}`,
      );
    } else {
      out[i] = x;
    }
  }
  return out;
}

/**
 * Encodes the elements of `t` (row-major) as `kind`; a value that `kind`
 * cannot hold is R0014 naming `name`.
 */
export function encodeElements(
  t: Tensor,
  kind: ElementKind,
  opts: { little: boolean; name: string },
): Uint8Array {
  const { size, write, range } = KINDS[kind];
  const src = t.contiguous();
  const n = src.size;
  const out = new Uint8Array(n * size);
  if (write === null) {
    throw writeError(opts.name, `cannot store elements as ${kind}`);
  }
  const d = src.data;
  if (
    sameLayout(kind, src.dtype, opts.little) ||
    (kind === "bool" && src.dtype === "bool")
  ) {
    out.set(new Uint8Array(d.buffer, d.byteOffset, n * size));
    return out;
  }
  const view = new DataView(out.buffer);
  for (let i = 0, o = 0; i < n; i++, o += size) {
    const x = d[i];
    if (range && !(Number.isInteger(x) && x >= range[0] && x <= range[1])) {
      throw writeError(
        opts.name,
        `element ${i} (${x}) does not fit in ${kind}`,
      );
    }
    write(view, o, x, opts.little);
  }
  return out;
}

/** Validates dims read from a file: non-negative integers; returns the element count. */
export function checkFileShape(
  shape: readonly number[],
  name: string,
): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw readError(name, `invalid dimension ${d} in shape`);
    }
    n *= d;
  }
  if (!Number.isSafeInteger(n)) {
    throw readError(name, `shape [${shape.join(", ")}] is too large`);
  }
  return n;
}

/** A contiguous tensor of `dtype` and `shape` decoded from file bytes. */
export function decodeTensor(
  bytes: Uint8Array,
  at: { offset: number; kind: ElementKind; little: boolean },
  target: {
    dtype: DType;
    shape: readonly number[];
    name: string;
    label?: string;
  },
): Tensor {
  const count = checkFileShape(target.shape, target.name);
  const data = decodeElements(bytes, { ...at, count }, target);
  return Tensor.fromData(target.dtype, target.shape, data);
}
