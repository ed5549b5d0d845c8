#!/usr/bin/env bash
# Embedding throughput: `marginface spark embed` in local mode against `marginface embed`, back to
# back on the same images with the same model and batch, in one run (figures from different runs
# on a shared machine do not compare). Build first: mvn -B -ntp -DskipTests package
#
#   scripts/bench-spark.sh [IMAGES] [COUNT] [BACKBONE]
#   IMAGES    image tree (default ../shared/data/lfw/lfw-112x96)
#   COUNT     how many of its images, in sorted order (default 2048; 0 = all)
#   BACKBONE  sphereface4..sphereface64 (default sphereface20, 512-d: the paper's network)
# Environment: MASTERS (default "local[1] local[2]"), BATCH (default 32), OUT (default /tmp/marginface-bench-spark)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
images="${1:-$here/../shared/data/lfw/lfw-112x96}"
count="${2:-2048}"
backbone="${3:-sphereface20}"
masters="${MASTERS:-local[1] local[2]}"
batch="${BATCH:-32}"
out="${OUT:-/tmp/marginface-bench-spark}"
mf="$here/bin/marginface"

rm -rf "$out" && mkdir -p "$out"
images="$(cd "$images" && pwd)"
# a list file of absolute paths: both commands read the same images in the same order
find "$images" -type f \( -name '*.jpg' -o -name '*.jpeg' -o -name '*.png' \) | sort > "$out/all.txt"
if [[ "$count" -gt 0 ]]; then head -n "$count" "$out/all.txt" > "$out/images.txt"; else cp "$out/all.txt" "$out/images.txt"; fi
n=$(wc -l < "$out/images.txt")
"$mf" init --backbone "$backbone" --seed 1 --out "$out/model" > /dev/null

# wall time of a whole command, JVM and engine start included
timed() {
  local label="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$@" > "$out/$label.log" 2>&1
  end=$(date +%s.%N)
  awk -v l="$label" -v n="$n" -v s="$start" -v e="$end" \
    'BEGIN { printf "%-32s %6d images %8.1f s %8.1f images/s\n", l, n, e - s, n / (e - s) }'
}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ); nproc: $(nproc); cpu: $(lscpu | sed -n 's/^Model name: *//p'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "backbone: $backbone (init, seed 1), flip sum, batch $batch, images: $n from $images"
timed "marginface embed" "$mf" embed --model "$out/model" --images "$out/images.txt" --batch "$batch" --out "$out/embed.npy"
for master in $masters; do
  timed "marginface spark embed $master" "$mf" spark embed --master "$master" --model "$out/model" \
    --images "$out/images.txt" --batch "$batch" --out "$out/spark-$master.parquet"
  echo "    job alone (Spark started): $(grep -o 'in [0-9]* partitions: .*' "$out/marginface spark embed $master.log")"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
