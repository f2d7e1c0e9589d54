// The seed system's expression with runtime variables, N times into an accumulator.
const N = 10_000_000;
let x = 0.5;
let y = 1.5;
const z = 2.0;
let acc = 0.0;
for (let i = 0; i < N; i++) {
  acc += ((x + y) * z - 1.0) / (2.0 + x * y);
  x += 0.000001;
  y -= 0.000001;
}
console.log(acc);
