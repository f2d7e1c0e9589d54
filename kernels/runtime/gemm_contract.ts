// The contract between tensor ops and CPU backends: a strided GEMM call
// (C = A·B, or C += A·B) and the backend record each backend file exports.
// matmul, batched matmul, conv2d and the backward pass all reach the
// backends through this one shape, so a backend implements GEMM once.

import type { UnaryOpName } from "../../compiler/core/ops.ts";

/** Float storage a GEMM reads and writes. */
export type FloatArray = Float32Array | Float64Array;

/**
 * One matrix product `C[m, n] (+)= A[m, k] · B[k, n]` over strided views.
 * Element (i, p) of A is `a[aOffset + i * aRowStride + p * aColStride]`
 * (any strides, so `x.T` needs no copy: swap the two strides); the same for
 * B. C is row-major with unit column stride: element (i, j) is
 * `c[cOffset + i * ldc + j]`. With `accumulate` the product is added to C;
 * otherwise C is overwritten. All three arrays have the same element type.
 * Accumulation order and precision are the backend's (f32 GEMMs accumulate
 * in f32, as PyTorch does).
 */
export interface GemmParams<T extends FloatArray = FloatArray> {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly a: T;
  readonly aOffset: number;
  readonly aRowStride: number;
  readonly aColStride: number;
  readonly b: T;
  readonly bOffset: number;
  readonly bRowStride: number;
  readonly bColStride: number;
  readonly c: T;
  readonly cOffset: number;
  readonly ldc: number;
  readonly accumulate: boolean;
  /** Applied to C once the product is complete (see GemmEpilogue). */
  readonly epilogue?: GemmEpilogue<T>;
}

/**
 * `C = act(C + bias)` after the product: `bias` holds one value per column
 * (element j at `bias[biasOffset + j]`, broadcast over rows) or is null;
 * `act` is a unary op of the op table (compiler/core/ops.ts) or null. Each
 * step rounds to C's type, exactly as the element-wise kernels would.
 */
export interface GemmEpilogue<T extends FloatArray = FloatArray> {
  readonly bias: T | null;
  readonly biasOffset: number;
  readonly act: UnaryOpName | null;
}

/** A GEMM implementation for one element type. */
export type GemmFn<T extends FloatArray> = (p: GemmParams<T>) => void;

/** The names of the CPU backends (`--backend NAME`, `DL_BACKEND`). */
export type BackendName = "js" | "wasm" | "native";

/** What a backend file exports: its name, availability and kernels. */
export interface CpuBackend {
  /** The name users pick it by. */
  readonly name: BackendName;
  /**
   * Prepares the backend (compiles modules, loads libraries, starts
   * workers) and returns null, or returns a one-line reason it cannot run
   * here (shown to the user who asked for it). Called once, on selection.
   */
  readonly init: (opts: BackendOptions) => string | null;
  /** f32 GEMM (required). */
  readonly sgemm: GemmFn<Float32Array>;
  /** f64 GEMM, when the backend has one (the js backend's otherwise). */
  readonly dgemm?: GemmFn<Float64Array>;
  /**
   * Where pooled tensor storage lives while this backend is active
   * (kernels/runtime/storage_pool.ts): "wasm-heap" for the Wasm backend, whose
   * kernels then use tensors in place; plain arrays when absent.
   */
  readonly storage?: "wasm-heap";
  /**
   * The activations this backend's sgemm fuses into its epilogue (applied
   * while C is in cache). Absent: GEMMs with an epilogue run it as a
   * separate pass (kernels/runtime/registry.ts), and matmuls are not deferred
   * to gather one (kernels/jit/deferred_gemm.ts).
   */
  readonly epilogueActs?: readonly UnaryOpName[];
}

/** Options every backend receives on selection. */
export interface BackendOptions {
  /** Worker threads the backend may use (>= 1; 1 means none). */
  readonly threads: number;
}
