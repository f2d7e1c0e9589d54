// Mandelbrot set on an N x N grid, at most 50 iterations per point; counts the points inside.
const N = 300;
const ITER = 50;
let inside = 0;
for (let py = 0; py < N; py++) {
  const ci = 2.0 * py / N - 1.0;
  for (let px = 0; px < N; px++) {
    const cr = 3.0 * px / N - 2.0;
    let zr = 0.0, zi = 0.0, k = 0;
    while (k < ITER && zr * zr + zi * zi <= 4.0) {
      const t = zr * zr - zi * zi + cr;
      zi = 2.0 * zr * zi + ci;
      zr = t;
      k++;
    }
    if (k === ITER) inside++;
  }
}
console.log(inside);
