// Differential tests of the Wasm element-wise kernels (codegen/wasm_loop.ts,
// runtime/wasm_elementwise.ts): every element-wise op × dtype, alone and in
// random fused chains with broadcasts, strided operands and scalars, and
// reductions over fused producers, on the js and wasm backends against the
// reference interpreter, bit for bit; shapes with vector bodies and tails.

import assert from "node:assert/strict";
import type { DType } from "../../compiler/core/dtype.ts";
import {
  OP_NAMES,
  type OpDef,
  type OpName,
  OPS,
  type ReduceOpName,
} from "../../compiler/core/ops.ts";
import {
  boolScalar,
  floatScalar,
  intScalar,
  type Scalar,
} from "../../compiler/core/scalar.ts";
import { elementwise, type Operand } from "../../kernels/elementwise.ts";
import { reduce } from "../../kernels/reduce.ts";
import { transpose } from "../../kernels/shape_ops.ts";
import { astype } from "../../kernels/cast.ts";
import type { Tensor } from "../../kernels/tensor.ts";
import type { LoopKernel } from "../../kernels/schedule/loop_ir.ts";
import { WASM_LOOP } from "../../kernels/codegen/wasm_loop.ts";
import {
  WASM_EW,
  WASM_KERNELS,
  wasmKernelCount,
  wasmKernelFor,
} from "../../kernels/runtime/wasm_elementwise.ts";
import {
  EW_POOL,
  withWasmThreads,
} from "../../kernels/runtime/wasm_elementwise_pool.ts";
import {
  onBackend,
  randomTensor,
  rng,
  same,
} from "./elementwise_diff_helpers.ts";

const DTYPES: DType[] = ["f32", "f64", "i32", "bool", "i8"];
const ELEMENTWISE = OP_NAMES.filter((op) => {
  const k = (OPS[op] as OpDef).kind;
  return k === "unary" || k === "binary" || k === "ternary";
});
const BACKENDS = ["js", "wasm"] as const;

function scalarFor(dtype: DType, v: number): Scalar {
  if (dtype === "bool") return boolScalar(v !== 0);
  if (dtype === "f32" || dtype === "f64") return floatScalar(v);
  return intScalar(v);
}

/** "" when every backend matches the reference, else what differs. */
function check(fn: () => Tensor, what: string): string {
  const ref = onBackend("reference", fn);
  for (const b of BACKENDS) {
    const got = onBackend(b, fn);
    if (!same(ref, got)) {
      return `${what}: ${b} differs:\n ref ${JSON.stringify(ref)}\n ${b} ${
        JSON.stringify(got)
      }`;
    }
  }
  return "";
}

/** Runs `body` with 1 and then 2 threads (every launch split) for Wasm kernels. */
function eachThreads(body: (threads: number) => void): void {
  for (const t of [1, 2]) {
    const jobs = EW_POOL.jobs;
    withWasmThreads(t, () => body(t), 0);
    if (t > 1) assert.ok(EW_POOL.jobs - jobs > 10, "launches were split");
  }
}

Deno.test("wasm: every element-wise op × dtype, unfused, matches the reference", () => {
  const next = rng(3);
  const before = WASM_KERNELS.launched;
  eachThreads((threads) => {
    for (const op of ELEMENTWISE) {
      const arity = (OPS[op] as OpDef).arity;
      for (const dt of DTYPES) {
        // 3 × 11: two vector iterations and a tail of 3 per row.
        const full = randomTensor(dt, [3, 11], next);
        const row = randomTensor(dt, [11], next);
        const col = transpose(randomTensor(dt, [1, 3], next)); // [3, 1]
        const strided = transpose(randomTensor(dt, [11, 3], next));
        const variants: Operand[][] = [
          [full, row, col].slice(0, arity),
          [row, full, scalarFor(dt, 2)].slice(0, arity),
          [strided, scalarFor(dt, -1), full].slice(0, arity),
        ];
        for (const args of variants) {
          const m = check(
            () => elementwise(op, args),
            `${op} ${dt} threads ${threads}`,
          );
          assert.equal(m, "");
        }
      }
    }
  });
  assert.ok(WASM_KERNELS.launched - before > 500, "kernels ran as Wasm");
});

/** A random fused chain (2-5 ops) over broadcast operands and scalars. */
function chain(seed: number, dt: DType): () => Tensor {
  const next = rng(seed);
  const a = randomTensor(dt, [4, 3, 13], next);
  const b = randomTensor(dt, [3, 13], next);
  const c = randomTensor(dt, [4, 1, 13], next);
  const steps = 2 + Math.floor(next() * 4);
  const plan: { op: OpName; other: number }[] = [];
  for (let i = 0; i < steps; i++) {
    plan.push({
      op: ELEMENTWISE[Math.floor(next() * ELEMENTWISE.length)],
      other: Math.floor(next() * 4),
    });
  }
  return () => {
    let x: Tensor = a;
    const mid: Tensor[] = [];
    for (const { op, other } of plan) {
      const pool: Operand[] = [b, c, mid[0] ?? a, floatScalar(0.75)];
      const o = pool[other];
      const arity = (OPS[op] as OpDef).arity;
      const args: Operand[] = arity === 1
        ? [x]
        : arity === 2
        ? [x, o]
        : op === "where"
        ? [elementwise("gt", [x, o]), x, o]
        : [x, floatScalar(-1.5), o];
      x = elementwise(op, args);
      mid.push(x);
    }
    return x;
  };
}

