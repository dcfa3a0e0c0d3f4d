#!/usr/bin/env bash
# Spectral's CPU backend against numpy on the same matrices; adds this run's rows to BENCHMARKS.md.
# `make bench` runs `make build` first: this script builds nothing, it needs bench/target/benchmarks.jar.
#
# Settings (environment): BENCH_SIZES ("1000 2000 4000"), BENCH_OPS ("eighValues svdValues choleskyLogDet"),
# BENCH_THREADS (OpenBLAS threads on both sides; default: all cores), BENCH_WARMUP (1), BENCH_ITERATIONS (3),
# BENCH_ITERATION_SECONDS (1), BENCH_OUT (BENCHMARKS.md at the repository root), PYTHON (python3).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jar=$root/bench/target/benchmarks.jar
if [ ! -f "$jar" ]; then
  echo "run-bench: $jar is missing; run 'make bench' (or 'make build' first)" >&2
  exit 1
fi
java_home=${JAVA_HOME:-$("$root/scripts/find-jdk.sh")}
if [ -z "$java_home" ] || [ ! -x "$java_home/bin/java" ]; then
  echo "run-bench: no JDK >= 25 found (set JAVA_HOME)" >&2
  exit 1
fi
java=$java_home/bin/java
python=${PYTHON:-python3}
if ! "$python" -c 'import numpy' 2>/dev/null; then
  echo "run-bench: $python cannot import numpy, which the comparison needs" >&2
  exit 1
fi

export BENCH_SIZES=${BENCH_SIZES:-"1000 2000 4000"}
export BENCH_OPS=${BENCH_OPS:-"eighValues svdValues choleskyLogDet"}
export BENCH_THREADS=${BENCH_THREADS:-$(nproc)}
warmup=${BENCH_WARMUP:-1}
iterations=${BENCH_ITERATIONS:-3}
seconds=${BENCH_ITERATION_SECONDS:-1}
out=${BENCH_OUT:-$root/BENCHMARKS.md}
# The same BLAS thread count for both sides (the JMH fork inherits the environment).
export OPENBLAS_NUM_THREADS=$BENCH_THREADS OMP_NUM_THREADS=$BENCH_THREADS

work=$(mktemp -d "${TMPDIR:-/tmp}/spectral-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
nb=$root/bench/numpy_bench.py

export BENCH_DATE=$("$python" "$nb" now)
export BENCH_LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
export BENCH_JAVA_VERSION=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p' | head -1)
echo "run-bench: $BENCH_THREADS OpenBLAS threads, n = $BENCH_SIZES; matrices in $work"
"$python" "$nb" generate "$work" $BENCH_SIZES
"$python" "$nb" blas > "$work/numpy-blas.json"
"$java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.spectral.bench.BlasInfo > "$work/java-blas.txt"

for n in $BENCH_SIZES; do
  for op in $BENCH_OPS; do
    echo "run-bench: n = $n, $op"
    # numpy right before JMH, so that both see the same machine load.
    "$python" "$nb" time "$work" "$n" "$op" "$warmup" "$iterations" "$seconds" > "$work/numpy-$op-$n.json"
    "$python" "$nb" ctime "$work" "$n" "$op" "$warmup" "$iterations" "$seconds" > "$work/c-$op-$n.json"
    if ! "$java" -jar "$jar" "DenseBenchmarks\.$op\$" -p n="$n" -p dir="$work" -f 1 -wi "$warmup" -i "$iterations" \
        -w "${seconds}s" -r "${seconds}s" -rf json -rff "$work/jmh-$op-$n.json" > "$work/jmh-$op-$n.log" 2>&1; then
      tail -n 30 "$work/jmh-$op-$n.log" >&2
      echo "run-bench: JMH failed for $op at n = $n" >&2
      exit 1
    fi
  done
done
"$python" "$nb" report "$work" "$out"
echo "run-bench: wrote $out"
