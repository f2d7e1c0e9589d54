"""Makes the byte fixtures of kernels/data tests with numpy and Python's gzip,
independent implementations of the formats dl reads and writes.

    python3 tests/data/make_fixtures.py   # from the repository root

Deterministic: gzip members carry mtime 0.
"""
import gzip
import io
import os

import numpy as np
import numpy.lib.format as fmt

HERE = os.path.dirname(os.path.abspath(__file__))


def save_npy(name, array, version=None):
    buf = io.BytesIO()
    if version is None:
        np.save(buf, array)
    else:
        fmt.write_array(buf, array, version=version)
    with open(os.path.join(HERE, "npy", name), "wb") as f:
        f.write(buf.getvalue())


def main():
    # What np.save writes for each dtype dl writes (writeNpy must match byte for byte).
    save_npy("f4_2x3.npy", np.arange(6, dtype="<f4").reshape(2, 3) / 4)
    save_npy("f8_scalar.npy", np.float64(3.5))
    save_npy("i4_3.npy", np.array([1, -2, 2147483647], dtype="<i4"))
    save_npy("b1_2x2.npy", np.array([[True, False], [False, True]]))
    save_npy("i1_4.npy", np.array([-128, -1, 0, 127], dtype="i1"))
    save_npy("f4_0.npy", np.zeros((0,), dtype="<f4"))
    save_npy("f4_2x0x3.npy", np.zeros((2, 0, 3), dtype="<f4"))
    # What dl reads beyond that.
    a = np.arange(24, dtype="<f4").reshape(2, 3, 4)
    save_npy("f4_fortran_2x3x4.npy", np.asfortranarray(a))
    save_npy("f4_big_endian.npy", np.array([1.5, -2.0, 3.25], dtype=">f4"))
    save_npy("i8_3.npy", np.array([0, -5, 7], dtype="<i8"))
    save_npy("i8_too_big.npy", np.array([1, 2**40], dtype="<i8"))
    save_npy("u1_3.npy", np.array([0, 200, 255], dtype="u1"))
    save_npy("i2_3.npy", np.array([-300, 0, 300], dtype="<i2"))
    save_npy("f2_4.npy", np.array([1.0, -0.5, 65504, np.inf], dtype="<f2"))
    save_npy("f8_v2.npy", np.array([1.0, 2.0]), version=(2, 0))
    save_npy("f8_v3.npy", np.array([1.0, 2.0]), version=(3, 0))
    save_npy("c8_unsupported.npy", np.array([1 + 2j], dtype="<c8"))
    # IDX labels written with Python's gzip (mtime 0), and the same plain.
    labels = bytes([0, 0, 0x08, 1, 0, 0, 0, 5, 3, 1, 4, 1, 5])
    with open(os.path.join(HERE, "idx", "labels-idx1-ubyte"), "wb") as f:
        f.write(labels)
    with open(os.path.join(HERE, "idx", "labels-idx1-ubyte.gz"), "wb") as f:
        f.write(gzip.compress(labels, mtime=0))


if __name__ == "__main__":
    main()