Deno.test("wasm: random fused chains with broadcasting match the reference", () => {
  eachThreads((threads) => {
    for (const f32Lanes of [true, false]) {
      WASM_LOOP.f32Lanes = f32Lanes;
      try {
        for (let seed = 0; seed < 60; seed++) {
          for (const dt of ["f32", "f64", "i32", "bool"] as DType[]) {
            const m = check(
              chain(seed * 7 + 1, dt),
              `seed ${seed} ${dt} threads ${threads} f32 lanes ${f32Lanes}`,
            );
            assert.equal(m, "");
          }
        }
      } finally {
        WASM_LOOP.f32Lanes = true;
      }
    }
  });
  assert.equal(WASM_KERNELS.lastError, "");
});

const REDUCE_OPS: ReduceOpName[] = ["sum", "mean", "max", "min", "prod", "var"];

Deno.test("wasm: reductions over fused producers match the reference", () => {
  const next = rng(9);
  eachThreads((threads) => {
    for (const dt of ["f32", "f64", "i32", "bool"] as DType[]) {
      const a = randomTensor(dt, [3, 6, 9], next);
      const b = randomTensor(dt, [6, 1], next);
      for (const op of REDUCE_OPS) {
        for (const axis of [undefined, 0, 1, 2]) {
          const m = check(() => {
            const e = elementwise("mul", [a, b]);
            const f = elementwise("maximum", [e, scalarFor(dt, 0)]);
            return reduce(op, f, { axis });
          }, `${op} ${dt} axis ${axis} threads ${threads}`);
          assert.equal(m, "");
        }
      }
      const t = check(
        () =>
          reduce("sum", astype(elementwise("lt", [a, b]), "f32"), { axis: 1 }),
        `sum of cast ${dt}`,
      );
      assert.equal(t, "");
    }
  });
});

Deno.test("wasm: casts that cannot fail match the reference", () => {
  const next = rng(11);
  for (const from of DTYPES) {
    const x = randomTensor(from, [2, 9], next);
    for (const to of DTYPES) {
      const m = check(
        () => astype(elementwise("maximum", [x, x]), to),
        `${from} -> ${to}`,
      );
      assert.equal(m, "");
    }
  }
});

Deno.test("wasm: the same kernel is compiled once", () => {
  const next = rng(13);
  const x = randomTensor("f32", [64], next);
  const f = () =>
    elementwise("sqrt", [elementwise("mul", [x, floatScalar(3)])]);
  onBackend("wasm", f);
  const n = wasmKernelCount();
  onBackend(
    "wasm",
    () => elementwise("sqrt", [elementwise("mul", [x, floatScalar(5)])]),
  );
  assert.equal(wasmKernelCount(), n, "a new param value reuses the kernel");
});

Deno.test("wasm: a kernel object keeps its module per lane choice", () => {
  const kernel = (): LoopKernel => ({
    shape: [3, 5],
    bufs: [{ dtype: "f32", strides: [5, 1] }],
    nParams: 1,
    body: [
      { k: "load", buf: 0 },
      { k: "param", index: 0 },
      { k: "op", op: "mul", mode: "F", args: [0, 1] },
      { k: "fround", args: [2] },
    ],
    result: 3,
    out: "f32",
  });
  const k = kernel();
  const first = wasmKernelFor(k);
  assert.notEqual(first, null);
  assert.equal(wasmKernelFor(k), first, "the same object: the same module");
  assert.equal(wasmKernelFor(kernel()), first, "an equal kernel: by its key");
  try {
    WASM_LOOP.f32Lanes = false;
    const wide = wasmKernelFor(k);
    assert.notEqual(wide, first, "the other lane choice compiles its own");
    assert.equal(wasmKernelFor(k), wide);
  } finally {
    WASM_LOOP.f32Lanes = true;
  }
  assert.equal(wasmKernelFor(k), first, "and back");
});

Deno.test("wasm: launches staged in blocks of rows match the reference", () => {
  const old = WASM_EW.blockElems;
  WASM_EW.blockElems = 5; // blocks of a row or a few elements
  try {
    const next = rng(17);
    for (const dt of ["f32", "f64", "i32", "bool"] as DType[]) {
      for (let seed = 0; seed < 12; seed++) {
        assert.equal(check(chain(seed * 5 + 3, dt), `chain ${seed} ${dt}`), "");
      }
      const a = randomTensor(dt, [7, 6, 9], next);
      const b = randomTensor(dt, [6, 1], next);
      for (const op of REDUCE_OPS) {
        for (const axis of [undefined, 0, 1, 2]) {
          const m = check(() => {
            const e = elementwise("mul", [a, b]);
            return reduce(op, elementwise("maximum", [e, scalarFor(dt, 0)]), {
              axis,
            });
          }, `${op} ${dt} axis ${axis}`);
          assert.equal(m, "");
        }
      }
      const flat = randomTensor(dt, [103], next);
      const r = check(
        () => elementwise("add", [flat, scalarFor(dt, 1)]),
        `flat ${dt}`,
      );
      assert.equal(r, "");
    }
  } finally {
    WASM_EW.blockElems = old;
  }
});
