"""The PyTorch peer of bench/programs/mlp_epoch.dl: one epoch of
Fashion-MNIST with an MLP 784-128-10 (ReLU, Adam 1e-3, batch 64, shuffled) on
the CPU. Prints `seconds`, `loss` and `test_accuracy`, one per line.

Usage: /usr/bin/python3 mlp_torch.py [THREADS] [DATA_DIR]
(THREADS defaults to 1; run it with OPENBLAS_NUM_THREADS=1 too)."""

import gzip
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = struct.unpack(">" + "I" * ndim, raw[4 : 4 + 4 * ndim])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def split(root, prefix):
    x = load_idx(os.path.join(root, f"{prefix}-images-idx3-ubyte.gz"))
    y = load_idx(os.path.join(root, f"{prefix}-labels-idx1-ubyte.gz"))
    x = torch.from_numpy(x.reshape(len(x), 784).astype(np.float32) / 255.0)
    return x, torch.from_numpy(y.astype(np.int64))


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    root = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/datasets/fashion-mnist"
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    xs, ys = split(root, "train")
    xt, yt = split(root, "t10k")
    net = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    start = time.perf_counter()
    order = torch.randperm(len(xs))
    total, count = 0.0, 0
    for i in range(0, len(xs), 64):
        idx = order[i : i + 64]
        loss = F.cross_entropy(net(xs[idx]), ys[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item()
        count += 1
    print("seconds", time.perf_counter() - start)
    print("loss", total / count)
    with torch.no_grad():
        acc = (net(xt).argmax(1) == yt).float().mean().item()
    print("test_accuracy", acc)
    print("threads", torch.get_num_threads())


if __name__ == "__main__":
    main()
