// numpy's .npy format (versions 1.0, 2.0, 3.0): magic `\x93NUMPY`, version,
// header length (u16 for 1.0, u32 for 2.0 / 3.0, little-endian), the header
// dict padded with spaces and `\n` to a multiple of 64 bytes, then the data.
// Reads f2/f4/f8, i1/i2/i4/i8, u1/u2/u4/u8 and b1 in either byte order and
// C or Fortran order; writes exactly what `np.save` writes for dl's dtypes.

import type { DType } from "../../compiler/core/dtype.ts";
import { contiguousStrides, Tensor } from "../tensor.ts";
import {
  checkFileShape,
  decodeElements,
  type ElementKind,
  elementSize,
  encodeElements,
  KIND_OF_DTYPE,
} from "./elements.ts";
import {
  readError,
  readFileBytes,
  writeError,
  writeFileBytes,
} from "./file_io.ts";
import { formatNpyHeader, parseNpyHeader } from "./npy_header.ts";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;

/** numpy's type code (kind letter + size) → element kind and dl dtype. */
const NPY_TYPES: Readonly<
  Record<string, { kind: ElementKind; dtype: DType }>
> = {
  b1: { kind: "bool", dtype: "bool" },
  i1: { kind: "i8", dtype: "i8" },
  u1: { kind: "u8", dtype: "i32" },
  i2: { kind: "i16", dtype: "i32" },
  u2: { kind: "u16", dtype: "i32" },
  i4: { kind: "i32", dtype: "i32" },
  u4: { kind: "u32", dtype: "i32" },
  i8: { kind: "i64", dtype: "i32" },
  u8: { kind: "u64", dtype: "i32" },
  f2: { kind: "f16", dtype: "f32" },
  f4: { kind: "f32", dtype: "f32" },
  f8: { kind: "f64", dtype: "f64" },
};

/** The descr `writeNpy` uses for each dtype. */
const DESCR_OF_DTYPE: Readonly<Record<DType, string>> = {
  f32: "<f4",
  f64: "<f8",
  i32: "<i4",
  bool: "|b1",
  i8: "|i1",
};

interface Layout {
  headerEnd: number;
  descr: string;
  fortranOrder: boolean;
  shape: readonly number[];
}

function readLayout(b: Uint8Array, name: string): Layout {
  if (b.length < 10 || MAGIC.some((m, i) => b[i] !== m)) {
    throw readError(name, "bad magic number (not a .npy file)");
  }
  const major = b[6], minor = b[7];
  if (major < 1 || major > 3 || minor !== 0) {
    throw readError(name, `unsupported .npy format version ${major}.${minor}`);
  }
  const lenBytes = major === 1 ? 2 : 4;
  if (b.length < 8 + lenBytes) {
    throw readError(name, "truncated header");
  }
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const headerLen = major === 1
    ? view.getUint16(8, true)
    : view.getUint32(8, true);
  const headerStart = 8 + lenBytes, headerEnd = headerStart + headerLen;
  if (headerEnd > b.length) {
    throw readError(
      name,
      `truncated header: expected ${headerLen} bytes, found ${
        b.length - headerStart
      }`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder(major === 3 ? "utf-8" : "latin1", {
      fatal: true,
    }).decode(b.subarray(headerStart, headerEnd));
  } catch {
    throw readError(name, "the header is not valid UTF-8");
  }
  const header = parseNpyHeader(text);
  if (typeof header === "string") throw readError(name, header);
  return { headerEnd, ...header };
}

/**
 * Parses .npy bytes into a tensor (Fortran-order data is reordered to C
 * order). An unsupported dtype, a bad header, truncated data or trailing bytes
 * are R0011 naming `name`; integers that do not fit in i32 are R0011 too.
 */
export function readNpy(bytes: Uint8Array, name = "<bytes>"): Tensor {
  const { headerEnd, descr, fortranOrder, shape } = readLayout(bytes, name);
  const m = /^([<>|=])([a-z]\d+)$/.exec(descr);
  const type = m ? NPY_TYPES[m[2]] : undefined;
  if (!m || !type) {
    throw readError(
      name,
      `unsupported dtype '${descr}' (dl reads bool, int, uint and float arrays)`,
    );
  }
  const size = elementSize(type.kind);
  if (m[1] === "|" && size !== 1) {
    throw readError(name, `invalid dtype '${descr}'`);
  }
  const count = checkFileShape(shape, name);
  const expected = count * size, found = bytes.length - headerEnd;
  if (found !== expected) {
    throw readError(
      name,
      found < expected
        ? `truncated: expected ${expected} bytes of data, found ${found}`
        : `${found - expected} unexpected bytes after the data`,
    );
  }
  const data = decodeElements(bytes, {
    offset: headerEnd,
    count,
    kind: type.kind,
    little: m[1] !== ">",
  }, { dtype: type.dtype, name });
  if (!fortranOrder || shape.length < 2) {
    return Tensor.fromData(type.dtype, shape, data);
  }
  const strides = contiguousStrides([...shape].reverse()).reverse();
  return new Tensor(type.dtype, [...shape], strides, 0, data).copy();
}

/** Reads a .npy file; R0011 naming `path` on any failure. */
export function loadNpy(path: string): Tensor {
  return readNpy(readFileBytes(path), path);
}

/**
 * Encodes `t` as a .npy file in C order, byte for byte as `np.save` writes
 * it (version 1.0, or 2.0 when the header needs more than 65535 bytes).
 */
export function writeNpy(t: Tensor, name = "<bytes>"): Uint8Array {
  const text = formatNpyHeader({
    descr: DESCR_OF_DTYPE[t.dtype],
    fortranOrder: false,
    shape: t.shape,
  });
  const header = new TextEncoder().encode(text);
  let major = 1, lenBytes = 2;
  const padded = (n: number) =>
    n + ALIGN - ((8 + lenBytes + n + 1) % ALIGN) + 1;
  if (padded(header.length) > 0xffff) {
    major = 2;
    lenBytes = 4;
  }
  const headerLen = padded(header.length);
  if (headerLen > 0xffffffff) {
    throw writeError(name, "the .npy header is too large");
  }
  const data = encodeElements(t, KIND_OF_DTYPE[t.dtype], {
    little: true,
    name,
  });
  const start = 8 + lenBytes;
  const out = new Uint8Array(start + headerLen + data.length);
  out.set(MAGIC);
  out[6] = major;
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, headerLen, true);
  else view.setUint32(8, headerLen, true);
  out.set(header, start);
  out.fill(0x20, start + header.length, start + headerLen - 1);
  out[start + headerLen - 1] = 0x0a;
  out.set(data, start + headerLen);
  return out;
}

/** Writes `t` to a .npy file; R0014 naming `path` on failure. */
export function saveNpy(t: Tensor, path: string): void {
  writeFileBytes(path, writeNpy(t, path));
}
