// Tests of the optimizer updates: the Wasm Adam loop is bit-identical to the
// JS loop (odd sizes, transposed gradients, Adam and AdamW), strided
// gradients match contiguous ones, and state stays in step across calls.

import assert from "node:assert/strict";
import { Tensor } from "../tensor.ts";
import { transposeLast2 } from "../shape_ops.ts";
import {
  ADAM_LOOPS,
  applyUpdate,
  newState,
  type OptimConfig,
} from "./optim.ts";
import { nativeAdam } from "./adam_native.ts";

function cfg(kind: OptimConfig["kind"], wd = 0): OptimConfig {
  return {
    kind,
    lr: 0.01,
    momentum: 0.9,
    weightDecay: wd,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    alpha: 0.99,
  };
}

function rand(shape: number[], seed: number): Tensor {
  const t = Tensor.zeros("f32", shape);
  let x = seed;
  for (let i = 0; i < t.size; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    t.data[i] = x / 2147483648 - 0.5;
  }
  return t;
}

type Loop = "js" | "wasm" | "native";

/** Runs `steps` updates on the given loop. */
function train(
  c: OptimConfig,
  shape: number[],
  loop: Loop,
  transposed: boolean,
  steps = 4,
): Float32Array {
  const saved = { ...ADAM_LOOPS };
  ADAM_LOOPS.native = loop === "native";
  ADAM_LOOPS.wasm = loop === "wasm";
  try {
    const p = rand(shape, 7);
    const s = newState();
    for (let k = 0; k < steps; k++) {
      let g = rand(shape, 100 + k);
      if (transposed) {
        g = transposeLast2(rand([shape[1], shape[0]], 100 + k));
      }
      applyUpdate(c, p, g, s);
    }
    assert.equal(ADAM_LOOPS.last, loop, "the loop that ran");
    return p.data as Float32Array;
  } finally {
    Object.assign(ADAM_LOOPS, saved);
  }
}

Deno.test("optim: Wasm and native Adam equal the JS loop bit for bit", () => {
  const loops: Loop[] = nativeAdam() === null ? ["wasm"] : ["wasm", "native"];
  for (const kind of ["adam", "adamw"] as const) {
    for (const wd of [0, 0.01]) {
      for (const shape of [[33, 17], [128, 784], [1, 65]]) {
        for (const tr of [false, true]) {
          const want = train(cfg(kind, wd), shape, "js", tr);
          for (const loop of loops) {
            const got = train(cfg(kind, wd), shape, loop, tr);
            assert.deepEqual(got, want, `${loop} ${kind} ${wd} ${shape} ${tr}`);
          }
        }
      }
    }
  }
});

Deno.test("optim: a transposed gradient acts as its contiguous copy", () => {
  for (const kind of ["sgd", "rmsprop", "adam"] as const) {
    const p1 = rand([5, 9], 1), p2 = rand([5, 9], 1);
    const s1 = newState(), s2 = newState();
    for (let k = 0; k < 3; k++) {
      const g = transposeLast2(rand([9, 5], 50 + k));
      applyUpdate(cfg(kind), p1, g, s1);
      applyUpdate(cfg(kind), p2, g.copy(), s2);
    }
    assert.deepEqual(p1.data, p2.data, kind);
    assert.notDeepEqual(p1.data, rand([5, 9], 1).data);
  }
});

Deno.test("optim: one Adam step moves each weight by about lr", () => {
  const p = Tensor.fromData("f32", [200], new Float32Array(200).fill(1));
  const g = Tensor.fromData("f32", [200], new Float32Array(200).fill(-3));
  applyUpdate(cfg("adam"), p, g, newState());
  for (const x of p.data) assert.ok(Math.abs(x - 1.01) < 1e-6);
});
