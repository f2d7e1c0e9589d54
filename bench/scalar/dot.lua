-- A dot product written as a loop over two 10,000-element arrays, N times
-- (Lua has no f32 storage: the arrays hold doubles).
local N = 300
local LEN = 10000
local a, b = {}, {}
for i = 1, LEN do
  a[i] = (i - 1) / (LEN - 1)
  b[i] = 1.0 - (i - 1) / (LEN - 1)
end
local total = 0.0
for r = 1, N do
  local s = 0.0
  for i = 1, LEN do
    s = s + a[i] * b[i]
  end
  total = total + s
end
print(total)
