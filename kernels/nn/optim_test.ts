// Tests of the optimizer updates: for f32 parameters the Wasm and native Adam
// loops are bit-identical to the JS f32 loop (odd sizes, transposed
// gradients, Adam and AdamW, many steps), state is f32 for f32 parameters and
// f64 for f64 ones, strided gradients match contiguous ones.

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
import { heapView, wasmHeap } from "../runtime/wasm_heap.ts";

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
  return trainState(c, shape, loop, transposed, steps).p;
}

/** Runs `steps` updates on the given loop; the parameter and its moments. */
function trainState(
  c: OptimConfig,
  shape: number[],
  loop: Loop,
  transposed: boolean,
  steps: number,
): { p: Float32Array; m: Float32Array; v: Float32Array } {
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
    assert.ok(s.m instanceof Float32Array && s.v instanceof Float32Array);
    return { p: p.data as Float32Array, m: s.m.slice(), v: s.v.slice() };
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

Deno.test("optim: f32 Adam loops agree in bits over many steps, moments too", () => {
  const loops: Loop[] = nativeAdam() === null ? ["wasm"] : ["wasm", "native"];
  for (const kind of ["adam", "adamw"] as const) {
    const c = { ...cfg(kind, 0.05), lr: 0.2, eps: 1e-3 };
    for (const tr of [false, true]) {
      const want = trainState(c, [37, 29], "js", tr, 25);
      for (const loop of loops) {
        const got = trainState(c, [37, 29], loop, tr, 25);
        const tag = `${loop} ${kind} ${tr}`;
        assert.deepEqual(
          new Uint32Array(got.p.buffer),
          new Uint32Array(want.p.buffer),
          tag,
        );
        assert.deepEqual(got.m, want.m, tag);
        assert.deepEqual(got.v, want.v, tag);
      }
    }
  }
});

/** One Adam step on element values, every operation rounded to f32. */
function adamStepF32(w: number, g: number, lr: number): number {
  const f = Math.fround;
  const m = f(f(0.1) * g), v = f(f(f(f(1 - 0.999) * g)) * g);
  const sb2 = f(Math.sqrt(1 - 0.999)), step = f(lr / (1 - 0.9));
  const denom = f(f(f(Math.sqrt(v)) / sb2) + f(1e-8));
  return f(w - f(f(step * m) / denom));
}

Deno.test("optim: f32 Adam computes in f32, f64 Adam in f64", () => {
  const shape = [3, 50];
  const p32 = rand(shape, 3), g32 = rand(shape, 4);
  const p64 = Tensor.fromData("f64", shape, Float64Array.from(p32.data));
  const g64 = Tensor.fromData("f64", shape, Float64Array.from(g32.data));
  const s32 = newState(), s64 = newState();
  const c = { ...cfg("adam"), lr: 0.37 };
  const w0 = Float64Array.from(p32.data);
  applyUpdate(c, p32, g32, s32);
  applyUpdate(c, p64, g64, s64);
  assert.ok(s32.m instanceof Float32Array && s64.m instanceof Float64Array);
  for (let i = 0; i < p32.size; i++) {
    assert.equal(p32.data[i], adamStepF32(w0[i], g32.data[i], 0.37), `${i}`);
    assert.ok(Math.abs(p32.data[i] - p64.data[i]) < 1e-6);
  }
  // f64 keeps more bits than one f32 rounding of its result would.
  assert.ok(p64.data.some((x) => x !== Math.fround(x)));
});

Deno.test("optim: SGD with momentum and RMSprop on f32 round every step to f32", () => {
  const f = Math.fround;
  const p = Tensor.fromData("f32", [2], new Float32Array([0.3, -0.7]));
  const g = Tensor.fromData("f32", [2], new Float32Array([0.11, 0.5]));
  const s = newState(), c = { ...cfg("sgd", 0.01), lr: 0.1 };
  const want = Float32Array.from(p.data), m = new Float32Array(2);
  for (let k = 0; k < 3; k++) {
    applyUpdate(c, p, g, s);
    for (let i = 0; i < 2; i++) {
      const d = f(g.data[i] + f(f(0.01) * want[i]));
      m[i] = k === 0 ? d : f(f(f(0.9) * m[i]) + d);
      want[i] = f(want[i] - f(f(0.1) * m[i]));
    }
  }
  assert.ok(s.m instanceof Float32Array);
  assert.deepEqual(p.data, want);
  assert.deepEqual(s.m, m);
  const q = Tensor.fromData("f32", [2], new Float32Array([0.3, -0.7]));
  const sr = newState();
  applyUpdate(cfg("rmsprop"), q, g, sr);
  assert.ok(sr.v instanceof Float32Array);
  const v0 = f(f(f(f(1 - 0.99) * 0.11)) * f(0.11));
  assert.equal(sr.v[0], v0);
  const want0 = f(
    f(0.3) - f(f(f(0.01) * f(0.11)) / f(f(Math.sqrt(v0)) + f(1e-8))),
  );
  assert.equal(q.data[0], want0);
});

/** `t` copied into a Wasm heap view (the storage pool's backing). */
function inHeap(t: Tensor): Tensor {
  const d = heapView("f32", t.size);
  if (d === null) throw new Error("no Wasm heap");
  d.set(t.data);
  return Tensor.fromData("f32", t.shape, d);
}

Deno.test({
  name:
    "optim: Wasm Adam on heap storage runs in place and equals the JS loop bit for bit",
  ignore: typeof wasmHeap() === "string",
  fn: () => {
    const saved = { ...ADAM_LOOPS };
    try {
      for (const shape of [[33, 17], [1, 65], [128, 784]]) {
        const run = (loop: Loop, heap: boolean) => {
          ADAM_LOOPS.native = false;
          ADAM_LOOPS.wasm = loop === "wasm";
          const p = heap ? inHeap(rand(shape, 7)) : rand(shape, 7);
          const s = newState();
          for (let k = 0; k < 4; k++) {
            const g = rand(shape, 100 + k);
            applyUpdate(cfg("adam", 0.01), p, heap ? inHeap(g) : g, s);
          }
          assert.equal(ADAM_LOOPS.last, loop);
          return Array.from(p.data);
        };
        assert.deepEqual(run("wasm", true), run("js", false), `${shape}`);
      }
    } finally {
      Object.assign(ADAM_LOOPS, saved);
    }
  },
});
