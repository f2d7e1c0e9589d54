// The Tensor: a dtype, a shape and a strided row-major view (strides and
// offset in elements) over a typed-array storage. Views made by slicing,
// transposing and broadcasting share storage, as in numpy (spec §2).

import type { DType } from "../compiler/core/dtype.ts";
import { KernelError } from "../compiler/core/runtime_error.ts";
import { allocPooled } from "./runtime/storage_pool.ts";
import { noteFreshStorage } from "./runtime/young_gc.ts";

/** Storage of a tensor: f32, f64, i32, bool (0/1 bytes) or i8 elements. */
export type TensorData =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint8Array
  | Int8Array;

/**
 * Allocation limits. `maxElements` (no limit by default) makes a bigger
 * tensor fail as running out of memory would: the fuzzer lowers it, so a
 * program that computes a size of billions ends at once instead of paging
 * for a minute.
 */
export const ALLOC_LIMITS: { maxElements: number } = { maxElements: Infinity };

/**
 * Allocates zero-filled storage of `n` elements (from the storage pool when
 * it serves the size, kernels/runtime/storage_pool.ts); R0007 when memory
 * runs out or `n` is past ALLOC_LIMITS.maxElements.
 */
export function allocData(dtype: DType, n: number): TensorData {
  try {
    if (n > ALLOC_LIMITS.maxElements) throw new RangeError("over the limit");
    return allocPooled(dtype, n) ?? allocRaw(dtype, n);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new KernelError("R0007", [
      `out of memory: cannot allocate a tensor of ${n} elements`,
    ]);
  }
}

/**
 * Storage of `n` elements whose contents are unspecified (pooled storage is
 * not zeroed): for outputs the caller writes in full before anything reads
 * them (a GEMM's C, a kernel's result, gathered rows). R0007 like allocData.
 */
export function allocOutput(dtype: DType, n: number): TensorData {
  try {
    if (n > ALLOC_LIMITS.maxElements) throw new RangeError("over the limit");
    return allocPooled(dtype, n, false) ?? allocRaw(dtype, n);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new KernelError("R0007", [
      `out of memory: cannot allocate a tensor of ${n} elements`,
    ]);
  }
}

/** A zeroed binary64 scratch buffer; R0007 when memory runs out. */
export function scratchF64(n: number): Float64Array {
  return allocData("f64", n) as Float64Array;
}

/** The typed-array constructor of each dtype's storage. */
export const STORAGE_CTORS: Readonly<
  Record<
    DType,
    new (b: ArrayBufferLike, byteOffset?: number, length?: number) => TensorData
  >
> = {
  f32: Float32Array,
  f64: Float64Array,
  i32: Int32Array,
  bool: Uint8Array,
  i8: Int8Array,
};

function allocRaw(dtype: DType, n: number): TensorData {
  const data = newStorage(dtype, n);
  noteFreshStorage(data.byteLength);
  return data;
}

function newStorage(dtype: DType, n: number): TensorData {
  switch (dtype) {
    case "f32":
      return new Float32Array(n);
    case "f64":
      return new Float64Array(n);
    case "i32":
      return new Int32Array(n);
    case "bool":
      return new Uint8Array(n);
    case "i8":
      return new Int8Array(n);
  }
}

/** Row-major (C order) strides of `shape`, in elements. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Number of elements of `shape` (1 for a 0-d shape). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Where a pending tensor's elements come from (kernels/jit/lazy.ts): computes
 * them on the first `realize()` and returns the same storage afterwards.
 * `peek()` gives the storage when already computed, else null.
 */
export interface LazySource {
  realize(): TensorData;
  peek(): TensorData | null;
}

const NO_DATA = new Float32Array(0);

/**
 * An n-dimensional array: a strided view over typed-array storage, or a
 * *pending* tensor (contiguous, offset 0) whose storage a lazy expression
 * computes on the first read of `data`.
 */
export class Tensor {
  private _data: TensorData | null;
  private _lazy: LazySource | null = null;
  /**
   * The traced-graph node that made this tensor in a grad session
   * (kernels/graph/node.ts owns it; opaque here). A field, not a WeakMap
   * entry: a WeakMap value that leads back to its key keeps the key alive
   * through V8's young-generation collections, and with it the storage.
   */
  traceNode: unknown = undefined;

  /** Builds a view; prefer `Tensor.zeros` / `Tensor.fromData` for new storage. */
  constructor(
    readonly dtype: DType,
    readonly shape: readonly number[],
    readonly strides: readonly number[],
    readonly offset: number,
    data: TensorData,
  ) {
    this._data = data;
  }

