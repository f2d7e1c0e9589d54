// What a training step's large allocations cost fresh against reused (the
// case for the storage pool, docs/performance.md "Storage pool"): the MLP
// step's six big f32 buffers (batch, weight gradient, activations), 1.5 MB.
// deno bench bench/alloc_reuse_bench.ts

const SIZES = [50176, 100352, 8192, 8192, 8192, 100352];
const keep: Float32Array[] = [];

function hold(a: Float32Array): void {
  keep.push(a);
  if (keep.length > 12) keep.splice(0, keep.length - 12);
}

Deno.bench("fresh arrays, one element written", { group: "step" }, () => {
  for (const n of SIZES) {
    const a = new Float32Array(n);
    a[n - 1] = 1;
    hold(a);
  }
});

Deno.bench("fresh arrays, filled", { group: "step", baseline: true }, () => {
  for (const n of SIZES) {
    const a = new Float32Array(n);
    a.fill(1);
    hold(a);
  }
});

const reused = SIZES.map((n) => new Float32Array(n));

Deno.bench("reused arrays, zeroed and filled", { group: "step" }, () => {
  for (const a of reused) {
    a.fill(0);
    a.fill(1);
  }
});
