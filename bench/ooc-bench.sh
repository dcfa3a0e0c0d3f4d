#!/usr/bin/env bash
# Out-of-core Cholesky vs in-core dpotrf on an RBF kernel of Fashion-MNIST images, in one JVM.
# Usage: bench/ooc-bench.sh [n=20000] [maxMemoryMB=512] [scratchDir=/tmp] [sources=kernel|npy|kernel,npy]
# The in-core run needs 8·n² bytes of heap (3.2 GB at n = 20000); the JVM gets that plus room.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-$(scripts/find-jdk.sh)}"
n="${1:-20000}"
heap_mb=$(( (8 * n * n / 1048576) * 5 / 4 + 1024 ))
mvn -B -q -o -pl bench -am package -DskipTests 2>&1 | grep -v -e "^WARNING" -e "^\[0m" >&2 || true
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xss16m "-Xmx${heap_mb}m" \
    -cp bench/target/benchmarks.jar dev.spectral.bench.OutOfCoreBench "$@"
