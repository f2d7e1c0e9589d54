-- An integer loop of N iterations with `%` (the sum stays within 32 bits).
local N = 10000000
local acc = 0
for i = 0, N - 1 do
  acc = (acc + i % 7) % 1000003
end
print(acc)
