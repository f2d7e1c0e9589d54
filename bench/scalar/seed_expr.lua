-- The seed system's expression with runtime variables, N times into an accumulator.
local N = 10000000
local x = 0.5
local y = 1.5
local z = 2.0
local acc = 0.0
for i = 0, N - 1 do
  acc = acc + ((x + y) * z - 1.0) / (2.0 + x * y)
  x = x + 0.000001
  y = y - 0.000001
end
print(acc)
