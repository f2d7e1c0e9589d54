// The lazy tensor graph's behaviour through whole programs: writes never
// change pending values, a training loop compiles no new kernels after its
// first step, gradients and training give the same numbers with the JIT on
// and off, integer errors keep their spans, and DL_DEBUG=4 prints kernels.

import assert from "node:assert/strict";
import { elementwise } from "../../kernels/elementwise.ts";
import { withJit } from "../../kernels/jit/config.ts";
import { cachedKernelCount } from "../../kernels/jit/launch.ts";
import { setIndex } from "../../kernels/graph/traced.ts";
import { floatScalar } from "../../compiler/core/scalar.ts";
import { Tensor, toArray } from "../../kernels/tensor.ts";
import { errorOf, outputOf } from "../../vm/test_support.ts";

Deno.test("a write after a pending op does not change its value", () => {
  const out = withJit(
    true,
    () =>
      outputOf(`
let x = [1.0, 2.0, 3.0]
let y = x * 2.0
let z = y + x
x[0] = 5.0
print(y)
print(z)
print(x * 2.0)
`),
    0,
  );
  assert.equal(
    out,
    "tensor([2.0, 4.0, 6.0], dtype=f32, shape=[3])\n" +
      "tensor([3.0, 6.0, 9.0], dtype=f32, shape=[3])\n" +
      "tensor([10.0,  4.0,  6.0], dtype=f32, shape=[3])\n",
  );
});

Deno.test("writes through views and into a pending tensor's own storage", () => {
  withJit(true, () => {
    const x = Tensor.fromData("f32", [2, 2], Float32Array.from([1, 2, 3, 4]));
    const y = elementwise("mul", [x, floatScalar(10)]);
    const w = elementwise("add", [y, floatScalar(1)]);
    setIndex(x, [1], floatScalar(0));
    assert.ok(y.isPending && w.isPending, "the write computed nothing");
    assert.deepEqual(toArray(w), [11, 21, 31, 41]);
    setIndex(y, [0], floatScalar(-1));
    assert.deepEqual(toArray(y), [-1, -1, 30, 40]);
    // A new expression over the written storage sees the new values.
    assert.deepEqual(toArray(elementwise("mul", [x, floatScalar(10)])), [
      10,
      20,
      0,
      0,
    ]);
  }, 0);
});

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

Deno.test("a training loop compiles no new kernels after its first step", () => {
  withJit(true, () => {
    const before = cachedKernelCount();
    outputOf(TRAIN(1));
    const first = cachedKernelCount() - before;
    assert.ok(first > 0, "the first step compiles kernels");
    outputOf(TRAIN(5));
    assert.equal(
      cachedKernelCount() - before,
      first,
      "later steps compile none",
    );
  }, 0);
});

Deno.test("training gives the same numbers with the JIT on and off", () => {
  const eager = withJit(false, () => outputOf(TRAIN(8)));
  const lazy = withJit(true, () => outputOf(TRAIN(8)), 0);
  assert.equal(lazy, eager);
  assert.equal(lazy.split("\n").length, 9);
});

Deno.test("integer errors still point at their expression", () => {
  const e = withJit(true, () =>
    errorOf(`
let a = [2147483647, 1]
let b = a * 2.0
let c = a + 1
print(b)
`));
  assert.equal(e.code, "R0001");
  assert.match(e.text, /let c = a \+ 1/);
});

Deno.test("DL_DEBUG=4 prints generated kernels, DL_DEBUG=1 the counts", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/k.dl`;
  await Deno.writeTextFile(
    file,
    "let x = ones([3000])\nprint(sum(exp(x) * 2.0))\n",
  );
  const run = async (level: string) => {
    const r = await new Deno.Command("./dl", {
      args: ["run", file],
      env: { DL_DEBUG: level },
    }).output();
    return new TextDecoder().decode(r.stderr);
  };
  const four = await run("4");
  assert.match(four, /return function dl_kernel_\d+\(B, O, P, out\)/);
  assert.match(four, /Math\.exp/);
  assert.match(await run("1"), /jit 1 kernels compiled .* 1 launches/);
  await Deno.remove(dir, { recursive: true });
});
