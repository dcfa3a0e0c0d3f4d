#!/usr/bin/env python3
"""numpy side of bench/run-bench.sh: writes the shared test matrices, times numpy on them with the same protocol as
the JMH runs, and writes BENCHMARKS.md from both sides' results.

  numpy_bench.py generate DIR N...                      spd-N.npy for each N (fixed seeds)
  numpy_bench.py time DIR N OP WARMUP ITERS SECONDS     one JSON line: per-iteration mean seconds per op
  numpy_bench.py ctime DIR N OP WARMUP ITERS SECONDS    the same for the system OpenBLAS called directly (ctypes):
                                                        the library Spectral uses, without the JVM
  numpy_bench.py blas                                   one JSON line: numpy's BLAS/LAPACK and its thread count
  numpy_bench.py report DIR OUT.md                      adds this run's rows to OUT.md (written atomically)
"""
import ctypes
import datetime
import glob
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time

import numpy as np

OPS = {
    # Same LAPACK drivers as Spectral: dsyevd (jobz N), dgesdd (jobz N), dpotrf.
    "eighValues": ("eigh, values only (dsyevd)", lambda a: np.linalg.eigvalsh(a)),
    "svdValues": ("SVD, values only (dgesdd)", lambda a: np.linalg.svd(a, compute_uv=False)),
    "choleskyLogDet": ("log det by Cholesky (dpotrf)",
                       lambda a: 2.0 * np.sum(np.log(np.diagonal(np.linalg.cholesky(a))))),
}
BEGIN_ROWS, END_ROWS = "<!-- rows:begin -->", "<!-- rows:end -->"
BEGIN_RUNS, END_RUNS = "<!-- runs:begin -->", "<!-- runs:end -->"


def generate(directory, sizes):
    for n in sizes:
        rng = np.random.default_rng(20240601 + n)
        g = rng.standard_normal((n, n))
        a = g @ g.T / n + np.eye(n)
        a = (a + a.T) / 2  # exactly symmetric: fl(x + y) = fl(y + x)
        # Fortran order is Spectral's layout; numpy copies into LAPACK layout either way.
        np.save(os.path.join(directory, f"spd-{n}.npy"), np.asfortranarray(a))


def time_op(directory, n, op, warmup, iterations, seconds, direct=False):
    """JMH's AverageTime protocol: each iteration repeats the op until `seconds` have passed (at least once) and
    scores total time / ops; warm-up iterations are discarded. direct: the system OpenBLAS through ctypes."""
    a = np.load(os.path.join(directory, f"spd-{n}.npy"))
    fn = c_op(op, n) if direct else OPS[op][1]
    if direct:  # the direct call must compute what numpy computes
        ref_value, got = OPS[op][1](a), fn(a)
        if not np.allclose(np.sort(np.atleast_1d(ref_value)), np.sort(np.atleast_1d(got)), rtol=1e-9, atol=1e-9):
            raise SystemExit("numpy_bench: direct %s disagrees with numpy" % op)
    scores = []
    for it in range(warmup + iterations):
        count = 0
        start = time.perf_counter()
        while True:
            fn(a)
            count += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        if it >= warmup:
            scores.append(elapsed / count)
    print(json.dumps({"op": op, "n": n, "scores": scores}))


SYSTEM_OPENBLAS = ("/usr/lib/x86_64-linux-gnu/libopenblas.so.0", "/usr/lib/aarch64-linux-gnu/libopenblas.so.0")


def system_lapack():
    """The system OpenBLAS that Spectral loads through netlib, called directly (no numpy, no JVM)."""
    for path in SYSTEM_OPENBLAS:
        if os.path.exists(path):
            return ctypes.CDLL(path)
    raise SystemExit("numpy_bench: no system libopenblas.so.0 found in " + ", ".join(SYSTEM_OPENBLAS))


