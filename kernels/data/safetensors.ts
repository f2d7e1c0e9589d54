// The safetensors format (Hugging Face): an 8-byte little-endian header
// length N, N bytes of JSON `{"__metadata__": {...}, "name": {"dtype": "F32",
// "shape": [2, 3], "data_offsets": [begin, end]}, ...}` padded with spaces to a
// multiple of 8, then the tensors' little-endian bytes, back to back.
// The writer matches the reference implementation byte for byte (tensors
// sorted by dtype alignment, largest first, then by name); the reader
// validates what the reference validates, with messages that say what is wrong.

import type { DType } from "../../compiler/core/dtype.ts";
import type { Tensor } from "../tensor.ts";
import {
  decodeTensor,
  type ElementKind,
  elementSize,
  encodeElements,
} from "./elements.ts";
import {
  readError,
  readFileBytes,
  writeError,
  writeFileBytes,
} from "./file_io.ts";
import { checkTensorEntries, type TensorEntry } from "./safetensors_header.ts";

/**
 * Safetensors dtypes dl knows: element kind, dl dtype read into, and rank in
 * the reference's dtype order (writers sort by it, descending).
 */
const ST_DTYPES: Readonly<
  Record<string, { kind: ElementKind; dtype: DType; rank: number }>
> = {
  BOOL: { kind: "bool", dtype: "bool", rank: 0 },
  U8: { kind: "u8", dtype: "i32", rank: 1 },
  I8: { kind: "i8", dtype: "i8", rank: 2 },
  I16: { kind: "i16", dtype: "i32", rank: 5 },
  U16: { kind: "u16", dtype: "i32", rank: 6 },
  F16: { kind: "f16", dtype: "f32", rank: 7 },
  BF16: { kind: "bf16", dtype: "f32", rank: 8 },
  I32: { kind: "i32", dtype: "i32", rank: 9 },
  U32: { kind: "u32", dtype: "i32", rank: 10 },
  F32: { kind: "f32", dtype: "f32", rank: 11 },
  F64: { kind: "f64", dtype: "f64", rank: 12 },
  I64: { kind: "i64", dtype: "i32", rank: 13 },
  U64: { kind: "u64", dtype: "i32", rank: 14 },
};

const NAME_OF_DTYPE: Readonly<Record<DType, string>> = {
  f32: "F32",
  f64: "F64",
  i32: "I32",
  bool: "BOOL",
  i8: "I8",
};

/** The reference implementation's limit on the header size. */
const MAX_HEADER = 100_000_000;

/** The contents of a safetensors file. */
export interface SafetensorsFile {
  /** Tensors by name, in the order of their data in the file. */
  readonly tensors: Map<string, Tensor>;
  /** The `__metadata__` string map, or null when absent. */
  readonly metadata: Record<string, string> | null;
}

function parseHeaderJson(
  bytes: Uint8Array,
  name: string,
): { json: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) {
    throw readError(
      name,
      `truncated: expected at least 8 bytes (the header length), found ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) {
    throw readError(
      name,
      `header length ${n} is too large (not a safetensors file?)`,
    );
  }
  const len = Number(n);
  if (8 + len > bytes.length) {
    throw readError(
      name,
      `truncated header: expected ${len} bytes, found ${bytes.length - 8}`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(
      bytes.subarray(8, 8 + len),
    );
  } catch {
    throw readError(name, "the header is not valid UTF-8");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw readError(name, `the header is not valid JSON (${why})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw readError(name, "the header is not a JSON object");
  }
  return { json: json as Record<string, unknown>, dataStart: 8 + len };
}

function readMetadata(
  value: unknown,
  name: string,
): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw readError(name, "`__metadata__` is not an object");
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "string") {
      throw readError(name, `\`__metadata__\` entry "${k}" is not a string`);
    }
  }
  return { ...value } as Record<string, string>;
}

/**
 * Parses safetensors bytes: the tensors (in data order) and the metadata.
 * A bad header, an unknown dtype, offsets that overlap, leave gaps, run past
 * the data or disagree with shape × dtype are R0011 naming `name`.
 */
