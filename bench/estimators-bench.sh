#!/usr/bin/env bash
# The estimator measurements of BENCHMARKS.md in one run: trace estimators' error against budget, the kernel operator's
# product rate next to dgemm, log det of RBF and NTK kernels of Fashion-MNIST by SLQ against dense Cholesky
# (exact), matrix-free SLQ wall time, and top-10 eigenvalues of a sparse .mtx against scipy's eigsh on the same file.
# Usage: bench/estimators-bench.sh [n=10000] [sparse n=200000]. Writes the section between the estimators markers of
# BENCHMARKS.md. Takes about 15-30 minutes on 2 cores at n = 10000.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}
ns=${2:-200000}
jar=$root/bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "estimators-bench: $jar is missing; run 'make build' first" >&2; exit 1; }
java="$("$root/scripts/find-jdk.sh")/bin/java"
heap=$(( 8 * n * n / 1048576 * 2 + 2048 ))
run() { "$java" --enable-native-access=ALL-UNNAMED -Xss16m "-Xmx${heap}m" -cp "$jar" dev.spectral.bench.EstimatorBench "$@"; }
work=$(mktemp -d "${TMPDIR:-/tmp}/spectral-est.XXXXXX")
trap 'rm -rf "$work"' EXIT
{
  echo "## Estimators"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)), load before: $(cut -d' ' -f1-3 /proc/loadavg);"
  echo "\`bench/estimators-bench.sh $n $ns\`."
  run trace
  run rate "$n"
  run kernels "$n"
  python3 "$root/bench/sparse_eigsh.py" generate "$work/a.mtx" "$ns"
  py=$(python3 "$root/bench/sparse_eigsh.py" time "$work/a.mtx" 10)
  jv=$(run eigsh "$work/a.mtx" | tail -1)
  python3 - "$py" "$jv" "$ns" <<'PY'
import json, sys
py, jv, n = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
diff = max(abs(a - b) / abs(b) for a, b in zip(jv["values"], py["values"]))
print()
print("Top-10 eigenvalues of a sparse symmetric .mtx (n = %d, permuted diagonal 1/rank + 4 random off-diagonals per"
      " row): thick-restart Lanczos against scipy.sparse.linalg.eigsh (ARPACK, scipy %s) on the same file, median of"
      " 3 after a warm-up:" % (n, py["scipy"]))
print()
print("| n | Spectral | scipy eigsh | ratio | max relative difference of the 10 values | Spectral matvecs |")
print("|---|---|---|---|---|---|")
print("| %d | %.3f s | %.3f s | %.2f | %.1e | %d |" % (n, jv["seconds"], py["seconds"], jv["seconds"] / py["seconds"],
                                                    diff, jv["matvecs"]))
PY
} > "$work/section.md"
cat "$work/section.md"
python3 "$root/bench/splice.py" estimators "${BENCH_OUT:-$root/BENCHMARKS.md}" < "$work/section.md"
