#!/usr/bin/env bash
# Large and raw photos through the service's detector, N parallel POST /api/v1/embed each: a 4999x4999
# grey PNG (82 KB; just under the default maxImagePixels; no face, so 422 no_face), a 4999x4999 PNG with
# an LFW photo scaled 12x in it (1.7 MB), then raw LFW photos (250x250), on the JVM's default heap unless
# HEAP_OPTS says otherwise. Prints the statuses, the time per request, the wall time, and the
# service's peak resident memory (VmHWM) after each round.
# Usage: marginface-serve/bench/large-photo.sh [PARALLEL]   (build first: mvn -B -ntp -DskipTests package)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
parallel="${1:-16}"
raw="${MARGINFACE_DATA:-$here/../shared/data}/lfw/lfw-deepfunneled-fold1"
work="$(mktemp -d /tmp/marginface-large-XXXXXX)"
key="large-admin-key-$(date +%s%N)"
trap 'kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

"$here/bin/marginface" init --backbone sphereface20 --embedding 512 --out "$work/model" >/dev/null
python3 - "$work/large.json" <<'PY'
import base64, json, struct, sys, zlib
w = h = 4999
row = b"\x00" + bytes([128, 128, 128]) * w          # filter byte + a grey RGB row
data = zlib.compress(row * h, 9)
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
print(f"PNG {w}x{h}: {len(png)} bytes", file=sys.stderr)
json.dump({"image": base64.b64encode(png).decode()}, open(sys.argv[1], "w"))
PY
java "$here/marginface-serve/bench/LargePhoto.java" "$raw/Abel_Pacheco/Abel_Pacheco_0001.jpg" "$work/face.png"
printf '{"image":"%s"}' "$(base64 -w0 "$work/face.png")" >"$work/face.json"
echo "heap: ${HEAP_OPTS:-the JVM default} (default max heap here: $(java -XX:+PrintFlagsFinal -version 2>/dev/null \
  | awk '/ MaxHeapSize /{printf "%.1f GB", $4/2^30}'))"

MARGINFACE_ADMIN_KEYS="$key" MARGINFACE_JAVA_OPTS="${HEAP_OPTS:- }" \
  "$here/bin/marginface" serve --model "$work/model" --gallery "$work/gallery" --port 0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 600); do grep -q "listening on" "$work/serve.log" 2>/dev/null && break; sleep 0.2; done
port="$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/serve.log" | grep -o '[0-9]*$')"
base="http://127.0.0.1:$port/api/v1"
grep -E "threshold|face detection" "$work/serve.log" || true
echo "resident after start: $(awk '/VmRSS/{printf "%.2f GB", $2/2^20}' /proc/$server/status)"

run() {  # name body-file...
  local name="$1"; shift
  local files=("$@")
  : >"$work/$name.times"
  local start end
  start=$(date +%s.%N)
  for i in $(seq 1 "$parallel"); do
    local body="${files[$(( (i - 1) % ${#files[@]} ))]}"
    curl -s -o "$work/$name-$i.out" -w "%{http_code} %{time_total}\n" -H "X-API-Key: $key" \
      -H 'Content-Type: application/json' --data-binary @"$body" "$base/embed" >>"$work/$name.times" &
  done
  wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true
  end=$(date +%s.%N)
  echo "== $name: $parallel parallel requests, wall $(python3 -c "print(f'{$end - $start:.1f}')") s"
  python3 - "$work/$name.times" <<'PY'
import collections, statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
times = sorted(float(t) for _, t in rows)
print("  statuses:", dict(collections.Counter(s for s, _ in rows)))
print(f"  time per request: min {times[0]:.1f} s, median {statistics.median(times):.1f} s, max {times[-1]:.1f} s")
PY
  local bad
  bad=$(grep -L '"embedding"' "$work/$name"-*.out | head -1 || true)
  [[ -z "$bad" ]] || { echo "  an answer without an embedding:"; head -c 300 "$bad"; echo; }
  echo "  peak resident so far (VmHWM): $(awk '/VmHWM/{printf "%.2f GB", $2/2^20}' /proc/$server/status)"
}

run large-grey "$work/large.json"
run large-face "$work/face.json"
mapfile -t photos < <(find "$raw" -name '*.jpg' | sort | head -"$parallel")
bodies=()
for i in "${!photos[@]}"; do
  printf '{"image":"%s"}' "$(base64 -w0 "${photos[$i]}")" >"$work/raw$i.json"
  bodies+=("$work/raw$i.json")
done
run raw "${bodies[@]}"