export function parseSafetensors(
  bytes: Uint8Array,
  name = "<bytes>",
): SafetensorsFile {
  const { json, dataStart } = parseHeaderJson(bytes, name);
  let metadata: Record<string, string> | null = null;
  const entries: TensorEntry[] = [];
  for (const [key, info] of Object.entries(json)) {
    if (key === "__metadata__") {
      metadata = readMetadata(info, name);
      continue;
    }
    entries.push({ key, info });
  }
  const checked = checkTensorEntries(entries, {
    name,
    dataLength: bytes.length - dataStart,
    elementSize: (dtype) => {
      const t = ST_DTYPES[dtype];
      return t ? elementSize(t.kind) : null;
    },
  });
  const tensors = new Map<string, Tensor>();
  for (const e of checked) {
    const t = ST_DTYPES[e.dtype];
    tensors.set(
      e.key,
      decodeTensor(bytes, {
        offset: dataStart + e.begin,
        kind: t.kind,
        little: true,
      }, {
        dtype: t.dtype,
        shape: e.shape,
        name,
        label: `tensor ${JSON.stringify(e.key)}: `,
      }),
    );
  }
  return { tensors, metadata };
}

/** The tensors of safetensors bytes by name, in data order (see parseSafetensors). */
export function readSafetensors(
  bytes: Uint8Array,
  name = "<bytes>",
): Map<string, Tensor> {
  return parseSafetensors(bytes, name).tensors;
}

/** Reads a safetensors file; R0011 naming `path` on any failure. */
export function loadSafetensors(path: string): SafetensorsFile {
  return parseSafetensors(readFileBytes(path), path);
}

const utf8 = new TextEncoder();

function compareBytes(a: string, b: string): number {
  const x = utf8.encode(a), y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function jsonObject(map: Record<string, string>): string {
  const items = Object.entries(map).map(([k, v]) =>
    `${JSON.stringify(k)}:${JSON.stringify(v)}`
  );
  return `{${items.join(",")}}`;
}

/**
 * Encodes tensors as safetensors bytes, as the reference implementation
 * does: sorted by dtype (F64, F32, I32, I8, BOOL) then by name, compact JSON
 * with `__metadata__` first, header padded with spaces to 8 bytes. A duplicate
 * or reserved name is R0014 naming `opts.name`.
 */
export function writeSafetensors(
  tensors: readonly (readonly [string, Tensor])[],
  metadata?: Record<string, string>,
  opts: { name?: string } = {},
): Uint8Array {
  const name = opts.name ?? "<bytes>";
  const seen = new Set<string>();
  for (const [key] of tensors) {
    if (key === "__metadata__") {
      throw writeError(name, "`__metadata__` cannot be a tensor name");
    }
    if (seen.has(key)) throw writeError(name, `duplicate tensor name "${key}"`);
    seen.add(key);
  }
  const sorted = [...tensors].sort(([ka, a], [kb, b]) =>
    ST_DTYPES[NAME_OF_DTYPE[b.dtype]].rank -
      ST_DTYPES[NAME_OF_DTYPE[a.dtype]].rank || compareBytes(ka, kb)
  );
  // Built by hand: a JS object would put integer-like names ("0") first.
  const fields: string[] = [];
  if (metadata) fields.push(`"__metadata__":${jsonObject(metadata)}`);
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const [key, t] of sorted) {
    const dtype = NAME_OF_DTYPE[t.dtype];
    const data = encodeElements(t, ST_DTYPES[dtype].kind, {
      little: true,
      name,
    });
    const info = `{"dtype":"${dtype}","shape":[${t.shape.join(",")}],` +
      `"data_offsets":[${offset},${offset + data.length}]}`;
    fields.push(`${JSON.stringify(key)}:${info}`);
    offset += data.length;
    blobs.push(data);
  }
  const json = utf8.encode(`{${fields.join(",")}}`);
  const headerLen = json.length + ((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + headerLen + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  let at = 8 + headerLen;
  for (const b of blobs) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** Writes tensors to a safetensors file; R0014 naming `path` on failure. */
export function saveSafetensors(
  path: string,
  tensors: readonly (readonly [string, Tensor])[],
  metadata?: Record<string, string>,
): void {
  writeFileBytes(path, writeSafetensors(tensors, metadata, { name: path }));
}
