#!/usr/bin/env bash
# GPU checks of the CUDA backend, in two halves because the GPU machine has no JDK and no network:
#   cuda/gpu-check.sh bundle      here: builds .carry/gpu-check/ (git-ignored): a jlink-trimmed Java runtime (jre/) and
#                                 the jars (lib/: engine, its test-jar, cuda, cuda's tests, netlib, JUnit). Needs JDK 25
#                                 and Maven. Carry the folder to the GPU machine (it stays well under 64 MiB).
#   cuda/gpu-check.sh run [OUT]   there: runs the GPU tests (GpuCheck), the Java benchmark (GpuBench) and the PyTorch
#                                 comparison (gpu_bench_torch.py), writing everything to OUT (default $OUT, else
#                                 out/gpu-check). Needs only the bundle, the NVIDIA driver, CUDA 13 libraries and python3
#                                 with torch for the comparison, plus the JCuda smoke test (jcuda-smoke.txt). Phases:
#                                 `run-tests`, `run-jcuda`, `run-bench` do one part each.
#   cuda/gpu-check.sh             bundle if missing, then run (what `make gpu-check` does).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUNDLE=$ROOT/.carry/gpu-check
FLAGS=(--enable-native-access=ALL-UNNAMED -Xss16m)
# The runtime's modules: what jdeps finds in Spectral's and netlib's jars, plus what JUnit's module descriptors require
# (jdeps cannot analyse JUnit's modular jars on a class path), jdk.zipfs for JUnit's scan of jars, jdk.unsupported.
EXTRA_MODULES=java.logging,java.management,jdk.unsupported,jdk.zipfs

