#!/usr/bin/env bash
# Hessian-vector product vs gradient time, and the wall time of a full `spectral hessian` analysis, as Markdown rows.
# Usage: bench/hessian-bench.sh [examples=1000,10000] [networks=784-128-10:relu] [repeats=7]
# Set FULL=0 to skip the full analysis (it needs cli/target/spectral.jar; `make build` or the mvn package below).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-$(scripts/find-jdk.sh)}"
java="$JAVA_HOME/bin/java"
mvn -B -q -o -pl bench,cli -am package -DskipTests 2>&1 | grep -v -e "^WARNING" -e "^\[0m" >&2 || true
"$java" --enable-native-access=ALL-UNNAMED -Xss16m -cp bench/target/benchmarks.jar dev.spectral.bench.HessianBench "$@"
if [ "${FULL:-1}" != 0 ]; then
  out=$(mktemp -d "${TMPDIR:-/tmp}/spectral-hessian.XXXXXX")
  trap 'rm -rf "$out"' EXIT
  start=$(date +%s.%N)
  "$java" --enable-native-access=ALL-UNNAMED -Xss16m -jar cli/target/spectral.jar hessian --json --plots "$out" > "$out/result.json"
  end=$(date +%s.%N)
  python3 - "$out/result.json" "$start" "$end" "$(nproc)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
t = r["training"]
print()
print("| machine | analysis | training | test accuracy | wall time |")
print("|---|---|---|---|---|")
print(f"| {sys.argv[4]} cores | `spectral hessian` defaults: {r['network']}, Hessian + Gauss-Newton over {r['hessian_examples']} images at init and trained, NTK on {r['ntk']['examples'] if r.get('ntk') else 0} images | {t['epochs']} epochs on {t['examples']} images, {t['seconds']:.1f} s | {100 * r['test_accuracy']:.2f}% | {wall:.1f} s |")
PY
fi
