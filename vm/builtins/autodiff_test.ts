// dl-level tests of grad, value_and_grad, models' gradients, params names,
// optimizers' first steps (PyTorch formulas), save/load and R0010.

import { strictEqual } from "node:assert";
import { errorOf, outputOf } from "../test_support.ts";

Deno.test("grad on floats, and grad of grad", () => {
  strictEqual(
    outputOf(`
let f = fn(x) { x * x * x }
print(grad(f)(2.0), grad(grad(f))(2.0), grad(grad(grad(f)))(2.0))
let (v, g) = value_and_grad(fn(x) { sin(x) * 2.0 })(0.0)
print(v, g)
`),
    "12.0 12.0 6.0\n0.0 2.0\n",
  );
});

Deno.test("grad on a float whose function branches on it", () => {
  strictEqual(
    outputOf(`
let f = fn(x) { if x > 0.0 && x < 10.0 { x * x } else { -x } }
let g = fn(x) { match x { v if v > 1.0 => v * 3.0, v => v } }
var n = 0.0
let h = fn(x) { var y = x; while y < 5.0 { y = y * 2.0 }; y }
print(grad(f)(3.0), grad(f)(-2.0), grad(grad(f))(3.0), grad(g)(2.0), grad(h)(1.5))
`),
    "6.0 -1.0 2.0 3.0 4.0\n",
  );
});

Deno.test("gelu has a second derivative; Embedding's gradient adds repeats", () => {
  strictEqual(
    outputOf(`
print(round(grad(grad(fn(x) { gelu(x) }))(0.0), 6))
seed(0)
let e = Embedding(3, 2)
let g = grad(fn(m) { sum(m(tensor([[2, 0, 2]]))) })(e)
print(g.weight)
`),
    "0.797885\n" +
      outputOf("print(tensor([[1.0, 1.0], [0.0, 0.0], [2.0, 2.0]]))"),
  );
});

Deno.test("grad on tensors, with extra arguments", () => {
  strictEqual(
    outputOf(`
let f = fn(x, w) { sum(x * x * w) }
print(grad(f)(tensor([1.0, 2.0, 3.0]), 2.0))
`),
    "Tensor<f32, [3]> [4. 8. 12.]\n".replace(
      "Tensor<f32, [3]> [4. 8. 12.]",
      outputOf("print(tensor([4.0, 8.0, 12.0]))").trim(),
    ),
  );
});

Deno.test("grad of a model mirrors its structure; params names", () => {
  const out = outputOf(`
seed(1)
model MLP() {
  let fc1 = Linear(3, 4)
  let fc2 = Linear(4, 2, bias: false)
  let scale = param(ones([2]))
  fn forward(x) { fc2(relu(fc1(x))) * scale }
}
let net = MLP()
for (name, t) in params(net) { print(name, t.shape) }
let g = grad(fn(m) { sum(m(ones([5, 3]))) })(net)
print(g.fc1.weight.shape, g.fc2.weight.shape, g.scale.shape)
let ps = params(g)
print(len(ps))
`);
  strictEqual(
    out,
    "fc1.weight [4, 3]\nfc1.bias [4]\nfc2.weight [2, 4]\nscale [2]\n" +
      "[4, 3] [2, 4] [2]\n4\n",
  );
});

Deno.test("a non-scalar result is a runtime error", () => {
  const e = errorOf(`print(grad(fn(x) { x * 2.0 })(ones([3])))`);
  strictEqual(e.code, "R0012");
});

Deno.test("modifying a tensor the gradient uses is R0010", () => {
  const e = errorOf(`
let f = fn(x) {
  let y = x * x
  x[0] = 5.0
  sum(y)
}
print(grad(f)(ones([3])))
`);
  strictEqual(e.code, "R0010");
});

Deno.test("SGD with momentum: first two steps by PyTorch's formula", () => {
  // p=1, g=2p (loss p²), lr .1, momentum .9, wd .1:
  // d1 = 2 + .1 = 2.1, buf = 2.1, p = 1 - .21 = .79
  // d2 = 1.58 + .079 = 1.659, buf = .9·2.1 + 1.659 = 3.549, p = .79 - .3549
  const out = outputOf(`
model P() { let w = param(tensor([1.0], dtype: f64)) }
let net = P()
let opt = SGD(net, lr: 0.1, momentum: 0.9, weight_decay: 0.1)
let loss = fn(m) { sum(m.w * m.w) }
opt.step(grad(loss)(net))
print(round(item(sum(net.w)), 10))
opt.step(grad(loss)(net))
print(round(item(sum(net.w)), 10))
`);
  strictEqual(out, "0.79\n0.4351\n");
});

Deno.test("Adam's first step moves each weight by lr; lr is settable", () => {
  const out = outputOf(`
model P() { let w = param(tensor([1.0, -2.0], dtype: f64)) }
let net = P()
let opt = Adam(net, lr: 0.1)
let loss = fn(m) { sum(m.w * m.w) }
opt.step(grad(loss)(net))
print(round(net.w[0], 6), round(net.w[1], 6))
opt.lr = 0.0
opt.step(grad(loss)(net))
print(round(net.w[0], 6), round(net.w[1], 6))
`);
  strictEqual(out, "0.9 -1.9\n0.9 -1.9\n");
});

Deno.test("save and load round-trip the parameters", () => {
  const path = Deno.makeTempFileSync({ suffix: ".safetensors" });
  try {
    const out = outputOf(`
seed(3)
let a = Linear(3, 2)
let b = Linear(3, 2)
save(a, "${path}")
load(b, "${path}")
print(item(sum(abs(a.weight - b.weight))), item(sum(abs(a.bias - b.bias))))
`);
    strictEqual(out, "0.0 0.0\n");
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("XOR trains to accuracy 1.0", () => {
  const src = Deno.readTextFileSync(
    new URL("../../examples/xor.dl", import.meta.url),
  );
  strictEqual(outputOf(src).trim().split("\n").at(-1), "accuracy 1.0");
});
