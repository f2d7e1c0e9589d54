// fib.c with dl's integer semantics: every addition checked for i32
// overflow (dl raises an error there). With the check gcc -O2 can no longer
// turn the second recursive call into a loop that reassociates the sums, the
// transformation behind plain C's lead over `dl run --engine native`
// (docs/performance.md).
#include <stdio.h>
#include <stdlib.h>
static int fib(int n) {
  if (n < 2) return n;
  int a = fib(n - 1), b = fib(n - 2), r;
  if (__builtin_add_overflow(a, b, &r)) {
    fputs("integer overflow\n", stderr);
    exit(1);
  }
  return r;
}
int main(void) {
  int N = 30;
  printf("%d\n", fib(N));
  return 0;
}
