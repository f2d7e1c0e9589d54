// Validation of the tensor entries of a safetensors header: each must have a
// known dtype, a shape of non-negative ints and data_offsets [begin, end]
// whose length is shape × dtype size; sorted by offset, the tensors must tile
// the data section exactly (start at 0, no overlap, no gap, end at its end).

import { readError } from "./file_io.ts";

/** One raw `"name": {...}` entry of the header JSON. */
export interface TensorEntry {
  readonly key: string;
  readonly info: unknown;
}

/** A validated entry: where its bytes are and what they hold. */
export interface CheckedEntry {
  readonly key: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

/** What the validation needs to know about the file. */
export interface CheckContext {
  /** The file name for error messages. */
  readonly name: string;
  /** Bytes after the header. */
  readonly dataLength: number;
  /** Bytes per element of a dtype name, or null when dl cannot read it. */
  readonly elementSize: (dtype: string) => number | null;
}

function isIndex(x: unknown): x is number {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
}

function checkEntry(e: TensorEntry, ctx: CheckContext): CheckedEntry {
  const fail = (detail: string) =>
    readError(ctx.name, `tensor "${e.key}": ${detail}`);
  const info = e.info;
  if (typeof info !== "object" || info === null || Array.isArray(info)) {
    throw fail("its entry is not an object");
  }
  const { dtype, shape, data_offsets: offsets } = info as Record<
    string,
    unknown
  >;
  if (typeof dtype !== "string") throw fail("no string `dtype`");
  const size = ctx.elementSize(dtype);
  if (size === null) throw fail(`unsupported dtype ${dtype}`);
  if (!Array.isArray(shape) || !shape.every(isIndex)) {
    throw fail("`shape` is not a list of non-negative ints");
  }
  if (
    !Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)
  ) {
    throw fail("`data_offsets` is not a pair of non-negative ints");
  }
  const [begin, end] = offsets as number[];
  if (end < begin) {
    throw fail(`data_offsets [${begin}, ${end}] end before they begin`);
  }
  let bytes = size;
  for (const d of shape as number[]) bytes *= d;
  if (bytes !== end - begin) {
    throw fail(
      `data_offsets [${begin}, ${end}] hold ${
        end - begin
      } bytes, but ${dtype} [${shape.join(", ")}] needs ${bytes}`,
    );
  }
  return { key: e.key, dtype, shape: shape as number[], begin, end };
}

/**
 * Validates every entry and their layout; returns them sorted by offset.
 * Any problem is R0011 naming the file and the tensor.
 */
export function checkTensorEntries(
  entries: readonly TensorEntry[],
  ctx: CheckContext,
): CheckedEntry[] {
  const checked = entries.map((e) => checkEntry(e, ctx));
  checked.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0, prev: CheckedEntry | null = null;
  for (const e of checked) {
    if (e.begin < pos && prev) {
      throw readError(
        ctx.name,
        `tensor "${e.key}" at bytes [${e.begin}, ${e.end}] overlaps tensor "${prev.key}" at [${prev.begin}, ${prev.end}]`,
      );
    }
    if (e.begin > pos) {
      throw readError(
        ctx.name,
        `tensor "${e.key}" begins at byte ${e.begin} of the data, but the bytes before it end at ${pos} (a gap)`,
      );
    }
    if (e.end > ctx.dataLength) {
      throw readError(
        ctx.name,
        `tensor "${e.key}" ends at byte ${e.end}, past the end of the data (${ctx.dataLength} bytes): the file is truncated`,
      );
    }
    pos = e.end;
    prev = e;
  }
  if (pos !== ctx.dataLength) {
    throw readError(
      ctx.name,
      `${
        ctx.dataLength - pos
      } bytes after the last tensor's data (the header's offsets end at ${pos})`,
    );
  }
  return checked;
}
