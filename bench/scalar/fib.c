// Naive recursive Fibonacci (the C peer of fib.dl, gcc -O2).
#include <stdio.h>
static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int main(void) {
  int N = 30;
  printf("%d\n", fib(N));
  return 0;
}
