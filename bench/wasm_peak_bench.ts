// The f32 multiply-add peak of this engine and core in Wasm: independent
// chains of f32x4.relaxed_madd (FMA where the hardware has it), four rounds
// of CHAINS chains per loop iteration, nothing loaded or stored. The Wasm
// GEMM's micro-kernel (6x8: 12 chains) is compared with this number in
// docs/performance.md. Usage: deno run -A bench/wasm_peak_bench.ts [CHAINS]

import {
  f32x4,
  FuncBuilder,
  get,
  i32,
  op,
  opi,
} from "../kernels/codegen/wasm_dsl.ts";
import { encodeModule } from "../kernels/codegen/wasm_encoder.ts";

const chains = Number(Deno.args[0] ?? 12);
const f = new FuncBuilder("peak", ["i32"], ["f32"]);
const it = f.local("i32");
const acc: number[] = [];
for (let i = 0; i < chains; i++) {
  acc.push(f.local("v128"));
  f.set(acc[i], f32x4(i * 0.001));
}
const a = f.local("v128"), b = f.local("v128");
f.set(a, f32x4(0.999));
f.set(b, f32x4(0.0001));
f.forRange(it, i32(0), get(0), i32(1), () => {
  for (let round = 0; round < 4; round++) {
    for (const c of acc) {
      f.set(c, op("f32x4.relaxed_madd", get(a), get(c), get(b)));
    }
  }
});
// The sum keeps every chain live.
let sum = get(acc[0]);
for (let i = 1; i < chains; i++) sum = op("f32x4.add", sum, get(acc[i]));
f.emit(opi("f32x4.extract_lane", [0], sum));
const bytes = encodeModule({ funcs: [f.finish()] });
const peak = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports
  .peak as (n: number) => number;

const iterations = 5_000_000;
const flopsPerIteration = 4 * chains * 8; // 4 lanes × (mul + add)
for (let round = 0; round < 4; round++) {
  const t0 = performance.now();
  peak(iterations);
  const s = (performance.now() - t0) / 1000;
  console.log(
    `${(iterations * flopsPerIteration / s / 1e9).toFixed(1)} GFLOPS`,
  );
}