def c_op(op, n):
    """The same LAPACK driver as Spectral on the system OpenBLAS through ctypes, including the copy of the input that
    LAPACK overwrites; workspace sizes are queried once, outside the timed calls."""
    lib = system_lapack()
    i = ctypes.c_int
    p = lambda arr: arr.ctypes.data_as(ctypes.c_void_p)
    ref = lambda v: ctypes.byref(v)
    ch = lambda c: ctypes.c_char_p(c.encode())
    one = ctypes.c_size_t(1)  # gfortran's hidden string lengths
    info = i(0)
    nn = i(n)
    if op == "choleskyLogDet":
        def run(a):
            b = np.array(a, order="F", copy=True)
            lib.dpotrf_(ch("L"), ref(nn), p(b), ref(nn), ref(info), one)
            if info.value != 0:
                raise RuntimeError("dpotrf info %d" % info.value)
            return 2.0 * np.sum(np.log(np.diagonal(b)))
        return run
    if op == "eighValues":
        w = np.empty(n)
        wq, iq = np.empty(1), np.empty(1, dtype=np.int32)
        b = np.zeros((n, n), order="F")
        lib.dsyevd_(ch("N"), ch("L"), ref(nn), p(b), ref(nn), p(w), p(wq), ref(i(-1)), p(iq), ref(i(-1)), ref(info), one, one)
        work, iwork = np.empty(int(wq[0])), np.empty(int(iq[0]), dtype=np.int32)
        def run(a):
            b = np.array(a, order="F", copy=True)
            lib.dsyevd_(ch("N"), ch("L"), ref(nn), p(b), ref(nn), p(w), p(work), ref(i(work.size)), p(iwork),
                        ref(i(iwork.size)), ref(info), one, one)
            if info.value != 0:
                raise RuntimeError("dsyevd info %d" % info.value)
            return w
        return run
    if op == "svdValues":
        sv = np.empty(n)
        wq = np.empty(1)
        iwork = np.empty(8 * n, dtype=np.int32)
        dummy = np.zeros(1)
        b = np.zeros((n, n), order="F")
        lib.dgesdd_(ch("N"), ref(nn), ref(nn), p(b), ref(nn), p(sv), p(dummy), ref(i(1)), p(dummy), ref(i(1)), p(wq),
                    ref(i(-1)), p(iwork), ref(info), one)
        work = np.empty(int(wq[0]))
        def run(a):
            b = np.array(a, order="F", copy=True)
            lib.dgesdd_(ch("N"), ref(nn), ref(nn), p(b), ref(nn), p(sv), p(dummy), ref(i(1)), p(dummy), ref(i(1)),
                        p(work), ref(i(work.size)), p(iwork), ref(info), one)
            if info.value != 0:
                raise RuntimeError("dgesdd info %d" % info.value)
            return sv
        return run
    raise SystemExit("numpy_bench: unknown op " + op)


def openblas_threads():
    """numpy's bundled OpenBLAS thread count, read from the library itself (scipy-openblas symbol names)."""
    libs = glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "libscipy_openblas*"))
    for path in libs:
        lib = ctypes.CDLL(path)
        for name in ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads"):
            if hasattr(lib, name):
                return getattr(lib, name)()
    return None


def blas():
    info = {"numpy": np.__version__, "threads": openblas_threads()}
    try:
        cfg = np.show_config(mode="dicts")["Build Dependencies"]
        for key in ("blas", "lapack"):
            d = cfg.get(key, {})
            info[key] = f"{d.get('name', '?')} {d.get('version', '?')}"
            info[key + "_config"] = d.get("openblas configuration", "")
    except Exception as e:  # older numpy: no dict mode
        info["blas"] = f"unknown ({e})"
    print(json.dumps(info))


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def jmh_scores(path):
    with open(path) as f:
        result = json.load(f)[0]["primaryMetric"]
    unit = result["scoreUnit"]
    scale = {"s/op": 1.0, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}[unit]
    return [x * scale for fork in result["rawData"] for x in fork]


