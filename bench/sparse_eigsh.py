#!/usr/bin/env python3
"""Sparse top-k comparison for bench/estimators-bench.sh.

  sparse_eigsh.py generate FILE.mtx N     a sparse symmetric matrix with well-separated top eigenvalues (fixed seed):
                                          a permuted diagonal 1/rank plus 4 random symmetric off-diagonal entries per
                                          row of size 1e-3
  sparse_eigsh.py time FILE.mtx K         scipy.sparse.linalg.eigsh(k=K, which='LA'): median of 3 after one warm-up
"""
import json
import sys
import time

import numpy as np
import scipy.io
import scipy.sparse as sp
import scipy.sparse.linalg as sla


def generate(path, n):
    rng = np.random.default_rng(7)
    diag = 1.0 / (1.0 + rng.permutation(n))
    m = 2 * n
    rows = rng.integers(0, n, m)
    cols = rng.integers(0, n, m)
    vals = 1e-3 * rng.standard_normal(m)
    off = sp.coo_matrix((vals, (rows, cols)), shape=(n, n)).tocsr()
    a = sp.diags(diag) + off + off.T
    scipy.io.mmwrite(path, a.tocoo(), symmetry="symmetric")


def timed(path, k):
    t0 = time.perf_counter()
    a = scipy.io.mmread(path).tocsr()
    read = time.perf_counter() - t0
    sla.eigsh(a, k=k, which="LA")
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        vals = sla.eigsh(a, k=k, which="LA", return_eigenvectors=False)
        times.append(time.perf_counter() - t0)
    times.sort()
    print(json.dumps({"read_seconds": read, "seconds": times[1], "values": sorted(vals.tolist()),
                      "scipy": scipy.__version__}))


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]))
    else:
        timed(sys.argv[2], int(sys.argv[3]))
