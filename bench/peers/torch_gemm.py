# PyTorch's f32 matmul throughput, the peer of bench/native_gemm_bench.ts.
# usage: OPENBLAS_NUM_THREADS=T python3 torch_gemm.py T REPS N [N ...]
# Prints one line per N: "N GFLOPS" (median of REPS timed products after
# warm-up; GFLOPS = 2 N^3 / time).
import sys
import time

import torch


def main():
    threads, reps = int(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(threads)
    for n in map(int, sys.argv[3:]):
        a, b = torch.randn(n, n), torch.randn(n, n)
        c = torch.empty(n, n)
        for _ in range(3):
            torch.matmul(a, b, out=c)
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            torch.matmul(a, b, out=c)
            times.append(time.perf_counter() - t)
        times.sort()
        print(n, 2 * n**3 / times[len(times) // 2] / 1e9, flush=True)


main()
