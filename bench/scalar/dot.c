// A dot product written as a loop over two 10,000-element float arrays, N
// times (the C peer of dot.dl; f32 products summed in double as dl does).
// The empty asm with a memory clobber at the top of each repetition stops gcc
// from computing the loop-invariant inner product once and reusing it: the
// benchmark measures N dot products, as dl performs them.
#include <stdio.h>
int main(void) {
  int N = 300;
  enum { LEN = 10000 };
  static float a[LEN], b[LEN];
  for (int i = 0; i < LEN; i++) {
    a[i] = (float)((double)i / (LEN - 1));
    b[i] = (float)(1.0 - (double)i / (LEN - 1));
  }
  double total = 0.0;
  for (int r = 0; r < N; r++) {
    __asm__ __volatile__("" ::: "memory");
    double s = 0.0;
    for (int i = 0; i < LEN; i++) s += (double)a[i] * (double)b[i];
    total += s;
  }
  printf("%.17g\n", total);
  return 0;
}
