# A dot product written as a loop over two 10,000-element f32 arrays, N times.
from array import array

N = 300
LEN = 10_000
a = array("f", [i / (LEN - 1) for i in range(LEN)])
b = array("f", [1.0 - i / (LEN - 1) for i in range(LEN)])
total = 0.0
for r in range(N):
    s = 0.0
    for i in range(LEN):
        s += a[i] * b[i]
    total += s
print(total)
