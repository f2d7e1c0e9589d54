# Mandelbrot set on an N x N grid, at most 50 iterations per point; counts the points inside.
N = 300
ITER = 50
inside = 0
for py in range(N):
    ci = 2.0 * float(py) / float(N) - 1.0
    for px in range(N):
        cr = 3.0 * float(px) / float(N) - 2.0
        zr = 0.0
        zi = 0.0
        k = 0
        while k < ITER and zr * zr + zi * zi <= 4.0:
            t = zr * zr - zi * zi + cr
            zi = 2.0 * zr * zi + ci
            zr = t
            k += 1
        if k == ITER:
            inside += 1
print(inside)
