# The seed system's expression with runtime variables, N times into an accumulator.
N = 10_000_000
x = 0.5
y = 1.5
z = 2.0
acc = 0.0
for i in range(N):
    acc += ((x + y) * z - 1.0) / (2.0 + x * y)
    x += 0.000001
    y -= 0.000001
print(acc)
