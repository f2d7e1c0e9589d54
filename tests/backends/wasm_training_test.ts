// Training through the Wasm element-wise kernels: after its first step a
// training loop compiles no new Wasm kernels (nor, on the wasm backend, any
// Wasm module or JS kernel for the benchmark's MLP), and the losses are the same
// numbers as on the JS kernels (1 and 2 threads).

import assert from "node:assert/strict";
import { JIT, withJit } from "../../kernels/jit/config.ts";
import {
  WASM_KERNELS,
  wasmKernelCount,
} from "../../kernels/runtime/wasm_elementwise.ts";
import { withWasmThreads } from "../../kernels/runtime/wasm_elementwise_pool.ts";
import { outputOf } from "../../vm/test_support.ts";
import { cachedKernelCount } from "../../kernels/jit/launch.ts";
import { wasmModulesCompiled } from "../../kernels/runtime/wasm_modules.ts";
import {
  selectBackend,
  selectedBackendName,
} from "../../kernels/runtime/registry.ts";
import "../../kernels/runtime/mod.ts";
import { ADAM_LOOPS } from "../../kernels/nn/optim.ts";

const TRAIN = (steps: number) => `
seed(1)
model MLP() {
    let fc1 = Linear(6, 16)
    let fc2 = Linear(16, 3)
    fn forward(x) { fc2(gelu(fc1(x)) * 0.5 + sigmoid(fc1(x))) }
}
let x = randn([32, 6])
let y = randint(0, 3, [32])
let net = MLP()
let opt = Adam(net, lr: 0.01)
let loss_of = fn(m) { cross_entropy(m(x), y) + 0.01 * sum(m.fc1.weight ** 2.0) }
for step in 0..${steps} {
    let (loss, g) = value_and_grad(loss_of)(net)
    opt.step(g)
    print(item(loss))
}
`;

function on<T>(backend: "js" | "wasm", fn: () => T): T {
  const old = JIT.backend;
  JIT.backend = backend;
  try {
    return withJit(true, fn, 0);
  } finally {
    JIT.backend = old;
  }
}

Deno.test("wasm: a training loop compiles no new kernels after its first step", () => {
  on("wasm", () => {
    const before = wasmKernelCount(), ran = WASM_KERNELS.launched;
    outputOf(TRAIN(1));
    const first = wasmKernelCount() - before;
    assert.ok(first > 0, "the first step compiles kernels");
    outputOf(TRAIN(5));
    assert.equal(wasmKernelCount() - before, first, "later steps compile none");
    assert.ok(WASM_KERNELS.launched - ran > 6 * first / 2, "kernels ran");
  });
});

/** The benchmark's MLP (784-128-10, Adam, batch 64) for `steps` steps. */
const MLP = (steps: number) => `
seed(0)
model MLP(inp: int, hidden: int, out: int) {
    let fc1 = Linear(inp, hidden)
    let fc2 = Linear(hidden, out)
    fn forward(x) { fc2(relu(fc1(x))) }
}
let net = MLP(784, 128, 10)
let opt = Adam(net, lr: 0.001)
let step = value_and_grad(fn(m, xb, yb) { cross_entropy(m(xb), yb) })
for i in 0..${steps} {
    let (loss, g) = step(net, rand([64, 784]), randint(0, 10, [64]))
    opt.step(g)
    print(item(loss))
}
`;

Deno.test("wasm backend: a warmed-up MLP training step compiles nothing", () => {
  const prev = selectedBackendName() ?? "js", loops = { ...ADAM_LOOPS };
  assert.equal(selectBackend("wasm", { threads: 2 }), null);
  // `./dl --backend wasm` may not load native code: Adam runs as Wasm.
  ADAM_LOOPS.native = false;
  try {
    on("wasm", () => {
      outputOf(MLP(2)); // warm-up: GEMM, Adam and element-wise modules
      const mods = wasmModulesCompiled(), wasm = wasmKernelCount();
      const js = cachedKernelCount(), ran = WASM_KERNELS.launched;
      assert.ok(mods > 0, "the warm-up compiled Wasm modules");
      assert.equal(outputOf(MLP(4)).trim().split("\n").length, 4);
      assert.equal(wasmModulesCompiled(), mods, "no new Wasm modules");
      assert.equal(wasmKernelCount(), wasm, "no new Wasm kernels");
      assert.equal(cachedKernelCount(), js, "no new JS kernels");
      assert.ok(WASM_KERNELS.launched > ran, "fused kernels ran as Wasm");
    });
  } finally {
    Object.assign(ADAM_LOOPS, loops);
    selectBackend(prev, { threads: 1 });
  }
});

Deno.test("wasm: training gives the same numbers as the JS kernels", () => {
  const js = on("js", () => outputOf(TRAIN(8)));
  const wasm = on("wasm", () => outputOf(TRAIN(8)));
  const wasm2 = withWasmThreads(
    2,
    () => on("wasm", () => outputOf(TRAIN(8))),
    0,
  );
  assert.equal(wasm, js);
  assert.equal(wasm2, js);
  assert.equal(js.split("\n").length, 9);
});

Deno.test("wasm: DL_DEBUG=4 prints Wasm kernels as text, DL_DEBUG=1 the backend", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/k.dl`;
  await Deno.writeTextFile(
    file,
    "let x = ones([3000])\nprint(sum(sqrt(x * 3.0) + 1.0))\n",
  );
  const run = async (level: string) => {
    const r = await new Deno.Command("./dl", {
      args: ["run", "--backend", "wasm", "--threads", "1", file],
      env: { DL_DEBUG: level },
    }).output();
    const td = new TextDecoder();
    return { out: td.decode(r.stdout), err: td.decode(r.stderr) };
  };
  const four = await run("4");
  assert.match(four.err, /\(func \$kernel \(export "kernel"\)/);
  assert.match(four.err, /f32x4\.sqrt/);
  assert.equal(four.out.trim(), "8196.152");
  const one = await run("1");
  assert.match(one.err, /debug: backend wasm/);
  assert.match(one.err, /wasm element-wise: 1 kernels compiled .* 1 launches/);
  await Deno.remove(dir, { recursive: true });
});
