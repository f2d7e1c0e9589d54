# An integer loop of N iterations with `%` (the sum stays within 32 bits).
N = 10_000_000
acc = 0
for i in range(N):
    acc = (acc + i % 7) % 1_000_003
print(acc)
