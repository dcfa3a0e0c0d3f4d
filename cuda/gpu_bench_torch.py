#!/usr/bin/env python3
"""PyTorch side of the GPU benchmark (issue 6): torch.linalg.eigh at n = 4096 and 16384 and Cholesky log-determinant
(torch.linalg.cholesky + 2 * sum(log(diag))) at n = 32768, in float64, on the same GPU and with the same matrix recipes
as GpuBench.java. Each time is the median of 3 runs after a warm-up, measured two ways: with the matrix already on the
GPU ("device"), and end to end from host memory and back ("with_transfers"), the latter being what Spectral's numbers
include. Writes OUT/gpu-bench-torch.json, one JSON object per line. Usage: gpu_bench_torch.py OUT [eig sizes] [chol sizes]
"""
import json
import os
import sys
import time


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "out/gpu-check"
    eig_sizes = [int(s) for s in (sys.argv[2] if len(sys.argv) > 2 else "4096,16384").split(",") if s]
    chol_sizes = [int(s) for s in (sys.argv[3] if len(sys.argv) > 3 else "32768").split(",") if s]
    os.makedirs(out, exist_ok=True)
    try:
        import torch
    except ImportError as e:
        print(f"gpu_bench_torch: no PyTorch: {e}", file=sys.stderr)
        return 3
    if not torch.cuda.is_available():
        print("gpu_bench_torch: torch.cuda.is_available() is False", file=sys.stderr)
        return 3
    dev = torch.device("cuda")
    name = torch.cuda.get_device_name(0)
    meta = {"torch": torch.__version__, "cuda": torch.version.cuda, "device": name}

    def median(f):
        f()
        torch.cuda.synchronize()
        times = []
        for _ in range(3):
            t = time.perf_counter()
            f()
            torch.cuda.synchronize()
            times.append(time.perf_counter() - t)
        return sorted(times)[1]

    rows = []
    for n in eig_sizes:
        g = torch.Generator().manual_seed(1)
        a = torch.randn(n, n, dtype=torch.float64, generator=g)
        a = (a + a.T) / 2
        ad = a.to(dev)
        t_dev = median(lambda: torch.linalg.eigh(ad))
        t_all = median(lambda: [x.cpu() for x in torch.linalg.eigh(a.to(dev))])
        rows.append({"impl": "torch", "op": "syevd", "n": n, "seconds_device": t_dev, "seconds_with_transfers": t_all, **meta})
        del ad
        torch.cuda.empty_cache()
    for n in chol_sizes:
        g = torch.Generator().manual_seed(2)
        a = (torch.rand(n, n, dtype=torch.float64, generator=g) * 2 - 1) / n
        a = torch.tril(a, -1)
        a = a + a.T
        a.diagonal().fill_(2.0)
        ad = a.to(dev)
        logdet = {}

        def chol(x):
            l = torch.linalg.cholesky(x)
            logdet["v"] = float(2 * torch.log(torch.diagonal(l)).sum())

        t_dev = median(lambda: chol(ad))
        t_all = median(lambda: chol(a.to(dev)))
        rows.append({"impl": "torch", "op": "cholesky_logdet", "n": n, "seconds_device": t_dev,
                     "seconds_with_transfers": t_all, "logdet": logdet["v"], **meta})
        del ad
        torch.cuda.empty_cache()
    with open(os.path.join(out, "gpu-bench-torch.json"), "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    for r in rows:
        print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
