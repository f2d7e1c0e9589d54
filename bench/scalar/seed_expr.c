// The seed system's expression with runtime variables, N times into an
// accumulator (the C peer of seed_expr.dl).
#include <stdio.h>
int main(void) {
  int N = 10000000;
  double x = 0.5, y = 1.5, z = 2.0, acc = 0.0;
  for (int i = 0; i < N; i++) {
    acc += ((x + y) * z - 1.0) / (2.0 + x * y);
    x += 0.000001;
    y -= 0.000001;
  }
  printf("%.17g\n", acc);
  return 0;
}
