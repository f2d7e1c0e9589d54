// Differential tests of the fused element-wise JIT: every element-wise op
// of the op table × every dtype, alone (unfused) and in random fused chains
// with broadcasting and scalar operands, and reductions over fused
// producers — each run eagerly (JIT off), as generated JavaScript and on
// the reference loop-IR interpreter, with bit-identical results required.

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
import { withJit } from "../../kernels/jit/config.ts";
import { reduce } from "../../kernels/reduce.ts";
import { transpose } from "../../kernels/shape_ops.ts";
import { astype } from "../../kernels/cast.ts";
import type { Tensor } from "../../kernels/tensor.ts";
import {
  mismatch,
  randomTensor,
  rng,
  threeWays,
} from "./elementwise_diff_helpers.ts";

const DTYPES: DType[] = ["f32", "f64", "i32", "bool", "i8"];
const ELEMENTWISE = OP_NAMES.filter((op) => {
  const k = (OPS[op] as OpDef).kind;
  return k === "unary" || k === "binary" || k === "ternary";
});

function scalarFor(dtype: DType, v: number): Scalar {
  if (dtype === "bool") return boolScalar(v !== 0);
  if (dtype === "f32" || dtype === "f64") return floatScalar(v);
  return intScalar(v);
}

Deno.test("every element-wise op × dtype, unfused, matches eager", () => {
  const next = rng(1);
  let lazy = 0;
  for (const op of ELEMENTWISE) {
    const arity = (OPS[op] as OpDef).arity;
    for (const dt of DTYPES) {
      const full = randomTensor(dt, [3, 5], next);
      const row = randomTensor(dt, [5], next);
      const col = transpose(randomTensor(dt, [1, 3], next)); // strided [3, 1]
      const variants: Operand[][] = [
        [full, row, col].slice(0, arity),
        [row, full, scalarFor(dt, 2)].slice(0, arity),
        [full, scalarFor(dt, -1), row].slice(0, arity),
      ];
      for (const args of variants) {
        const r = threeWays(() => elementwise(op, args));
        assert.equal(mismatch(r), "", `${op} ${dt}`);
      }
      withJit(true, () => {
        try {
          if (elementwise(op, variants[0]).isPending) lazy++;
        } catch (_) {
          // Eager int ops may overflow; compared above.
        }
      }, 0);
    }
  }
  // Float ops and the int ops that cannot fail are lazy; the rest eager.
  assert.ok(lazy > ELEMENTWISE.length * 2, `only ${lazy} lazy results`);
  withJit(true, () => {
    const i = randomTensor("i32", [4], next);
    assert.equal(elementwise("add", [i, i]).isPending, false);
    assert.equal(elementwise("maximum", [i, i]).isPending, true);
  }, 0);
});

/** A random fused chain over `xs` (2-5 ops), with broadcasts and scalars. */
function chain(
  seed: number,
  dt: DType,
): () => Tensor {
  const next = rng(seed);
  const a = randomTensor(dt, [4, 3, 5], next);
  const b = randomTensor(dt, [3, 5], next);
  const c = randomTensor(dt, [4, 1, 5], next);
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

Deno.test("random fused chains with broadcasting match eager exactly", () => {
  let n = 0;
  for (let seed = 0; seed < 150; seed++) {
    for (const dt of ["f32", "f64", "i32", "bool"] as DType[]) {
      const r = threeWays(chain(seed * 7 + 1, dt));
      assert.equal(mismatch(r), "", `seed ${seed} ${dt}`);
      n++;
    }
  }
  assert.equal(n, 600);
});

Deno.test("a chain fuses into one kernel and shares common nodes", () => {
  withJit(true, () => {
    const next = rng(5);
    const x = randomTensor("f32", [64], next);
    const s = elementwise("sigmoid", [x]);
    const d = elementwise("mul", [s, elementwise("sub", [floatScalar(1), s])]);
    const again = elementwise("sigmoid", [x]);
    assert.ok(d.isPending);
    assert.ok(s.isPending);
    // Hash-consing: the same op over the same input is the same node.
    assert.equal(again.lazySource !== null, true);
    void d.data;
    assert.equal(s.isPending, true, "computing d does not compute s");
  }, 0);
});

const REDUCE_OPS: ReduceOpName[] = [
  "sum",
  "mean",
  "max",
  "min",
  "prod",
  "var",
  "argmax",
];

Deno.test("reductions over fused producers match eager exactly", () => {
  const next = rng(9);
  for (const dt of ["f32", "f64", "i32", "bool"] as DType[]) {
    const a = randomTensor(dt, [3, 4, 5], next);
    const b = randomTensor(dt, [4, 1], next);
    for (const op of REDUCE_OPS) {
      for (const axis of [undefined, 0, 1, 2, -1]) {
        for (const keepdims of [false, true]) {
          const r = threeWays(() => {
            const e = elementwise("mul", [a, b]);
            const f = elementwise("maximum", [e, scalarFor(dt, 0)]);
            return reduce(op, f, { axis, keepdims });
          });
          assert.equal(mismatch(r), "", `${op} ${dt} axis ${axis}`);
        }
      }
    }
    const t = threeWays(() =>
      reduce("sum", astype(elementwise("lt", [a, b]), "f32"), { axis: 1 })
    );
    assert.equal(mismatch(t), "", `sum of cast ${dt}`);
  }
});

Deno.test("casts that cannot fail are lazy and match eager", () => {
  const next = rng(11);
  for (const from of DTYPES) {
    const x = randomTensor(from, [2, 7], next);
    for (const to of DTYPES) {
      const r = threeWays(() => astype(elementwise("maximum", [x, x]), to));
      assert.equal(mismatch(r), "", `${from} -> ${to}`);
    }
  }
});
