// The IDX format (MNIST's): bytes 00 00, a type code, the number of dims,
// big-endian u32 dims, then big-endian elements in row-major order. Plain or
// gzip-compressed. Integer data reads as i32, float as f32, double as f64.

import { gzipSync } from "node:zlib";
import type { DType } from "../../compiler/core/dtype.ts";
import type { Tensor } from "../tensor.ts";
import {
  decodeTensor,
  type ElementKind,
  elementSize,
  encodeElements,
} from "./elements.ts";
import {
  gunzipIfNeeded,
  readError,
  readFileBytes,
  writeError,
  writeFileBytes,
} from "./file_io.ts";

/** The IDX element types by name. */
export type IdxType = "ubyte" | "byte" | "short" | "int" | "float" | "double";

interface IdxTypeInfo {
  readonly code: number;
  readonly kind: ElementKind;
  readonly dtype: DType;
}

const IDX_TYPES: Readonly<Record<IdxType, IdxTypeInfo>> = {
  ubyte: { code: 0x08, kind: "u8", dtype: "i32" },
  byte: { code: 0x09, kind: "i8", dtype: "i32" },
  short: { code: 0x0b, kind: "i16", dtype: "i32" },
  int: { code: 0x0c, kind: "i32", dtype: "i32" },
  float: { code: 0x0d, kind: "f32", dtype: "f32" },
  double: { code: 0x0e, kind: "f64", dtype: "f64" },
};

const DEFAULT_TYPE: Readonly<Record<DType, IdxType>> = {
  f32: "float",
  f64: "double",
  i32: "int",
  bool: "ubyte",
  i8: "byte",
};

function typeOfCode(code: number): IdxTypeInfo | undefined {
  return Object.values(IDX_TYPES).find((t) => t.code === code);
}

function hex(b: number): string {
  return "0x" + b.toString(16).padStart(2, "0");
}

/**
 * Parses IDX bytes (gzip or plain) into a tensor. Bad magic, an unknown type,
 * a truncated header or data, or trailing bytes are R0011 naming `name`.
 */
export function readIdx(bytes: Uint8Array, name = "<bytes>"): Tensor {
  const b = gunzipIfNeeded(bytes, name);
  if (b.length < 4) {
    throw readError(
      name,
      `truncated header: expected at least 4 bytes, found ${b.length}`,
    );
  }
  if (b[0] !== 0 || b[1] !== 0) {
    throw readError(
      name,
      `bad magic number ${hex(b[0])} ${
        hex(b[1])
      } (an IDX file starts with 0x00 0x00)`,
    );
  }
  const type = typeOfCode(b[2]);
  if (!type) throw readError(name, `unknown IDX data type ${hex(b[2])}`);
  const ndim = b[3], headerLen = 4 + 4 * ndim;
  if (b.length < headerLen) {
    throw readError(
      name,
      `truncated header: expected ${headerLen} bytes for ${ndim} dims, found ${b.length}`,
    );
  }
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < ndim; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    shape.push(d);
    count *= d;
  }
  const expected = count * elementSize(type.kind);
  const found = b.length - headerLen;
  if (found < expected) {
    throw readError(
      name,
      `truncated: expected ${expected} bytes of data for shape [${
        shape.join(", ")
      }], found ${found}`,
    );
  }
  if (found > expected) {
    throw readError(
      name,
      `${
        found - expected
      } unexpected bytes after the data (expected ${expected} bytes of data for shape [${
        shape.join(", ")
      }])`,
    );
  }
  return decodeTensor(
    b,
    { offset: headerLen, kind: type.kind, little: false },
    {
      dtype: type.dtype,
      shape,
      name,
    },
  );
}

/** Reads an IDX file (gzip or plain); R0011 naming `path` on any failure. */
export function loadIdx(path: string): Tensor {
  return readIdx(readFileBytes(path), path);
}

/** Options of `writeIdx`. */
export interface WriteIdxOptions {
  /** Element type; default by dtype (i32 → int, f32 → float, bool → ubyte…). */
  type?: IdxType;
  /** Gzip the result (level 9). */
  gzip?: boolean;
  /** The file name for error messages. */
  name?: string;
}

/** Encodes `t` as IDX bytes; R0014 when a value or dim does not fit the type. */
export function writeIdx(t: Tensor, opts: WriteIdxOptions = {}): Uint8Array {
  const name = opts.name ?? "<bytes>";
  const type = IDX_TYPES[opts.type ?? DEFAULT_TYPE[t.dtype]];
  if (t.ndim > 255) {
    throw writeError(name, `IDX holds at most 255 dims, found ${t.ndim}`);
  }
  const header = new Uint8Array(4 + 4 * t.ndim);
  const view = new DataView(header.buffer);
  header[2] = type.code;
  header[3] = t.ndim;
  t.shape.forEach((d, i) => {
    if (d > 0xffffffff) {
      throw writeError(name, `dimension ${d} does not fit in an IDX header`);
    }
    view.setUint32(4 + 4 * i, d, false);
  });
  const data = encodeElements(t, type.kind, { little: false, name });
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  if (!opts.gzip) return out;
  const z = gzipSync(out, { level: 9 });
  return new Uint8Array(z.buffer, z.byteOffset, z.byteLength);
}

/** Writes `t` to an IDX file (gzip when `path` ends in `.gz`); R0014 on failure. */
export function saveIdx(
  t: Tensor,
  path: string,
  opts: { type?: IdxType } = {},
): void {
  const bytes = writeIdx(t, {
    type: opts.type,
    gzip: path.endsWith(".gz"),
    name: path,
  });
  writeFileBytes(path, bytes);
}
