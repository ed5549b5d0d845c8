#!/usr/bin/env bash
# Load test of the face service on loopback with wrk: verify and identify at concurrency 1, 4 and 16,
# next to the model's own batch-1 and batch-32 throughput measured in the same run.
# Usage: marginface-serve/bench/load.sh [SECONDS_PER_RUN]   (build first: mvn -B -ntp -DskipTests package)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-20}"
data="${MARGINFACE_DATA:-$here/../shared/data}/lfw/lfw-112x96"
work="$(mktemp -d /tmp/marginface-load-XXXXXX)"
key="load-admin-key-$(date +%s%N)"
trap 'kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }

"$here/bin/marginface" init --backbone sphereface20 --embedding 512 --out "$work/model" >/dev/null
echo "== model throughput (backbone forward; the service runs two forwards per face: image + mirror)"
"$here/bin/marginface" bench --backbone sphereface20 --skip-training --batch 32 --rounds 3 2>/dev/null

MARGINFACE_ADMIN_KEYS="$key" MARGINFACE_JAVA_OPTS="-Xmx2g" \
  "$here/bin/marginface" serve --model "$work/model" --gallery "$work/gallery" --port 0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 600); do grep -q "listening on" "$work/serve.log" 2>/dev/null && break; sleep 0.2; done
port="$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/serve.log" | grep -o '[0-9]*$')"
base="http://127.0.0.1:$port/api/v1"

# a gallery of 100 LFW identities (one face each), searched exactly
mapfile -t people < <(ls "$data" | head -100)
for p in "${people[@]}"; do
  img="$(ls "$data/$p" | head -1)"
  id="$(curl -sf -H "X-API-Key: $key" -H 'Content-Type: application/json' -d "{\"name\":\"$p\"}" "$base/subjects" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
  printf '{"images":["%s"]}' "$(base64 -w0 "$data/$p/$img")" >"$work/enroll.json"
  curl -sf -o /dev/null -H "X-API-Key: $key" -H 'Content-Type: application/json' --data-binary @"$work/enroll.json" \
    "$base/subjects/$id/faces"
done
probe="$data/${people[0]}/$(ls "$data/${people[0]}" | sed -n 2p)"
[[ -f "$probe" ]] || probe="$data/${people[0]}/$(ls "$data/${people[0]}" | head -1)"
other="$data/${people[1]}/$(ls "$data/${people[1]}" | head -1)"
printf '{"image":"%s","k":5}' "$(base64 -w0 "$probe")" >"$work/identify.json"
printf '{"image1":"%s","image2":"%s"}' "$(base64 -w0 "$probe")" "$(base64 -w0 "$other")" >"$work/verify.json"

export MARGINFACE_KEY="$key"
for route in verify identify; do
  # warm-up, not reported
  BODY_FILE="$work/$route.json" wrk -t1 -c1 -d3s -s "$here/marginface-serve/bench/post.lua" "$base/$route" >/dev/null
  for c in 1 4 16; do
    threads=$(( c < 2 ? 1 : 2 ))
    echo "== $route, concurrency $c, ${seconds}s"
    BODY_FILE="$work/$route.json" wrk -t"$threads" -c"$c" -d"${seconds}s" --timeout 30s --latency \
      -s "$here/marginface-serve/bench/post.lua" "$base/$route"
  done
done
echo "== model batch sizes over the whole run"
curl -sf -H "X-API-Key: $key" "$base/metrics" | grep -E '^marginface_model_batch_size_(bucket|sum|count)'
