-- Mandelbrot set on an N x N grid, at most 50 iterations per point; counts the points inside.
local N = 300
local ITER = 50
local inside = 0
for py = 0, N - 1 do
  local ci = 2.0 * py / N - 1.0
  for px = 0, N - 1 do
    local cr = 3.0 * px / N - 2.0
    local zr, zi, k = 0.0, 0.0, 0
    while k < ITER and zr * zr + zi * zi <= 4.0 do
      local t = zr * zr - zi * zi + cr
      zi = 2.0 * zr * zi + ci
      zr = t
      k = k + 1
    end
    if k == ITER then inside = inside + 1 end
  end
end
print(inside)
