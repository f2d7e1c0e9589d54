// Fusion of element-wise chains: a chain of 8 f32 ops over 4,000,000
// elements run eagerly (one loop and one output array per op) and fused (one
// generated kernel), against a plain Float32Array.set copy of the same bytes
// (the memory-bandwidth floor), a JS loop copy, and a copy into a fresh array
// (what producing any new 4M-element tensor costs: allocation and first-touch
// page faults included); and one Adam-style update over 100,000
// parameters, eager vs fused; fused as JS and as Wasm (1 and 2 threads).
// `deno bench --allow-env --allow-read bench/fusion_bench.ts`.

import { floatScalar as F } from "../compiler/core/scalar.ts";
import { binary, unary } from "../kernels/elementwise.ts";
import { JIT, withJit } from "../kernels/jit/config.ts";
import {
  setWasmThreads,
  waitWasmThreads,
} from "../kernels/runtime/wasm_elementwise_pool.ts";
import { Tensor } from "../kernels/tensor.ts";
import { chain8 } from "./chain8.ts";

function filled(n: number, seed: number): Tensor {
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = Math.sin(i * 0.001 + seed);
  return Tensor.fromData("f32", [n], d);
}

const N = 4_000_000;
const x = filled(N, 1), y = filled(N, 2);

/** The chain over x and y, computed. */
function chain8xy(): Tensor {
  const t = chain8(x, y);
  void t.data;
  return t;
}

const copyDst = new Float32Array(N);

Deno.bench({
  name: "copy 4M f32 (Float32Array.set)",
  group: "chain8",
  baseline: true,
  fn: () => copyDst.set(x.data as Float32Array),
});
Deno.bench({
  name: "copy 4M f32 (JS loop)",
  group: "chain8",
  fn: () => {
    const src = x.data as Float32Array;
    for (let i = 0; i < N; i++) copyDst[i] = src[i];
  },
});
Deno.bench({
  name: "copy 4M f32 into a new array (new Float32Array + set)",
  group: "chain8",
  fn: () => void new Float32Array(N).set(x.data as Float32Array),
});
Deno.bench({
  name: "chain of 8 ops, eager",
  group: "chain8",
  fn: () => void withJit(false, chain8xy),
});
Deno.bench({
  name: "chain of 8 ops, fused",
  group: "chain8",
  fn: () => void withJit(true, chain8xy),
});
Deno.bench({
  name: "chain of 8 ops, fused, wasm",
  group: "chain8",
  fn: () => {
    setWasmThreads(1);
    void onWasm(() => withJit(true, chain8xy));
  },
});
Deno.bench({
  name: "chain of 8 ops, fused, wasm, 2 threads",
  group: "chain8",
  fn: () => {
    setWasmThreads(2); // started once, kept across iterations
    waitWasmThreads(10_000);
    void onWasm(() => withJit(true, chain8xy));
  },
});

/** Runs `fn` with fused kernels on the Wasm backend. */
function onWasm<T>(fn: () => T): T {
  const old = JIT.backend;
  JIT.backend = "wasm";
  try {
    return fn();
  } finally {
    JIT.backend = old;
  }
}

const P = 100_000;
const p = filled(P, 3), g = filled(P, 4);
let m = filled(P, 5), v = binary("mul", filled(P, 6), filled(P, 6));
v = Tensor.fromData("f32", [P], v.data);

/** m, v and p of one Adam step (as a user would write it in dl). */
function adam(): Tensor {
  const b1 = 0.9, b2 = 0.999, lr = 1e-3, eps = 1e-8;
  const m2 = binary(
    "add",
    binary("mul", m, F(b1)),
    binary("mul", g, F(1 - b1)),
  );
  const v2 = binary(
    "add",
    binary("mul", v, F(b2)),
    binary("mul", binary("mul", g, g), F(1 - b2)),
  );
  const step = binary(
    "div",
    binary("mul", m2, F(lr)),
    binary("add", unary("sqrt", v2), F(eps)),
  );
  const p2 = binary("sub", p, step);
  void m2.data, v2.data, p2.data;
  m = Tensor.fromData("f32", [P], m2.data);
  v = Tensor.fromData("f32", [P], v2.data);
  return p2;
}

Deno.bench({
  name: "Adam update of 100k params, eager",
  group: "adam",
  baseline: true,
  fn: () => void withJit(false, adam),
});
Deno.bench({
  name: "Adam update of 100k params, fused",
  group: "adam",
  fn: () => void withJit(true, adam),
});
Deno.bench({
  name: "Adam update of 100k params, fused, wasm",
  group: "adam",
  fn: () => void onWasm(() => withJit(true, adam)),
});
