// Differential tests of native fused kernels (kernels/runtime/native_launch.ts):
// every element-wise op × dtype (vector body and scalar tail, broadcast and
// strided operands, scalars), fused chains and fused reductions, run on the
// native backend and on the reference loop-IR interpreter, bit-identical.
// Kernels the LLVM generator does not lower run on JS (also compared).
// Skips without clang or --allow-ffi.

import assert from "node:assert/strict";
import type { DType } from "../../compiler/core/dtype.ts";
import { OP_NAMES, type OpDef, OPS } from "../../compiler/core/ops.ts";
import {
  boolScalar,
  floatScalar,
  intScalar,
  type Scalar,
} from "../../compiler/core/scalar.ts";
import { elementwise, type Operand } from "../../kernels/elementwise.ts";
import { JIT, withJit } from "../../kernels/jit/config.ts";
import { reduce } from "../../kernels/reduce.ts";
import { transpose } from "../../kernels/shape_ops.ts";
import { type Tensor, toArray } from "../../kernels/tensor.ts";
import {
  NATIVE_KERNELS,
  setNativeKernels,
} from "../../kernels/runtime/native_launch.ts";
import {
  nativeSkipReason,
  nativeTestName,
} from "../../kernels/runtime/native_test_helpers.ts";
import { KernelError } from "../../compiler/core/runtime_error.ts";
import { randomTensor, rng } from "./elementwise_diff_helpers.ts";

const skip = nativeSkipReason();
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

type Outcome = string;

function outcome(fn: () => Tensor): Outcome {
  try {
    const t = fn();
    const v = toArray(t).map((x) => Object.is(x, -0) ? "-0" : String(x));
    return `${t.dtype} [${t.shape}] ${v.join(" ")}`;
  } catch (e) {
    if (e instanceof KernelError) return `error ${e.code}`;
    throw e;
  }
}

/** `fn` on the reference interpreter and with native kernels on. */
function twoWays(fn: () => Tensor): { ref: Outcome; native: Outcome } {
  const old = JIT.backend;
  JIT.backend = "reference";
  let ref: Outcome;
  try {
    ref = withJit(true, () => outcome(fn), 0);
  } finally {
    JIT.backend = old;
  }
  const was = setNativeKernels(true);
  try {
    return { ref, native: withJit(true, () => outcome(fn), 0) };
  } finally {
    setNativeKernels(was);
  }
}

Deno.test({
  name: nativeTestName("native: every element-wise op × dtype matches"),
  ignore: skip !== null,
  fn() {
    const next = rng(7);
    const built = NATIVE_KERNELS.built;
    for (const op of ELEMENTWISE) {
      const arity = (OPS[op] as OpDef).arity;
      for (const dt of DTYPES) {
        // 13 columns: one 8-lane vector step and a 5-element scalar tail.
        const full = randomTensor(dt, [3, 13], next);
        const row = randomTensor(dt, [13], next);
        const col = transpose(randomTensor(dt, [1, 3], next)); // strided
        const variants: Operand[][] = [
          [full, row, col].slice(0, arity),
          [transpose(full), scalarFor(dt, -1.5), transpose(full)]
            .slice(0, arity),
        ];
        for (const args of variants) {
          const r = twoWays(() => elementwise(op, args));
          assert.equal(r.native, r.ref, `${op} ${dt}`);
        }
      }
    }
    const n = NATIVE_KERNELS.built - built;
    assert.ok(n > ELEMENTWISE.length, `only ${n} kernels ran natively`);
  },
});

Deno.test({
  name: nativeTestName("native: fused chains and reductions match"),
  ignore: skip !== null,
  fn() {
    const next = rng(11);
    for (const dt of ["f32", "f64"] as DType[]) {
      const a = randomTensor(dt, [4, 3, 17], next);
      const b = randomTensor(dt, [3, 17], next);
      const chain = (): Tensor => {
        const x = elementwise("mul", [a, b]);
        const y = elementwise("add", [x, floatScalar(0.25)]);
        const z = elementwise("maximum", [y, elementwise("neg", [a])]);
        return elementwise("sqrt", [elementwise("abs", [z])]);
      };
      const r = twoWays(chain);
      assert.equal(r.native, r.ref, `chain ${dt}`);
      for (const op of ["sum", "prod", "max", "min", "mean"] as const) {
        for (const axis of [undefined, 0, 1, 2]) {
          const red = twoWays(() =>
            reduce(op, chain(), axis === undefined ? {} : { axis })
          );
          assert.equal(red.native, red.ref, `${op} axis ${axis} ${dt}`);
        }
      }
    }
  },
});
