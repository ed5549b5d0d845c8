#!/usr/bin/env bash
# ONNX Runtime's Java API against DJL's onnxruntime-engine on one ONNX face embedder: OnnxRuntimeBench
# alternates the two, PAIRS times, and prints each run with the load average. Maven resolves both
# class paths (build-time downloads into ~/.m2; nothing is fetched by the benchmark itself).
#
#   scripts/onnx-runtime-bench/run.sh [MODEL.onnx] [RUNS] [PAIRS]
#   default: $MARGINFACE_MODELS/mobilefacenet/mobilefacenet.onnx (else ../shared/models/...), 200 runs, 2 pairs
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
models="${MARGINFACE_MODELS:-$here/../../../shared/models}"
model="${1:-$models/mobilefacenet/mobilefacenet.onnx}"
runs="${2:-200}"
pairs="${3:-2}"
work="$(mktemp -d /tmp/onnx-runtime-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# classpath NAME GROUP:ARTIFACT:VERSION...: the artifacts and their dependencies, as Maven resolves them
classpath() {
  local name="$1"; shift
  mkdir -p "$work/$name"
  {
    echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
    echo "<groupId>bench</groupId><artifactId>$name</artifactId><version>1</version><dependencies>"
    for gav in "$@"; do
      IFS=: read -r g a v <<< "$gav"
      echo "<dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version></dependency>"
    done
    echo '</dependencies></project>'
  } > "$work/$name/pom.xml"
  mvn -q -B -ntp -f "$work/$name/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/$name/cp.txt" >&2
  cat "$work/$name/cp.txt"
}
ort_cp="$(classpath ort ai.djl:api:0.33.0 com.microsoft.onnxruntime:onnxruntime:1.29.0)"
djl_cp="$(classpath djl ai.djl:api:0.33.0 ai.djl.onnxruntime:onnxruntime-engine:0.33.0)"

echo "OnnxRuntimeBench on $model, batch 1, $runs timed runs after 20 warm-up; $(date -u '+%F %T UTC'), nproc $(nproc)"
for ((i = 1; i <= pairs; i++)); do
  echo "pair $i, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  java -cp "$ort_cp" "$here/OnnxRuntimeBench.java" ort "$model" 1 "$runs" 2>/dev/null
  java -cp "$djl_cp" "$here/OnnxRuntimeBench.java" djl "$model" 1 "$runs" 2>/dev/null
done