bundle() {
  set -e
  local jdk=${JAVA_HOME:-}
  [ -x "$jdk/bin/jlink" ] || jdk=$("$ROOT/scripts/find-jdk.sh")
  [ -x "$jdk/bin/jlink" ] || { echo "gpu-check: no JDK 25 with jlink found (set JAVA_HOME)" >&2; exit 1; }
  export JAVA_HOME=$jdk
  cd "$ROOT"
  mvn -B -q --no-transfer-progress -DskipTests -pl cuda -am package dependency:copy-dependencies \
      -DincludeScope=test -DexcludeGroupIds=dev.spectral
  rm -rf "$BUNDLE"
  mkdir -p "$BUNDLE/lib"
  cp cuda/target/dependency/*.jar "$BUNDLE/lib/"
  cp engine/target/spectral-engine-*.jar cuda/target/spectral-cuda-*.jar "$BUNDLE/lib/"
  "$jdk/bin/jar" --create --file "$BUNDLE/lib/spectral-cuda-gpu-tests.jar" -C cuda/target/test-classes .
  local modules jars=()
  for j in "$BUNDLE"/lib/*.jar; do
    case $(basename "$j") in junit-*|opentest4j-*|apiguardian-*|jspecify-*) ;; *) jars+=("$j") ;; esac
  done
  modules=$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 "${jars[@]}" | tail -1)
  modules=$(echo "$modules,$EXTRA_MODULES" | tr ',' '\n' | sort -u | paste -sd,)
  "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
      --compress zip-9 --output "$BUNDLE/jre"
  cp cuda/gpu-check.sh cuda/gpu_bench_torch.py "$BUNDLE/"
  jcuda_bundle "$jdk" || echo "gpu-check: JCuda smoke test left out of the bundle (JCuda could not be fetched or built)"
  echo "gpu-check: bundle in $BUNDLE ($(du -sh "$BUNDLE" | cut -f1); runtime modules: $modules)"
  "$BUNDLE/jre/bin/java" -version 2>&1 | head -1
}

# JCuda (the newest artifacts on Maven Central) and the smoke test of issue 6, for a comparison on the GPU machine.
JCUDA_ARTIFACTS="org.jcuda:jcuda:12.6.0 org.jcuda:jcuda-natives:12.6.0:jar:linux-x86_64 org.jcuda:jcublas:12.6.0
  org.jcuda:jcublas-natives:12.6.0:jar:linux-x86_64 org.jcuda:jcusolver:11.7.0 org.jcuda:jcusolver-natives:11.7.0:jar:linux-x86_64"
jcuda_bundle() {
  local jdk=$1 dir=$BUNDLE/jcuda
  mkdir -p "$dir"
  for a in $JCUDA_ARTIFACTS; do
    mvn -B -q --no-transfer-progress org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy -Dartifact="$a" \
        -DoutputDirectory="$dir" || return 1
  done
  # The natives' PTX-compiler binding (24 MB, unused here) would push the bundle past the 64 MiB carry limit.
  python3 - "$dir"/jcuda-natives-*.jar <<'PY' || return 1
import os, sys, zipfile
src = sys.argv[1]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(src + ".tmp", "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        if "NvPTXCompiler" not in item.filename:
            zout.writestr(item, zin.read(item.filename))
os.replace(src + ".tmp", src)
PY
  mkdir -p "$dir/classes"
  "$jdk/bin/javac" -nowarn -d "$dir/classes" -cp "$dir/*" cuda/jcuda-smoke/JCudaSmoke.java || return 1
  "$jdk/bin/jar" --create --file "$dir/jcuda-smoke.jar" -C "$dir/classes" . && rm -rf "$dir/classes"
}

run_jcuda() {
  local out; out=$(out_dir "${1:-}")
  if [ ! -f "$BUNDLE/jcuda/jcuda-smoke.jar" ]; then
    echo "gpu-check: no JCuda smoke test in the bundle" | tee "$out/jcuda-smoke.txt"
    return 0
  fi
  "$BUNDLE/jre/bin/java" --enable-native-access=ALL-UNNAMED -cp "$BUNDLE/jcuda/*" JCudaSmoke > "$out/jcuda-smoke.txt" 2>&1
  cat "$out/jcuda-smoke.txt"
}

out_dir() {
  local out=${1:-${OUT:-$ROOT/out/gpu-check}}
  mkdir -p "$out"
  echo "$out"
}

require_bundle() {
  [ -x "$BUNDLE/jre/bin/java" ] || { echo "gpu-check: no bundle at $BUNDLE (run cuda/gpu-check.sh bundle where a JDK is)" >&2; exit 1; }
}

run_tests() {
  require_bundle
  local out; out=$(out_dir "${1:-}")
  (nvidia-smi || echo "nvidia-smi: not available") > "$out/nvidia-smi.txt" 2>&1
  "$BUNDLE/jre/bin/java" "${FLAGS[@]}" -Xmx8g -cp "$BUNDLE/lib/*" dev.spectral.internal.cuda.GpuCheck "$out" \
      > "$out/gpu-tests.log" 2>&1
  local rc=$?
  tail -n 25 "$out/gpu-tests.log"
  echo "gpu-check: tests exit status $rc (0 passed, 1 failures, 3 no usable GPU)"
  return $rc
}

run_bench() {
  require_bundle
  local out; out=$(out_dir "${1:-}")
  local eig=${EIG_SIZES:-4096,16384} chol=${CHOL_SIZES:-32768}
  "$BUNDLE/jre/bin/java" "${FLAGS[@]}" -Xmx24g -cp "$BUNDLE/lib/*" dev.spectral.internal.cuda.GpuBench "$out" \
      "$eig" "$chol" 2>&1 | tee "$out/gpu-bench-java.log"
  local rc=${PIPESTATUS[0]}
  local here; here=$(dirname "$0")
  python3 "$here/gpu_bench_torch.py" "$out" "$eig" "$chol" 2>&1 \
      | tee "$out/gpu-bench-torch.log"
  echo "gpu-check: java bench exit status $rc, torch bench exit status ${PIPESTATUS[0]}"
  return $rc
}

case "${1:-all}" in
  bundle) bundle ;;
  run) run_tests "${2:-}"; t=$?; run_jcuda "${2:-}"; run_bench "${2:-}"; b=$?; [ $t -eq 0 ] && [ $b -eq 0 ] ;;
  run-tests) run_tests "${2:-}" ;;
  run-bench) run_bench "${2:-}" ;;
  run-jcuda) run_jcuda "${2:-}" ;;
  all) [ -x "$BUNDLE/jre/bin/java" ] || (bundle) || exit 1
       run_tests "${2:-}"; t=$?; run_jcuda "${2:-}"; run_bench "${2:-}"; b=$?; [ $t -eq 0 ] && [ $b -eq 0 ] ;;
  *) echo "usage: cuda/gpu-check.sh [bundle|run|run-tests|run-bench|run-jcuda|all] [OUT]" >&2; exit 2 ;;
esac
