#!/usr/bin/env bash
# marginface against PyTorch on the same machine: `marginface bench` and scripts/peer_bench.py (the
# same SphereFace network and AM-Softmax head in plain PyTorch) alternate PAIRS times, so both see the
# same load; prints each pair, the ratios marginface / PyTorch and the load average. Only ratios from
# one run compare. PyTorch comes from Debian's python3-torch for /usr/bin/python3 (installed here if
# missing); it is a reference for this benchmark only, never a dependency of the build or the tests.
# Build first: mvn -B -ntp -DskipTests package
#
#   scripts/peer-bench.sh [BACKBONE] [PAIRS]          BACKBONE default sphereface20, PAIRS default 3
# Environment:
#   ROUNDS, STEPS       passed to both sides (default 2 and 4; each side reports its best round)
#   BATCH, CLASSES      default 32 and 1000
#   MARGINFACE_THREADS  intra-op threads of both sides (default 2)
#   AGAINST             another built marginface checkout, timed as a third contender in each pair
#                       (a before/after comparison of a change: AGAINST=/tmp/before-the-change)
#   PROFILE=1           also print each side's per-operation profile of one training step, once
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backbone="${1:-sphereface20}"
pairs="${2:-3}"
rounds="${ROUNDS:-2}"
steps="${STEPS:-4}"
batch="${BATCH:-32}"
classes="${CLASSES:-1000}"
export MARGINFACE_THREADS="${MARGINFACE_THREADS:-2}"
# both sides: idle OpenMP threads sleep rather than spin (bin/marginface sets the same)
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
python=/usr/bin/python3
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "installing Debian's python3-torch for $python (benchmark reference only)" >&2
  apt-get install -y python3-torch >&2
fi
out="$(mktemp -d /tmp/marginface-peer-bench.XXXXXX)"
common=(--backbone "$backbone" --batch "$batch" --classes "$classes" --rounds "$rounds" --steps "$steps")
keys=(training_step "inference_batch$batch" inference_batch1)

# marginface DIR NAME: one `bench` run of the checkout in DIR, its JSON in $out/NAME.json
marginface() {
  nice "$1/bin/marginface" bench "${common[@]}" --skip-onnx --out "$out/$2.json" > "$out/$2.txt" 2>&1 \
    || { cat "$out/$2.txt" >&2; exit 1; }
  "$python" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join("%s=%.3f" % (k, r[k]["images_per_second"]) for k in sys.argv[2:]))' \
    "$out/$2.json" "${keys[@]}"
}
pytorch() {
  nice "$python" "$here/scripts/peer_bench.py" "${common[@]}" --threads "$MARGINFACE_THREADS" > "$out/$1.txt" 2>&1 \
    || { cat "$out/$1.txt" >&2; exit 1; }
  grep '^RESULT ' "$out/$1.txt" | cut -d' ' -f2-
}
value() { tr ' ' '\n' <<< "$1" | grep "^$2=" | cut -d= -f2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "peer bench: $backbone, batch $batch, AM-Softmax over $classes classes, $MARGINFACE_THREADS threads, $pairs pairs; $(date -u '+%F %T UTC'), nproc $(nproc)"
if [[ -n "${PROFILE:-}" ]]; then
  nice "$here/bin/marginface" bench "${common[@]}" --rounds 1 --steps 2 --skip-onnx --skip-limit --breakdown \
    --profile "$out/marginface-trace.json" | sed -n '/^training step by phase/,$p'
  nice "$python" "$here/scripts/peer_bench.py" "${common[@]}" --rounds 1 --steps 2 --profile | sed -n '/Name/,/Self CPU time total/p'
fi
summary=()
for ((i = 1; i <= pairs; i++)); do
  before="$(load)"
  # the contenders take turns going first
  m=""; p=""; a=""
  order=(m p); [[ -n "${AGAINST:-}" ]] && order+=(a)
  for ((j = 0; j < ${#order[@]}; j++)); do
    case "${order[(i - 1 + j) % ${#order[@]}]}" in
      m) m="$(marginface "$here" m$i)" ;;
      p) p="$(pytorch p$i)" ;;
      a) a="$(marginface "$AGAINST" a$i)" ;;
    esac
  done
  line="pair $i (load average $before -> $(load)):"
  for k in "${keys[@]}"; do
    mv="$(value "$m" "$k")"; pv="$(value "$p" "$k")"
    line+="$(printf '\n  %-20s marginface %7.1f  pytorch %7.1f  ratio %.2f' "$k" "$mv" "$pv" "$(echo "$mv / $pv" | bc -l)")"
    if [[ -n "$a" ]]; then
      av="$(value "$a" "$k")"
      line+="$(printf '  | against %7.1f  marginface/against %.2f' "$av" "$(echo "$mv / $av" | bc -l)")"
    fi
  done
  echo "$line"
  summary+=("$m|$p|$a")
done
# the median ratio over the pairs, per measurement
for k in "${keys[@]}"; do
  ratios=(); against=()
  for s in "${summary[@]}"; do
    IFS='|' read -r m p a <<< "$s"
    ratios+=("$(echo "$(value "$m" "$k") / $(value "$p" "$k")" | bc -l)")
    if [[ -n "$a" ]]; then against+=("$(echo "$(value "$m" "$k") / $(value "$a" "$k")" | bc -l)"); fi
  done
  med="$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}')"
  line="$(printf 'median ratio marginface / pytorch, %-20s %.2f' "$k" "$med")"
  if ((${#against[@]})); then
    line+="$(printf '   marginface / against %.2f' "$(printf '%s\n' "${against[@]}" | sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}')")"
  fi
  echo "$line"
done
echo "outputs in $out"
