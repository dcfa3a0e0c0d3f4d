#!/usr/bin/env bash
# The issue-4 wall-time run: matrix-free SLQ log det of the RBF kernel (lengthscale 10, nugget 1e-3) of all 70,000
# Fashion-MNIST images, the matrix whose exact log det bench/ooc-70k.sh computes out of core (-332862.178...).
# The kernel is never formed: each Lanczos step generates all 70,000^2 entries once (about 100 s on 2 cores) for a
# block of 10 probes. Full reorthogonalization (its basis, up to 1.7 GB, lives in memory and in the checkpoint).
# Hours on 2 cores: the run saves its state in CHECKPOINT after every step, and rerunning this script resumes it,
# to the same bits, after a kill, a crash or the end of a session.
# Usage: bench/slq-70k.sh [OUT=bench/out/slq70k] [CHECKPOINT=/tmp/spectral-slq70k]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench/out/slq70k}"
checkpoint="${2:-/tmp/spectral-slq70k}"
mkdir -p "$out"
[ -x bin/spectral ] || make build
# A private copy of the jar, so that rebuilding during the run cannot disturb it (a resume must use the same code).
[ -f "$out/spectral.jar" ] || cp cli/target/spectral.jar "$out/spectral.jar"
java="$(scripts/find-jdk.sh)/bin/java"
resume=""
[ -f "$checkpoint/slq-state.bin" ] && resume="--resume"
echo "=== session start $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) $resume" >> "$out/progress.log"
/usr/bin/time -v -a -o "$out/time.txt" "$java" --enable-native-access=ALL-UNNAMED -Xss16m -Xmx8g \
    -jar "$out/spectral.jar" logdet --method slq --data fashion-mnist:70000 --kernel rbf --lengthscale 10 --nugget 1e-3 \
    --reorth full --probe-block 10 --checkpoint "$checkpoint" $resume --json \
    > "$out/result.json.tmp" 2> >(tee -a "$out/progress.log" >&2)
mv "$out/result.json.tmp" "$out/result.json"
echo "=== finished $(date -u +%FT%TZ)" >> "$out/progress.log"
cat "$out/result.json"
