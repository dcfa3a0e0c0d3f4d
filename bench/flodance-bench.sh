#!/usr/bin/env bash
# FLODANCE against exact leading log-determinants: factors K_5000 (the RBF kernel of the first 5000 Fashion-MNIST
# images, the same lengthscale 10 and nugget 1e-3 as bench/ooc-70k.sh), fits n_s = 500, 1000, 2000, 5000 and predicts
# log det K_n for n = 10000, 20000 and 70000, compared with the exact values of the 70,000-image run.
# Usage: bench/flodance-bench.sh [EXACT=bench/out/ooc70k/leading.csv] [PLOT=docs/flodance.png]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exact=${1:-$root/bench/out/ooc70k/leading.csv}
plot=${2:-$root/docs/flodance.png}
[ -f "$exact" ] || { echo "flodance-bench: $exact is missing; run bench/ooc-70k.sh first" >&2; exit 1; }
s=$root/bin/spectral
work=$(mktemp -d "${TMPDIR:-/tmp}/spectral-flodance.XXXXXX")
trap 'rm -rf "$work"' EXIT
data=(--data fashion-mnist:5000 --kernel rbf --lengthscale 10 --nugget 1e-3)
"$s" logdet --method out-of-core "${data[@]}" --max-mem 1g --leading "$work/lead5000.csv" --leading-stride 1 --json \
    --quiet > "$work/k5000.json"
for n in 10000 20000 70000; do
  extra=()
  [ "$n" = 70000 ] && extra=(--plot "$plot")
  "$s" flodance --leading "$work/lead5000.csv" --ns 500,1000,2000,5000 --n "$n" --exact "$exact" --json \
      "${extra[@]}" > "$work/f$n.json"
done
python3 - "$work" <<'PY'
import json, os, sys
w = sys.argv[1]
k = json.load(open(os.path.join(w, "k5000.json")))
print("## FLODANCE")
print()
print("RBF kernel (lengthscale 10, nugget 1e-3) of the first n Fashion-MNIST images (training then test), exact values "
      "from the 70,000-image out-of-core run's leading log-determinants; FLODANCE fits the leading log-determinants "
      "of one factorization of K_5000 (%.1f s) up to each n_s (q = 2 corrections, n0 = n_s/10). `bench/flodance-bench.sh`."
      % k["seconds"])
print()
print("| n_s | n | predicted log det K_n | std error | exact | relative error | error / std error |")
print("|---|---|---|---|---|---|---|")
for n in (10000, 20000, 70000):
    r = json.load(open(os.path.join(w, "f%d.json" % n)))
    for f in r["fits"]:
        print("| %d | %d | %.6g | %.3g | %.6g | %+.3f%% | %+.2f |" % (f["ns"], n, f["predicted"], f["stderr"], f["exact"],
              100 * f["relative_error"], f["error_in_stderrs"]))
PY
