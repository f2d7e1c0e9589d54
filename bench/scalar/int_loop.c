// An integer loop of N iterations with `%` (the C peer of int_loop.dl).
#include <stdio.h>
int main(void) {
  int N = 10000000;
  int acc = 0;
  for (int i = 0; i < N; i++) acc = (acc + i % 7) % 1000003;
  printf("%d\n", acc);
  return 0;
}
