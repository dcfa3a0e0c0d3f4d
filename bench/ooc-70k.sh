#!/usr/bin/env bash
# The issue-5 validation run: exact log det of the RBF kernel (lengthscale 10, nugget 1e-3) of all 70,000 Fashion-MNIST
# images (60,000 training then 10,000 test), a 70,000 x 70,000 float64 matrix (39 GB) that is never formed, factored
# out of core under an 8 GiB cap. Leading log-determinants every 10 sizes go to OUT/leading.csv (exact values of K_n for
# the first n images, n = 10, 20, ..., 70000), the JSON result to OUT/result.json, peak RSS to OUT/time.txt.
# Takes about an hour or more on 2 cores (1.1e14 flops). Rerun the same command after a crash: it resumes.
# Usage: bench/ooc-70k.sh [OUT=bench/out/ooc70k] [SCRATCH=/tmp/spectral-ooc70k]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench/out/ooc70k}"
scratch="${2:-/tmp/spectral-ooc70k}"
mkdir -p "$out"
[ -x bin/spectral ] || make build
# A private copy of the jar, so that rebuilding during the run cannot disturb it.
cp cli/target/spectral.jar "$out/spectral.jar"
java="$(scripts/find-jdk.sh)/bin/java"
resume=""
[ -f "$scratch/ooc-state.txt" ] && resume="--resume"
/usr/bin/time -v -o "$out/time.txt" "$java" --enable-native-access=ALL-UNNAMED -Xss16m -Xmx11g -jar "$out/spectral.jar" \
    logdet --method out-of-core --data fashion-mnist:70000 --kernel rbf --lengthscale 10 --nugget 1e-3 \
    --max-mem 8g --scratch "$scratch" $resume --leading "$out/leading.csv" --leading-stride 10 --json \
    > "$out/result.json.tmp" 2> >(tee -a "$out/progress.log" >&2)
mv "$out/result.json.tmp" "$out/result.json"
cat "$out/result.json"
