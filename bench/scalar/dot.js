// A dot product written as a loop over two 10,000-element Float32Arrays, N times.
const N = 300;
const LEN = 10_000;
const a = new Float32Array(LEN);
const b = new Float32Array(LEN);
for (let i = 0; i < LEN; i++) {
  a[i] = i / (LEN - 1);
  b[i] = 1.0 - i / (LEN - 1);
}
let total = 0.0;
for (let r = 0; r < N; r++) {
  let s = 0.0;
  for (let i = 0; i < LEN; i++) s += a[i] * b[i];
  total += s;
}
console.log(total);
