# numpy's f32 matmul throughput (OpenBLAS), a peer of bench/wasm_gemm_bench.ts.
# usage: OPENBLAS_NUM_THREADS=T python3 numpy_gemm.py T REPS N [N ...]
# Prints one line per N: "N GFLOPS" (median of REPS timed products after
# warm-up; GFLOPS = 2 N^3 / time). T is taken from the environment.
import sys
import time

import numpy as np


def main():
    reps = int(sys.argv[2])
    rng = np.random.default_rng(0)
    for n in map(int, sys.argv[3:]):
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        c = np.empty((n, n), dtype=np.float32)
        for _ in range(3):
            np.matmul(a, b, out=c)
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            np.matmul(a, b, out=c)
            times.append(time.perf_counter() - t)
        times.sort()
        print(n, 2 * n**3 / times[len(times) // 2] / 1e9, flush=True)


main()
