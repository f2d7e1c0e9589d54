// The fuzz corpus: input number i of a run is a pure function of (seed, i,
// valid programs), so a failure report of "seed S, input I" reproduces.

import { mutateProgram, randomBytesText, randomTokens } from "./generate.ts";
import { type PathologicalCase, pathologicalCases } from "./pathological.ts";
import { rngFor } from "./rng.ts";

/** One fuzz input and where it came from. */
export interface FuzzInput {
  readonly index: number;
  /** `bytes`, `tokens`, `mutation of PATH`, or `pathological: NAME`. */
  readonly origin: string;
  readonly text: string;
}

/** A valid program used as mutation material. */
export interface SeedProgram {
  readonly path: string;
  readonly text: string;
}

/** Small valid programs, used when no conformance programs or examples exist. */
export const BUILTIN_SEEDS: readonly SeedProgram[] = [
  {
    path: "<seed:basics>",
    text: `let x = 2
var y = x * 3 + 1
y += 1
print(x, y, x / y, 7 % 3, 2 ** 10, "s" + str(y))
fn fact(n: int) -> int { if n <= 1 { 1 } else { n * fact(n - 1) } }
print(fact(5))
for i in 0..3 { if i == 1 { continue }; print(i) }
let s = match y { 0 => "zero", 1 | 2 => "small", n if n < 0 => "neg", _ => "big" }
print(s)
`,
  },
  {
    path: "<seed:tensors>",
    text: `let a = [[1.0, 2.0], [3.0, 4.0]]
let b = a @ a.T + 1
print(b, b.shape, sum(b, axis: 1), mean(b))
let c = reshape(arange(6), [2, 3])
print(c[1, :], c[:, ::-1], c.dtype)
let g = grad(fn(x) { sum(x * x) })
print(g(a))
`,
  },
  {
    path: "<seed:models>",
    text: `model MLP(inp: int, out: int) {
    let fc = Linear(inp, out)
    fn forward(x) { relu(fc(x)) }
}
seed(0)
let net = MLP(4, 2)
let x = ones([3, 4])
print(net(x).shape)
let opt = SGD(net, lr: 0.1)
let loss = fn(m) { mean(m(x)) }
opt.step(grad(loss)(net))
let (v, gr) = value_and_grad(loss)(net)
print(v, len(params(net)))
var xs = []
push(xs, 1)
print(xs, (1, "a"), args())
`,
  },
];

/** Options for building the corpus. */
export interface CorpusOptions {
  readonly seed: number;
  /** Valid programs to mutate (conformance programs, examples). */
  readonly programs: readonly SeedProgram[];
  /** Pathological cases (taken first); defaults to pathologicalCases(). */
  readonly pathological?: readonly PathologicalCase[];
}

/** Builds a function from input index to fuzz input. */
export function makeCorpus(
  opts: CorpusOptions,
): (index: number) => FuzzInput {
  const patho = opts.pathological ?? pathologicalCases();
  const programs = opts.programs.length > 0 ? opts.programs : BUILTIN_SEEDS;
  return (index) => {
    if (index < patho.length) {
      const p = patho[index];
      return { index, origin: `pathological: ${p.name}`, text: p.text };
    }
    const rng = rngFor(opts.seed, index);
    const kind = index % 10;
    if (kind < 2) return { index, origin: "bytes", text: randomBytesText(rng) };
    if (kind < 5) return { index, origin: "tokens", text: randomTokens(rng) };
    const prog = rng.pick(programs);
    return {
      index,
      origin: `mutation of ${prog.path}`,
      text: mutateProgram(rng, prog.text),
    };
  };
}
