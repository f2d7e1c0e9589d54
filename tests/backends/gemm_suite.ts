// A GEMM conformance suite any CpuBackend runs: odd sizes, transposed and
// strided operands, offsets, ldc > n, accumulate, f32 and f64, each checked
// against a naive binary64 reference with the worst-case error bound of
// recursive summation. Backends' tests call `runGemmSuite(name, backend)`.

import assert from "node:assert/strict";
import type {
  CpuBackend,
  FloatArray,
  GemmFn,
  GemmParams,
} from "../../kernels/runtime/gemm_contract.ts";
import { applyEpilogue } from "../../kernels/runtime/gemm_epilogue.ts";
import type { UnaryOpName } from "../../compiler/core/ops.ts";

/** The sizes every dimension of the size sweep takes. */
export const GEMM_SIZES: readonly number[] = [1, 3, 17, 63, 65, 257];

/** How an operand is laid out in its storage. */
export type Layout = "row" | "col" | "strided";

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

/** A deterministic value stream in [-1, 1) with 8-bit mantissas. */
function fill(out: FloatArray, seed: number): void {
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s >>> 24) - 128) / 128;
  }
}

interface Operand {
  readonly data: FloatArray;
  readonly offset: number;
  readonly rs: number;
  readonly cs: number;
}

/** An r×c operand in `layout`, with a leading offset and padding. */
function operand(
  ctor: Ctor,
  r: number,
  c: number,
  layout: Layout,
  seed: number,
): Operand {
  const offset = 5;
  const [rs, cs, span] = layout === "row"
    ? [c, 1, r * c]
    : layout === "col"
    ? [1, r, r * c]
    : [2 * c + 3, 2, r * (2 * c + 3)];
  const data = new ctor(offset + span + 7);
  fill(data, seed);
  return { data, offset, rs, cs };
}

function at(o: Operand, i: number, j: number): number {
  return o.data[o.offset + i * o.rs + j * o.cs];
}

/** The GEMM of operands A and B into C as `out` describes it. */
function params(
  dims: { m: number; n: number; k: number },
  A: Operand,
  B: Operand,
  out: { c: FloatArray; cOffset: number; ldc: number; accumulate: boolean },
): GemmParams {
  return {
    ...dims,
    a: A.data,
    aOffset: A.offset,
    aRowStride: A.rs,
    aColStride: A.cs,
    b: B.data,
    bOffset: B.offset,
    bRowStride: B.rs,
    bColStride: B.cs,
    ...out,
  };
}

/** One GEMM case: runs `gemm` and compares every element of C. */
export function checkGemm(
  gemm: GemmFn<FloatArray>,
  ctor: Ctor,
  dims: { m: number; n: number; k: number },
  opts: { la?: Layout; lb?: Layout; accumulate?: boolean; seed?: number },
): void {
  const { m, n, k } = dims;
  const la = opts.la ?? "row", lb = opts.lb ?? "row";
  const seed = opts.seed ?? 1;
  const A = operand(ctor, m, k, la, seed);
  const B = operand(ctor, k, n, lb, seed + 7);
  const ldc = n + 3, cOffset = 2;
  const c = new ctor(cOffset + m * ldc + 4);
  fill(c, seed + 13);
  const before = c.slice();
  const accumulate = opts.accumulate ?? false;
  const p = params(dims, A, B, { c, cOffset, ldc, accumulate });
  gemm(p);
  const u = ctor === Float32Array ? 2 ** -24 : 2 ** -53;
  const what =
    `${ctor.name} m=${m} n=${n} k=${k} A=${la} B=${lb} acc=${accumulate}`;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const ci = cOffset + i * ldc + j;
      let s = accumulate ? before[ci] : 0, mag = Math.abs(s);
      for (let q = 0; q < k; q++) {
        const t = at(A, i, q) * at(B, q, j);
        s += t;
        mag += Math.abs(t);
      }
      const err = Math.abs(c[ci] - s), bound = (k + 2) * u * mag;
      if (!(err <= bound)) {
        assert.fail(`${what}: C[${i},${j}] = ${c[ci]}, expected ${s}`);
      }
    }
  }
  for (let i = 0; i < c.length; i++) {
    const r = Math.floor((i - cOffset) / ldc), col = (i - cOffset) % ldc;
    const inside = i >= cOffset && r < m && col >= 0 && col < n;
    if (!inside && !Object.is(c[i], before[i])) {
      assert.fail(`${what}: wrote outside C at storage index ${i}`);
    }
  }
}

/**
 * One GEMM with an epilogue against the same GEMM without, followed by
 * applyEpilogue (the separate pass): every element bit for bit.
 */
