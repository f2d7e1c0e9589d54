// Mandelbrot set on an N x N grid, at most 50 iterations per point (the C
// peer of mandelbrot.dl).
#include <stdio.h>
int main(void) {
  int N = 300;
  int ITER = 50;
  int inside = 0;
  for (int py = 0; py < N; py++) {
    double ci = 2.0 * (double)py / (double)N - 1.0;
    for (int px = 0; px < N; px++) {
      double cr = 3.0 * (double)px / (double)N - 2.0;
      double zr = 0.0, zi = 0.0;
      int k = 0;
      while (k < ITER && zr * zr + zi * zi <= 4.0) {
        double t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        k++;
      }
      if (k == ITER) inside++;
    }
  }
  printf("%d\n", inside);
  return 0;
}