def section(text, begin, end, rows_only=False):
    """The non-empty lines between two markers of an earlier BENCHMARKS.md (table rows only, without the header)."""
    if begin not in text or end not in text:
        return []
    body = text.split(begin, 1)[1].split(end, 1)[0]
    lines = [line for line in body.split("\n") if line.strip()]
    if rows_only:
        lines = [line for line in lines if line.startswith("|") and not line.startswith(("| date", "|---"))]
    return lines


def read_meta(directory):
    """What run-bench.sh passes on: the run's settings (environment) and both sides' BLAS descriptions (files)."""
    env = os.environ
    meta = {
        "date": env["BENCH_DATE"],
        "sizes": [int(x) for x in env["BENCH_SIZES"].split()],
        "ops": env["BENCH_OPS"].split(),
        "threads": env["BENCH_THREADS"],
        "java_version": env.get("BENCH_JAVA_VERSION", "?"),
        "load_before": env.get("BENCH_LOAD_BEFORE", "?"),
    }
    with open(os.path.join(directory, "numpy-blas.json")) as f:
        meta["numpy_blas"] = json.load(f)
    java_blas = {}
    with open(os.path.join(directory, "java-blas.txt")) as f:
        for line in f:
            if ":" in line:
                key, value = line.split(":", 1)
                java_blas[key.strip()] = value.strip()
    meta["java_blas"] = java_blas
    return meta


def report(directory, out):
    meta = read_meta(directory)
    machine = f"{cpu_model()}, {os.cpu_count()} cores"
    date = meta["date"]
    rows = []
    for n in meta["sizes"]:
        for op in meta["ops"]:
            java = jmh_scores(os.path.join(directory, f"jmh-{op}-{n}.json"))
            with open(os.path.join(directory, f"numpy-{op}-{n}.json")) as f:
                npy = json.load(f)["scores"]
            with open(os.path.join(directory, f"c-{op}-{n}.json")) as f:
                direct = json.load(f)["scores"]
            best = min(java) / min(npy)
            typical = statistics.median(java) / statistics.median(npy)
            rows.append(f"| {date} | {machine} | {meta['threads']} | {n} | {OPS[op][0]} | {min(java):.4g} "
                        f"| {min(npy):.4g} | {best:.2f} | {typical:.2f} | {min(direct):.4g} "
                        f"| {min(java) / min(direct):.2f} |")
    nb = meta["numpy_blas"]
    java_blas = meta["java_blas"]
    run = (f"- {date}, {machine}: Spectral on {java_blas.get('OpenBLAS', '?')} "
           f"({java_blas.get('OpenBLAS threads', '?')} threads, netlib {java_blas.get('dev.ludovic.netlib', '?')}, "
           f"Java {meta['java_version']}); numpy {nb.get('numpy')} on its bundled {nb.get('blas')} "
           f"[{nb.get('blas_config', '').strip()}] ({nb.get('threads')} threads); "
           f"OPENBLAS_NUM_THREADS={meta['threads']}; load average before/after: {meta['load_before']} / "
           f"{load_average()}.")
    busy = max(float(x) for x in (meta["load_before"] + " " + load_average()).split()[::3] if is_number(x))
    if busy > 0.5 * float(meta["threads"]):
        run += (f" Warning: the machine was busy (1-minute load up to {busy:.1f} against {meta['threads']} threads): "
                "treat this run's ratios as unreliable.")
    old = open(out).read() if os.path.exists(out) else ""
    all_rows = section(old, BEGIN_ROWS, END_ROWS, rows_only=True) + rows
    all_runs = section(old, BEGIN_RUNS, END_RUNS) + [run]
    text = TEMPLATE.format(rows="\n".join(all_rows), runs="\n".join(all_runs), begin_rows=BEGIN_ROWS,
                           end_rows=END_ROWS, begin_runs=BEGIN_RUNS, end_runs=END_RUNS)
    text = text.rstrip("\n") + "\n" + other_sections(old)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(out)), prefix=".BENCHMARKS.", suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(tmp, out)  # atomic: readers see the old file or the new one, never half of one
    print("\n".join(rows))


