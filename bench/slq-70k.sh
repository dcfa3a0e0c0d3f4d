#!/usr/bin/env bash
# The issue-4 wall-time run: matrix-free SLQ log det of the RBF kernel (lengthscale 10, nugget 1e-3) of all 70,000
# Fashion-MNIST images, the matrix whose exact log det bench/ooc-70k.sh computes out of core (-332862.178...).
# The kernel is never formed: each Lanczos step generates all 70,000^2 entries once for a block of 10 probes, 73-75 s
# on 2 cores with OPENBLAS_NUM_THREADS=1 (the kernel operator's stripe schedule; 100-102 s with OpenBLAS on both cores).
# A resume must use the same BLAS thread count, which the checkpoint checks. Full reorthogonalization (its
# basis, up to 1.7 GB, lives in memory and in the checkpoint).
# Hours on 2 cores: the run saves its state in CHECKPOINT after every step, and rerunning this script resumes it,
# to the same bits, after a kill, a crash or the end of a session.
# METHOD=preconditioned-slq RANK=2000 runs preconditioned SLQ instead: log det P exactly for a rank-RANK pivoted
# Cholesky P = L Lᵀ + δI (2000 kernel columns, L and its orthonormal basis 1.1 GB each) and SLQ on P^-1/2 A P^-1/2,
# which needs far fewer Lanczos steps on this kernel.
# Usage: [METHOD=slq|preconditioned-slq] [RANK=2000] bench/slq-70k.sh [OUT=bench/out/slq70k] [CHECKPOINT=/tmp/spectral-slq70k]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench/out/slq70k}"
checkpoint="${2:-/tmp/spectral-slq70k}"
mkdir -p "$out"
[ -x bin/spectral ] || make build
# A private copy of the jar, so that rebuilding during the run cannot disturb it (a resume must use the same code).
[ -f "$out/spectral.jar" ] || cp cli/target/spectral.jar "$out/spectral.jar"
java="$(scripts/find-jdk.sh)/bin/java"
method="${METHOD:-slq}"
rank=()
[ "$method" = preconditioned-slq ] && rank=(--preconditioner-rank "${RANK:-2000}")
resume=""
[ -f "$checkpoint/slq-state.bin" ] && resume="--resume"
echo "=== session start $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg) method $method ${rank[*]} $resume" >> "$out/progress.log"
OPENBLAS_NUM_THREADS=1 /usr/bin/time -v -a -o "$out/time.txt" "$java" --enable-native-access=ALL-UNNAMED -Xss16m -Xmx12g \
    -jar "$out/spectral.jar" logdet --method "$method" "${rank[@]}" --data fashion-mnist:70000 --kernel rbf --lengthscale 10 --nugget 1e-3 \
    --reorth full --probe-block 10 --checkpoint "$checkpoint" $resume --json \
    > "$out/result.json.tmp" 2> >(tee -a "$out/progress.log" >&2)
mv "$out/result.json.tmp" "$out/result.json"
echo "=== finished $(date -u +%FT%TZ)" >> "$out/progress.log"
cat "$out/result.json"
