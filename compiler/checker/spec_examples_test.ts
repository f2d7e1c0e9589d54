// The spec's example programs (LANGUAGE.md §3–6) check clean; §6's MLP
// both as written (Linear is a builtin layer) and with a user model in
// Linear's place.

import { expectClean, expectTypes } from "./test_util.ts";

Deno.test("§3 expressions", () => {
  expectClean(`
let v = -3
let word = match v { 0 => "zero", 1 | 2 => "small", n if n < 0 => "negative", _ => "big" }
let x = randn([4, 8])
let rowsum = x.sum(axis: 1)
let a = x[1]
let b = x[1, 2]
let c = x[1:, :-1]
let d = x[:, 2]
let e = x[::2]
let f = x[::-1]
let g = -2 ** 2
let t = ((1, 2), 3)
let inner = (t.0).1
let double = fn(y) { y * 2 }
print(double(21), x.shape, x.dtype, x.T, x.ndim, int(2.9), float(3))
let m = if v > 0 { "pos" } else { "non-pos" }
for i in 0..3 { print(i) }
for j in 0..=3 { print(j) }
print(max(v, 2), abs(v), min(1.5, 2.5))
`);
});

Deno.test("§4 statements", () => {
  expectClean(`
let x = 1
let y: float = 2.5
var z = 0
z = 1
z += 2
z -= 1
z *= 3
var w = 1.0
w /= 2.0
let t = zeros([3])
t[0] = 1.0
let pairs = [(1, "a"), (2, "b")]
let (n, s) = pairs[0]
for (k, name) in pairs {
    if k == 1 { continue } else if k > 5 { break } else { print(name) }
}
while z > 0 { z -= 1 }
for row in zeros([2, 3]) { print(row) }
for item in ["a", "b"] { print(item) }
fn early(q) { if q { return 1 }
    2 }
print(early(true))
`);
});

Deno.test("§5 functions", () => {
  expectTypes(
    `
fn affine(x: Tensor<f32, [B, N]>, w: Tensor<f32, [N, M]>, b) -> Tensor<f32, [B, M]> {
    x @ w + b
}
let out = affine(randn([32, 784]), randn([784, 128]), zeros([128]))
fn fact(n) { if n <= 1 { 1 } else { n * fact(n - 1) } }
fn make_counter() {
    var c = 0
    fn() { c += 1
        c }
}
let counter = make_counter()
let one = counter()
`,
    { out: "Tensor<f32, [32, 128]>", one: "int" },
  );
});

const MLP = `model MLP(inp: int, hidden: int, out: int) {
    let fc1 = Linear(inp, hidden)
    let fc2 = Linear(hidden, out)
    fn forward(x) { fc2(relu(fc1(x))) }
}
let net = MLP(784, 128, 10)
let x = randn([64, 784])
let logits = net(x)          // calls forward
print(net.fc1.weight.shape)  // [128, 784]
`;

Deno.test("§6 models, with a user-defined Linear", () => {
  expectClean(
    `model Linear(inp: int, out: int) {
    let weight = param(randn([out, inp]))
    let bias = param(zeros([out]))
    fn forward(x) { x @ weight.T + bias }
}
fn param(t) { t }
` + MLP + "net.fc1.weight = randn([128, 784])\n",
  );
});

Deno.test("§6 as written: Linear is a builtin layer", () => {
  expectClean(MLP);
});