def other_sections(old):
    """The sections other scripts keep between their own <!-- NAME:begin/end --> markers (bench/splice.py)."""
    kept = []
    for m in re.finditer(r"<!-- ([a-z0-9-]+):begin -->.*?<!-- \1:end -->", old, re.S):
        if m.group(1) not in ("rows", "runs"):
            kept.append(m.group(0))
    return "".join("\n" + k + "\n" for k in kept)


def is_number(x):
    try:
        float(x)
        return True
    except ValueError:
        return False


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


TEMPLATE = """# Benchmarks

Spectral's CPU backend against numpy on the same matrices, written by `make bench` (bench/run-bench.sh). Lower is
better; ratio = Spectral / numpy (below 1: Spectral faster).

Method:
- Matrices: SPD, A = G Gᵀ/n + I for a Gaussian G from a fixed seed (eigenvalues in about [1, 5]), written once by numpy
  to .npy and read by both sides, so both factor bit-identical inputs.
- Operations and their LAPACK drivers, the same on both sides: all eigenvalues without vectors (dsyevd; numpy
  `eigvalsh`), all singular values without vectors (dgesdd; numpy `svd(compute_uv=False)`), log det by Cholesky
  (dpotrf; numpy `2·sum(log(diag(cholesky(A))))`).
- Measured at the public API: for Spectral that includes input validation (finite and symmetry checks) and the copy of
  the input that LAPACK overwrites; for numpy its own copies into LAPACK layout.
- Protocol, identical on both sides (JMH AverageTime for Spectral, the same loop in Python for numpy): one warm-up
  iteration, then 3 measured iterations; each iteration repeats the operation until 1 s has passed (at least once)
  and scores elapsed time / operations. The seconds shown are the best of the 3 iteration scores (other load can
  only add time, so the minimum is the steadiest estimate of each side's own cost); "ratio" is best / best and
  "ratio of medians" the same with medians, so a large gap between the two flags a noisy measurement.
  For each (n, operation) numpy runs right before JMH, so both see about the same machine load.
- Same OpenBLAS thread count on both sides (OPENBLAS_NUM_THREADS). The two sides do not use the same BLAS build:
  Spectral calls the system OpenBLAS through netlib (JNI); numpy from pip bundles its own OpenBLAS (scipy-openblas).
  Versions are in the run notes. Shared or loaded machines add noise; the load averages are recorded.
- The last two columns separate the JVM's cost from the BLAS build's: the same LAPACK driver on the very OpenBLAS
  Spectral loads, called from Python through ctypes (input copy included, workspace queried once), with the same
  protocol. "Spectral / C" near 1 means the JVM adds nothing; "ratio" also includes the difference between the two
  OpenBLAS builds.

{begin_rows}
| date (UTC) | machine | threads | n | operation | Spectral (s) | numpy (s) | ratio | ratio of medians | same OpenBLAS from C (s) | Spectral / C |
|---|---|---|---|---|---|---|---|---|---|---|
{rows}
{end_rows}

Run notes:

{begin_runs}
{runs}
{end_runs}
"""


def main(argv):
    cmd = argv[1]
    if cmd == "generate":
        generate(argv[2], [int(x) for x in argv[3:]])
    elif cmd == "time":
        time_op(argv[2], int(argv[3]), argv[4], int(argv[5]), int(argv[6]), float(argv[7]))
    elif cmd == "ctime":
        time_op(argv[2], int(argv[3]), argv[4], int(argv[5]), int(argv[6]), float(argv[7]), direct=True)
    elif cmd == "blas":
        blas()
    elif cmd == "report":
        report(argv[2], argv[3])
    elif cmd == "now":
        print(datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"))
    else:
        sys.exit(f"numpy_bench.py: unknown command {cmd}")


if __name__ == "__main__":
    main(sys.argv)
