// Tests of the vectorized Wasm transcendentals against binary64 references
// rounded to f32: at most 2 ulp over the whole f32 range, with exact edge
// cases (±0, ±inf, nan, denormals).

import assert from "node:assert/strict";
import { erfc, gelu, sigmoid } from "../../compiler/core/special_math.ts";
import {
  emitExpF32,
  emitGeluErfF32,
  emitGeluTanhF32,
  emitLogF32,
  emitSigmoidF32,
  emitTanhF32,
  mathModule,
} from "../codegen/wasm_math.ts";
import { compileWasm } from "./wasm_modules.ts";

type ArrayFn = (src: number, dst: number, n: number) => void;

const EMITTERS = {
  exp: emitExpF32,
  log: emitLogF32,
  tanh: emitTanhF32,
  sigmoid: emitSigmoidF32,
  gelu_tanh: emitGeluTanhF32,
  gelu: emitGeluErfF32,
};

/** tanh-form GELU in binary64, without 1 + tanh's cancellation. */
function geluTanhRef(x: number): number {
  if (x === -Infinity) return NaN;
  const u = Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x);
  return x * sigmoid(2 * u);
}

const REFS: Record<keyof typeof EMITTERS, (x: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  sigmoid,
  gelu_tanh: geluTanhRef,
  gelu,
};

const N = 1 << 20;
const c = compileWasm(
  "test-math",
  () => mathModule(EMITTERS, { min: 140, max: 140 }),
);
if (!c.ok) throw new Error(c.reason);
const inst = new WebAssembly.Instance(c.module);
const ex = inst.exports as unknown as
  & Record<keyof typeof EMITTERS, ArrayFn>
  & { memory: WebAssembly.Memory };
const mem = new Float32Array(ex.memory.buffer);

/** Position of an f32 on the ordered line of floats (for ulp distances). */
function ordinal(x: number): number {
  const b = new Int32Array(new Float32Array([x]).buffer)[0];
  return b >= 0 ? b : -2147483648 - b;
}

function ulps(got: number, want: number): number {
  if (Number.isNaN(want) || Number.isNaN(got)) {
    return Number.isNaN(want) && Number.isNaN(got) ? 0 : Infinity;
  }
  if (Object.is(got, want)) return 0;
  if (got === 0 && want === 0) return 1; // wrong sign of zero
  return Math.abs(ordinal(got) - ordinal(want));
}

/** Runs `name` on xs and returns the worst ulp error and its input. */
function worst(name: keyof typeof EMITTERS, xs: Float32Array) {
  let max = 0, at = NaN, got = NaN;
  for (let o = 0; o < xs.length; o += N) {
    const n = Math.min(N, xs.length - o);
    mem.set(xs.subarray(o, o + n), 0);
    ex[name](0, N * 4, n);
    for (let i = 0; i < n; i++) {
      const want = Math.fround(REFS[name](xs[o + i]));
      const e = ulps(mem[N + i], want);
      if (e > max) [max, at, got] = [e, xs[o + i], mem[N + i]];
    }
  }
  return { max, at, got };
}

/** Every 509th f32 bit pattern (both signs, all exponents, denormals, nan, inf). */
function wholeRange(): Float32Array {
  const bits = new Uint32Array(Math.ceil(2 ** 32 / 509) + 1);
  for (let i = 0; i < bits.length; i++) {
    bits[i] = Math.min(i * 509, 2 ** 32 - 1);
  }
  return new Float32Array(bits.buffer);
}

/** Uniform samples in [lo, hi]. */
function dense(lo: number, hi: number, n: number): Float32Array {
  return Float32Array.from(
    { length: n },
    (_, i) => lo + (hi - lo) * i / (n - 1),
  );
}

const EDGES = new Float32Array([
  0,
  -0,
  Infinity,
  -Infinity,
  NaN,
  1,
  -1,
  1.401298464324817e-45,
  -1.401298464324817e-45,
  1.1754942106924411e-38,
  -1.1754942106924411e-38,
  3.4028234663852886e38,
  -3.4028234663852886e38,
  88.72283935546875,
  88.7228470,
  -87.33654022216797,
  -103.972,
  -104,
  0.625,
  -0.625,
  0.5,
  9,
  -9,
  1e-7,
  -1e-7,
  0.84375,
  1.25,
  2.857,
  -13.5,
  -14.1,
  20,
  -20,
]);

for (const name of Object.keys(EMITTERS) as (keyof typeof EMITTERS)[]) {
  Deno.test(`wasm ${name}: within 2 ulp over the whole f32 range`, () => {
    for (const xs of [wholeRange(), dense(-20, 20, 200_001), EDGES]) {
      const w = worst(name, xs);
      if (Deno.env.get("SHOW")) console.log(name, w);
      assert.ok(w.max <= 2, `${name}(${w.at}) = ${w.got}: ${w.max} ulp`);
    }
  });
}

Deno.test("wasm math: exact edge cases", () => {
  const run = (name: keyof typeof EMITTERS, x: number) => {
    mem[0] = x;
    ex[name](0, 64, 1);
    return mem[16];
  };
  assert.equal(run("exp", -Infinity), 0);
  assert.equal(run("exp", Infinity), Infinity);
  assert.equal(run("exp", 0), 1);
  assert.ok(Object.is(run("log", 0), -Infinity));
  assert.ok(Object.is(run("log", -0), -Infinity));
  assert.ok(Number.isNaN(run("log", -1)));
  assert.equal(run("log", 1), 0);
  assert.ok(Object.is(run("tanh", -0), -0));
  assert.equal(run("tanh", -Infinity), -1);
  assert.equal(run("sigmoid", -Infinity), 0);
  assert.equal(run("sigmoid", Infinity), 1);
  assert.equal(run("gelu", Infinity), Infinity);
  assert.ok(Object.is(run("gelu", -0), -0));
  assert.ok(Number.isNaN(run("gelu", NaN)));
  assert.equal(run("gelu", 1), Math.fround(0.8413447460685429));
  assert.equal(run("gelu", -3), Math.fround(-0.004049694094890279));
  assert.equal(run("gelu_tanh", 1), Math.fround(0.8411919906082768));
  assert.ok(erfc(30) === 0); // the reference's own tail
});

Deno.test("wasm math: tails are exact (n not a multiple of 4)", () => {
  mem.fill(7, 0, 64);
  mem.set([1, 2, 3], 0);
  ex.exp(0, 128, 3);
  assert.deepEqual(
    [...mem.subarray(32, 35)],
    [1, 2, 3].map((x) => Math.fround(Math.exp(x))),
  );
});
