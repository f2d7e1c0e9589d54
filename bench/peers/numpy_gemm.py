# numpy's f32 matmul throughput (OpenBLAS), a peer of bench/wasm_gemm_bench.ts.
# usage: OPENBLAS_NUM_THREADS=T python3 numpy_gemm.py T REPS N [N ...]
# Prints one line per N: "N WALL CPU": GFLOPS = 2 N^3 / time from the median
# wall time and the median process CPU time of REPS products after warm-up.
# T is taken from the environment.
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
        wall, cpu = [], []
        for _ in range(reps):
            t, u = time.perf_counter(), time.process_time()
            np.matmul(a, b, out=c)
            cpu.append(time.process_time() - u)
            wall.append(time.perf_counter() - t)
        wall.sort()
        cpu.sort()
        f = 2 * n**3 / 1e9
        print(n, f / wall[reps // 2], f / max(cpu[reps // 2], 1e-9), flush=True)


main()
