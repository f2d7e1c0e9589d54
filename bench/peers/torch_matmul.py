# PyTorch's f32 matmul throughput, a peer of bench/wasm_gemm_bench.ts.
# usage: OPENBLAS_NUM_THREADS=T python3 torch_matmul.py T REPS N [N ...]
# Prints one line per N: "N WALL CPU": GFLOPS = 2 N^3 / time from the median
# wall time and from the median process CPU time of REPS products after
# warm-up (CPU time is steadier on a shared machine; for one thread).
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
        wall, cpu = [], []
        for _ in range(reps):
            t, u = time.perf_counter(), time.process_time()
            torch.matmul(a, b, out=c)
            cpu.append(time.process_time() - u)
            wall.append(time.perf_counter() - t)
        wall.sort()
        cpu.sort()
        f = 2 * n**3 / 1e9
        print(n, f / wall[reps // 2], f / max(cpu[reps // 2], 1e-9), flush=True)


main()
