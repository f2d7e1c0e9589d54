# Naive recursive Fibonacci.
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


N = 30
print(fib(N))
