// An integer loop of N iterations with `%` (the sum stays within 32 bits).
const N = 10_000_000;
let acc = 0;
for (let i = 0; i < N; i++) {
  acc = (acc + i % 7) % 1_000_003;
}
console.log(acc);
