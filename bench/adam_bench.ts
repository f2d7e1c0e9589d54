// One Adam step on the MLP's 128x784 weight (dense and transposed gradient)
// on each loop of kernels/nn/optim.ts: JS, Wasm f32x4 and native (where this
// process may load native code). Prints ms per step, median of 5 rounds.
// The "heap" row keeps the weight and gradient in the Wasm heap (updated in
// place). Usage: deno run -A bench/adam_bench.ts

import { Tensor } from "../kernels/tensor.ts";
import { transposeLast2 } from "../kernels/shape_ops.ts";
import { heapView } from "../kernels/runtime/wasm_heap.ts";
import {
  ADAM_LOOPS,
  applyUpdate,
  newState,
  type OptimConfig,
} from "../kernels/nn/optim.ts";

const cfg: OptimConfig = {
  kind: "adam",
  lr: 0.001,
  momentum: 0,
  weightDecay: 0,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  alpha: 0.99,
};
const param = Tensor.zeros("f32", [128, 784]);
let heapParam: Tensor | null = null;
const gt = Tensor.zeros("f32", [784, 128]);
const p = param;
for (let i = 0; i < gt.size; i++) gt.data[i] = Math.sin(i);
const grads = {
  dense: Tensor.fromData("f32", [128, 784], gt.data),
  transposed: transposeLast2(gt),
};

// The same step with the weight and its gradient in the Wasm heap (the
// storage pool's backing under the wasm backend): the Wasm loop then updates
// them in place instead of staging copies.
const heapGrads: Record<string, Tensor> = {};
{
  const hp = heapView("f32", p.size), hg = heapView("f32", gt.size);
  if (hp !== null && hg !== null) {
    hg.set(gt.data);
    heapGrads["dense, heap"] = Tensor.fromData("f32", [128, 784], hg);
    heapParam = Tensor.fromData("f32", [128, 784], hp);
  }
}

for (const [name, g] of Object.entries({ ...grads, ...heapGrads })) {
  const p = name.endsWith("heap") ? heapParam! : param;
  for (const loop of ["js", "wasm", "native"] as const) {
    ADAM_LOOPS.native = loop === "native";
    ADAM_LOOPS.wasm = loop === "wasm";
    const s = newState(), times: number[] = [];
    for (let k = 0; k < 30; k++) applyUpdate(cfg, p, g, s);
    if (ADAM_LOOPS.last !== loop) {
      console.log(`${name} ${loop}: not available`);
      continue;
    }
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      for (let k = 0; k < 100; k++) applyUpdate(cfg, p, g, s);
      times.push((performance.now() - t) / 100);
    }
    times.sort((a, b) => a - b);
    console.log(`${name} ${loop}: ${times[2].toFixed(3)} ms/step`);
  }
}
