// Naive recursive Fibonacci.
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
const N = 30;
console.log(fib(N));