  /** A pending contiguous tensor whose storage `src` computes on first read. */
  static pending(
    dtype: DType,
    shape: readonly number[],
    src: LazySource,
  ): Tensor {
    const t = new Tensor(
      dtype,
      [...shape],
      contiguousStrides(shape),
      0,
      NO_DATA,
    );
    t._data = src.peek();
    if (t._data === null) t._lazy = src;
    return t;
  }

  /** The storage; reading it realizes a pending tensor (exactly once). */
  get data(): TensorData {
    return this._data ?? this.realizeData();
  }

  private realizeData(): TensorData {
    const d = this._lazy!.realize();
    this._data = d;
    this._lazy = null;
    return d;
  }

  /** The lazy source of a tensor that is still pending, else null. */
  get lazySource(): LazySource | null {
    if (this._lazy !== null && this._lazy.peek() !== null) {
      this._data = this._lazy.peek();
      this._lazy = null;
    }
    return this._lazy;
  }

  /** True while the storage has not been computed (reading `data` computes it). */
  get isPending(): boolean {
    return this.lazySource !== null;
  }

  /** A new handle on the same elements: a view sharing storage, or a pending alias. */
  alias(): Tensor {
    const src = this.lazySource;
    if (src !== null) return Tensor.pending(this.dtype, this.shape, src);
    return new Tensor(
      this.dtype,
      this.shape,
      this.strides,
      this.offset,
      this.data,
    );
  }

  /** A new zero-filled contiguous tensor. */
  static zeros(dtype: DType, shape: readonly number[]): Tensor {
    return new Tensor(
      dtype,
      [...shape],
      contiguousStrides(shape),
      0,
      allocData(dtype, shapeSize(shape)),
    );
  }

  /** A contiguous tensor over `data` (which must hold exactly the shape's size). */
  static fromData(
    dtype: DType,
    shape: readonly number[],
    data: TensorData,
  ): Tensor {
    return new Tensor(dtype, [...shape], contiguousStrides(shape), 0, data);
  }

  /** Number of elements. */
  get size(): number {
    return shapeSize(this.shape);
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** True when the elements are laid out row-major without gaps (any offset). */
  get isContiguous(): boolean {
    let s = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const d = this.shape[i];
      if (d !== 1 && this.strides[i] !== s) return false;
      s *= d;
    }
    return true;
  }

  /**
   * This tensor when it is contiguous with offset 0 and storage of exactly its
   * size; otherwise a fresh contiguous copy (not sharing storage).
   */
  contiguous(): Tensor {
    if (
      this.offset === 0 && this.data.length === this.size && this.isContiguous
    ) {
      return this;
    }
    return this.copy();
  }

  /** A fresh contiguous copy that shares nothing with this tensor. */
  copy(): Tensor {
    const out = Tensor.zeros(this.dtype, this.shape);
    copyInto(this, out.data, 0);
    return out;
  }

  /** Element at a flat row-major position (bools as 0/1); for tests and slow paths. */
  at(flat: number): number {
    let off = this.offset;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const d = this.shape[i];
      off += (flat % d) * this.strides[i];
      flat = Math.floor(flat / d);
    }
    return this.data[off];
  }
}

/** Copies the elements of `src`, in row-major order, into `dst` from `dstOffset`. */
export function copyInto(
  src: Tensor,
  dst: TensorData,
  dstOffset: number,
): void {
  const n = src.size;
  if (n === 0) return;
  const sd = src.data;
  if (src.isContiguous) {
    if (sd.constructor === dst.constructor) {
      // deno-lint-ignore no-explicit-any
      (dst as any).set(sd.subarray(src.offset, src.offset + n), dstOffset);
    } else {
      for (let i = 0; i < n; i++) dst[dstOffset + i] = sd[src.offset + i];
    }
    return;
  }
  const rank = src.shape.length;
  const shape = src.shape, strides = src.strides;
  const inner = shape[rank - 1], innerStride = strides[rank - 1];
  const idx = new Array<number>(rank).fill(0);
  let base = src.offset, o = dstOffset;
  for (;;) {
    for (let j = 0, p = base; j < inner; j++, p += innerStride) {
      dst[o++] = sd[p];
    }
    let d = rank - 2;
    for (; d >= 0; d--) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

/** The elements of `t` in row-major order as plain numbers (bools as 0/1). */
export function toArray(t: Tensor): number[] {
  const out = scratchF64(t.size);
  copyInto(t, out, 0);
  return Array.from(out);
}
