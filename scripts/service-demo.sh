#!/usr/bin/env bash
# The face service tried as a new user would, on the imported MobileFaceNet (issue 15): import the
# ONNX model, evaluate it on LFW (the service takes its threshold from that evaluation's ROC at FAR
# 1e-3, not the built-in default), start `marginface serve`, enroll 100 LFW identities from one raw
# photo each through the HTTP API (the service detects and aligns the face), identify a different
# photo of each, and print rank-1 and the threshold in force. Rerunnable: the import and the
# evaluation are kept under DEMO_DIR, the gallery is made afresh each time.
#
#   mvn -B -ntp -DskipTests package && scripts/service-demo.sh
#
# Environment: MARGINFACE_DATA (default ../shared/data), MARGINFACE_MODELS (default ../shared/models:
# mobilefacenet/ and the MTCNN weights), DEMO_DIR (default runs/service-demo), DEMO_PORT (default
# 18080), DEMO_IDENTITIES (default 100). Photos: lfw/lfw-deepfunneled-fold1, 250x250 raw LFW images;
# the first DEMO_IDENTITIES identities (by name) with two photos or more, the first photo enrolled and
# the second identified.
set -euo pipefail
cd "$(dirname "$0")/.."

export MARGINFACE_DATA="${MARGINFACE_DATA:-../shared/data}"
export MARGINFACE_MODELS="${MARGINFACE_MODELS:-../shared/models}"
DIR="${DEMO_DIR:-runs/service-demo}"
PORT="${DEMO_PORT:-18080}"
IDENTITIES="${DEMO_IDENTITIES:-100}"
MODEL="$DIR/mobilefacenet/model"
EVAL="$DIR/mobilefacenet/eval/lfw.json"

if [[ ! -f "$MODEL/manifest.json" ]]; then
  bin/marginface import onnx --onnx "$MARGINFACE_MODELS/mobilefacenet/mobilefacenet.onnx" --out "$MODEL" \
    --normalize imagenet
fi
if [[ ! -f "$EVAL" ]]; then
  # where serve looks for the model's evaluation: RUN/eval/lfw.json beside RUN/model
  bin/marginface eval lfw --model "$MODEL" --lfw "$MARGINFACE_DATA/lfw" --protocol both --out "$EVAL"
fi

rm -rf "$DIR/gallery"
MARGINFACE_ADMIN_KEYS="demo-admin-$(openssl rand -hex 16)"
MARGINFACE_CLIENT_KEYS="demo-client-$(openssl rand -hex 16)"
export MARGINFACE_ADMIN_KEYS MARGINFACE_CLIENT_KEYS
bin/marginface serve --model "$MODEL" --gallery "$DIR/gallery" --port "$PORT" > "$DIR/serve.log" 2>&1 &
serve=$!
trap 'kill "$serve" 2>/dev/null; wait "$serve" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$PORT/api/v1/health" > /dev/null; then break; fi
  if ! kill -0 "$serve" 2>/dev/null; then cat "$DIR/serve.log" >&2; exit 1; fi
  sleep 1
done
grep -m1 -i "threshold" "$DIR/serve.log" || true

python3 - "$PORT" "$MARGINFACE_DATA/lfw/lfw-deepfunneled-fold1" "$IDENTITIES" "$DIR/result.json" <<'PY'
import base64, json, os, sys, urllib.error, urllib.request

port, photos, wanted, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
api = f"http://127.0.0.1:{port}/api/v1"
admin = os.environ["MARGINFACE_ADMIN_KEYS"]
client = os.environ["MARGINFACE_CLIENT_KEYS"]

def call(path, body, key):
    request = urllib.request.Request(api + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "X-API-Key": key})
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)

def image(path):
    with open(path, "rb") as f:
        return base64.b64encode(f.read()).decode()

people = []
for name in sorted(os.listdir(photos)):
    files = sorted(os.listdir(os.path.join(photos, name)))
    if len(files) >= 2:
        people.append((name, os.path.join(photos, name, files[0]), os.path.join(photos, name, files[1])))
people = people[:wanted]
if len(people) < wanted:
    sys.exit(f"only {len(people)} identities with two photos in {photos}")

refused = []
for name, first, _ in people:
    status, answer = call("/subjects", {"name": name, "images": [image(first)]}, admin)
    if status != 201 and status != 200:
        refused.append((name, status, answer.get("error", {}).get("code")))
enrolled = len(people) - len(refused)

rank1 = known_right = known_wrong = 0
threshold = None
misses = []
for name, _, second in people:
    status, answer = call("/identify", {"image": image(second), "k": 5}, client)
    if status != 200:
        misses.append({"name": name, "status": status, "error": answer.get("error", {}).get("code")})
        continue
    threshold = answer["threshold"]
    top = answer["candidates"][0]["subject"]["name"] if answer["candidates"] else None
    rank1 += top == name
    if answer["result"] == "known":
        known_right += answer["subject"]["name"] == name
        known_wrong += answer["subject"]["name"] != name
    if top != name:
        misses.append({"name": name, "top": top, "similarity": answer["similarity"]})

result = {"identities": len(people), "enrolled": enrolled, "refused": refused, "threshold": threshold,
          "rank1": rank1 / len(people), "known_and_right": known_right / len(people),
          "known_but_wrong": known_wrong / len(people), "misses": misses}
with open(out, "w") as f:
    json.dump(result, f, indent=2)
print(f"enrolled {enrolled} of {len(people)} identities (one photo each), identified a second photo of each")
print(f"rank-1 {100 * rank1 / len(people):.1f}%  ({rank1}/{len(people)})")
print(f"threshold {threshold}: known and right {100 * known_right / len(people):.1f}%, "
      f"known but wrong {100 * known_wrong / len(people):.1f}%")
print(f"wrote {out}")
PY