function checkEpilogue(
  gemm: GemmFn<FloatArray>,
  ctor: Ctor,
  dims: { m: number; n: number; k: number },
  act: UnaryOpName | null,
  withBias: boolean,
  seed: number,
): void {
  const { m, n, k } = dims;
  const A = operand(ctor, m, k, seed % 2 === 0 ? "row" : "col", seed);
  const B = operand(ctor, k, n, seed % 4 < 2 ? "col" : "row", seed + 7);
  const bias = new ctor(n + 3);
  fill(bias, seed + 5);
  const ldc = n + 1;
  const c = new ctor(m * ldc + 1);
  const base = params(dims, A, B, { c, cOffset: 1, ldc, accumulate: false });
  const epilogue = { bias: withBias ? bias : null, biasOffset: 2, act };
  const fused = new ctor(m * ldc + 1).fill(9);
  gemm({ ...base, c: fused, epilogue });
  const want = new ctor(m * ldc + 1).fill(9);
  gemm({ ...base, c: want });
  applyEpilogue({ ...base, c: want, epilogue });
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(fused[i], want[i])) {
      assert.fail(
        `m=${m} n=${n} k=${k} act=${act} bias=${withBias}: ` +
          `C storage [${i}] = ${fused[i]}, expected ${want[i]}`,
      );
    }
  }
}

/**
 * The backend's kernel for `ctor` after initializing it again: other test
 * files may have re-initialized the same backend in between (other thread
 * counts, another cache folder's library), and each test runs on the state
 * the suite asked for.
 */
function ready(
  b: CpuBackend,
  threads: number | undefined,
  ctor: Ctor,
): GemmFn<FloatArray> {
  assert.equal(b.init({ threads: threads ?? 1 }), null);
  return kernelOf(b, ctor);
}

function kernelOf(b: CpuBackend, ctor: Ctor): GemmFn<FloatArray> {
  const f = ctor === Float32Array ? b.sgemm : b.dgemm;
  if (f === undefined) throw new Error(`${b.name} has no ${ctor.name} GEMM`);
  return f as GemmFn<FloatArray>;
}

/**
 * Registers the GEMM tests for backend `b` (named `backendName` in test
 * names). When `b.init` returns a reason, the tests are registered as
 * ignored. f64 tests run only when the backend has a dgemm.
 */
export function runGemmSuite(
  backendName: string,
  b: CpuBackend,
  opts: { threads?: number } = {},
): void {
  const why = b.init({ threads: opts.threads ?? 1 });
  if (why !== null) console.log(`${backendName}: GEMM suite skipped: ${why}`);
  const ctors: Ctor[] = b.dgemm ? [Float32Array, Float64Array] : [
    Float32Array,
  ];
  for (const ctor of ctors) {
    const dt = ctor === Float32Array ? "sgemm" : "dgemm";
    Deno.test({
      name: `${backendName} ${dt}: all size combinations of ${GEMM_SIZES}`,
      ignore: why !== null,
      fn: () => {
        const g = ready(b, opts.threads, ctor);
        for (const m of GEMM_SIZES) {
          for (const n of GEMM_SIZES) {
            for (const k of GEMM_SIZES) checkGemm(g, ctor, { m, n, k }, {});
          }
        }
      },
    });
    Deno.test({
      name: `${backendName} ${dt}: transposed and strided operands, accumulate`,
      ignore: why !== null,
      fn: () => {
        const g = ready(b, opts.threads, ctor);
        const layouts: Layout[] = ["row", "col", "strided"];
        const dims = [
          { m: 3, n: 17, k: 65 },
          { m: 65, n: 63, k: 17 },
          { m: 17, n: 1, k: 257 },
          { m: 1, n: 65, k: 63 },
          { m: 130, n: 70, k: 300 },
        ];
        for (const d of dims) {
          for (const la of layouts) {
            for (const lb of layouts) {
              for (const accumulate of [false, true]) {
                checkGemm(g, ctor, d, { la, lb, accumulate, seed: d.m + d.k });
              }
            }
          }
        }
      },
    });
    Deno.test({
      name:
        `${backendName} ${dt}: fused epilogues (bias, activation) equal the product then the separate pass`,
      ignore: why !== null || b.epilogueActs === undefined ||
        ctor !== Float32Array,
      fn: () => {
        const g = ready(b, opts.threads, ctor);
        const acts = [null, ...b.epilogueActs!];
        const sizes = [...GEMM_SIZES, 48, 64];
        let i = 0;
        for (const m of sizes) {
          for (const n of sizes) {
            for (const k of [0, 1, 17, 300]) {
              const act = acts[i % acts.length];
              const bias = i % 3 !== 2;
              checkEpilogue(g, ctor, { m, n, k }, act, bias, i++);
            }
          }
        }
      },
    });
    Deno.test({
      name: `${backendName} ${dt}: empty dimensions`,
      ignore: why !== null,
      fn: () => {
        const g = ready(b, opts.threads, ctor);
        for (const accumulate of [false, true]) {
          checkGemm(g, ctor, { m: 4, n: 5, k: 0 }, { accumulate });
          checkGemm(g, ctor, { m: 0, n: 5, k: 3 }, { accumulate });
          checkGemm(g, ctor, { m: 4, n: 0, k: 3 }, { accumulate });
        }
      },
    });
  }
}
