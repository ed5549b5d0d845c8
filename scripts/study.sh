#!/usr/bin/env bash
# The head comparison of configs/study/: trains every planned run, evaluates each model (LFW under
# both protocols, identification with distractors, LFW degraded step by step), then writes the table,
# the plots, the comparison report and the raw outputs under docs/study/, and the table into
# docs/results.md between its study-table markers.
#
# Restartable: a run whose model exists is not trained again, a stopped run resumes from its newest
# checkpoint, an evaluation whose JSON exists is not redone. Run it again after an interruption (or
# with STUDY_ONLY_SUMMARY=1 to redo just the table from what is there).
#
#   scripts/study.sh                      # everything, in the order of PLAN below
#   STUDY_RUNS=/big/disk/study scripts/study.sh
#   STUDY_LIMIT=3 scripts/study.sh        # train at most three more runs this time, then summarise
#
# Environment: MARGINFACE_DATA (default ../shared/data), STUDY_RUNS (default runs/study),
# STUDY_DOCS (default docs/study), STUDY_RESULTS (the document the table goes into, default
# docs/results.md), MARGINFACE_CACHE (the embedding cache, default ~/.cache/marginface),
# MARGINFACE_BIN (the launcher, default bin/marginface; StudyScriptTest puts a stand-in there).
set -euo pipefail
# The whole script is one group, so bash reads all of it before running any of it: a `git pull`
# that changes this file while a long study runs cannot make the running copy read a mixed script.
{
cd "$(dirname "$0")/.."

export MARGINFACE_DATA="${MARGINFACE_DATA:-../shared/data}"
RUNS="${STUDY_RUNS:-runs/study}"
DOCS="${STUDY_DOCS:-docs/study}"
RESULTS="${STUDY_RESULTS:-docs/results.md}"
LIMIT="${STUDY_LIMIT:-1000}"
LFW="$MARGINFACE_DATA/lfw"
# resolution kept: 1 (clean) down to 0.15 (a 17x14 face enlarged back, the table's "low quality")
LEVELS="1,0.5,0.35,0.25,0.15"
MF="${MARGINFACE_BIN:-bin/marginface}"

# config seed: the order in which runs are trained, so that an interrupted study has the runs that
# answer the main questions first (AM-Softmax against Softmax, the second seeds that say what a
# difference between runs is worth, NormFace, feature normalisation, the other heads, then the margin
# sweep)
PLAN=(
  "amsoftmax-m0.35 1"
  "softmax 1"
  "amsoftmax-m0.35 2"
  "softmax 2"
  "normface 1"
  "amsoftmax-m0.35-nofn 1"
  "sphereface-m4 1"
  "arcface-m0.5 1"
  "amsoftmax-m0.25 1"
  "amsoftmax-m0.30 1"
  "amsoftmax-m0.40 1"
  "amsoftmax-m0.35-s15 1"
)

[ -d "$LFW" ] || { echo "study: no LFW at $LFW (set MARGINFACE_DATA)" >&2; exit 2; }
if [ -z "${MARGINFACE_BIN:-}" ] && [ ! -f marginface-cli/target/marginface-cli.jar ]; then
  echo "study: build first: mvn -B -ntp -DskipTests package" >&2
  exit 2
fi
mkdir -p "$RUNS"

log() { echo "$(date -u '+%F %T') study: $*" | tee -a "$RUNS/study.log" >&2; }

# Each step runs as a child that an interruption stops cleanly (training writes a checkpoint), so
# that "run it again" continues where it stopped instead of racing an orphaned child.
child=0
on_signal() {
  if [ "$child" -ne 0 ]; then kill -TERM "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi
  log "interrupted; run scripts/study.sh again to continue"
  exit 130
}
trap on_signal INT TERM

# timed RUN STEP COMMAND...: runs the command, appends "step, seconds, finished at" to
# RUN/study-times.tsv when it succeeds, and returns its status
timed() {
  local run=$1 step=$2 start=$SECONDS status=0
  shift 2
  "$@" &
  child=$!
  wait "$child" || status=$?
  child=0
  [ "$status" -eq 0 ] && printf '%s\t%s\t%s\n' "$step" "$((SECONDS - start))" "$(date -u '+%FT%TZ')" \
    >> "$run/study-times.tsv"
  return "$status"
}

trained=0
for entry in "${PLAN[@]}"; do
  [ "${STUDY_ONLY_SUMMARY:-0}" = 1 ] && break
  read -r config seed <<< "$entry"
  run="$RUNS/$config-seed$seed"
  if [ -f "$run/failed.txt" ]; then
    log "$run failed before ($(head -1 "$run/failed.txt")); delete $run/failed.txt to try again"
    continue
  fi
  if [ ! -f "$run/model/manifest.json" ]; then
    if [ "$trained" -ge "$LIMIT" ]; then
      log "STUDY_LIMIT=$LIMIT reached; $run not started"
      continue
    fi
    trained=$((trained + 1))
    status=0
    if [ -f "$run/config.yaml" ]; then
      log "resuming $run"
      timed "$run" train-resumed "$MF" train --resume "$run" || status=$?
    else
      log "training $run"
      mkdir -p "$run"
      timed "$run" train "$MF" train --config "configs/study/$config.yaml" --set "seed=$seed" --out "$run" \
        || status=$?
    fi
    if [ "$status" -ne 0 ]; then
      # the run stopped on its own (a non-finite loss, bad data): that is a result, not a reason to
      # stop the study; an interrupted study never gets here (the signal ends this script first)
      { echo "train exited with status $status"; tail -5 "$run/train.log" 2>/dev/null; } > "$run/failed.txt"
      log "$run failed: $(tail -1 "$run/failed.txt")"
      continue
    fi
  fi
  model="$run/model"
  mkdir -p "$run/eval"
  # an evaluation that fails is a bug or a broken setup, not a result: the study stops there
  if [ ! -f "$run/eval/lfw.json" ]; then
    timed "$run" eval-lfw "$MF" eval lfw --model "$model" --lfw "$LFW" --protocol both --out "$run/eval/lfw.json"
  fi
  if [ ! -f "$run/eval/identify.json" ]; then
    timed "$run" eval-identify "$MF" eval identify --model "$model" --lfw "$LFW" --out "$run/eval/identify.json"
  fi
  if [ ! -f "$run/eval/norms.json" ]; then
    timed "$run" eval-norms "$MF" eval norms --model "$model" --lfw "$LFW" --degradation resolution \
      --levels "$LEVELS" --out "$run/eval/norms.json"
  fi
  log "$run done"
done

# the summary covers every run directory there is, finished or not (the table says which)
mapfile -t dirs < <(find "$RUNS" -mindepth 1 -maxdepth 1 -type d -name '*-seed*' | sort)
[ "${#dirs[@]}" -gt 0 ] || { log "no runs yet"; exit 0; }
mkdir -p "$DOCS"
# the paper's head is the reference every other run is compared with pair by pair
baseline=amsoftmax-m0.35-seed1
[ -d "$RUNS/$baseline" ] || baseline=""
"$MF" summarize --runs "${dirs[@]}" --degraded-level 0.15 ${baseline:+--baseline "$baseline"} --out "$DOCS/table"
if [ "${#dirs[@]}" -ge 2 ]; then
  "$MF" report --compare "${dirs[@]}" --out "$RUNS/compare.html"
  # the page as people see it, for docs/results.md (headless Chromium, as the browser tests use)
  browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
  if [ -n "$browser" ] && [ -f "$RUNS/compare.html" ]; then
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1800,2000 \
      --screenshot="$(cd "$DOCS" && pwd)/compare.png" "file://$(cd "$RUNS" && pwd)/compare.html" >/dev/null 2>&1 \
      || log "could not screenshot $RUNS/compare.html"
  else
    log "no chromium or no comparison page: $DOCS/compare.png not made"
  fi
fi
# raw outputs (no weights): enough to check every number of the table
for dir in "${dirs[@]}"; do
  name=$(basename "$dir")
  mkdir -p "$DOCS/runs/$name"
  for file in config.yaml metrics.jsonl study-times.tsv failed.txt; do
    [ -f "$dir/$file" ] && cp "$dir/$file" "$DOCS/runs/$name/"
  done
  if [ -d "$dir/eval" ]; then
    mkdir -p "$DOCS/runs/$name/eval"
    find "$dir/eval" -maxdepth 1 -name '*.json' -exec cp {} "$DOCS/runs/$name/eval/" \;
    [ -f "$dir/eval/norms-norms.png" ] && cp "$dir/eval/norms-norms.png" "$DOCS/runs/$name/eval/"
    # each pair's score and outcome, from which the pair-by-pair table is computed (-n: same bytes each time)
    [ -f "$dir/eval/lfw-sphereface.csv" ] && gzip -9n < "$dir/eval/lfw-sphereface.csv" > "$DOCS/runs/$name/eval/lfw-sphereface.csv.gz"
  fi
done
# the table goes into the results document between the markers, so the document never drifts from it
if [ -f "$RESULTS" ] && grep -q '<!-- study-table:begin -->' "$RESULTS"; then
  awk -v table="$DOCS/table.md" '
    /<!-- study-table:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- study-table:end -->/ { skip = 0 }
    !skip { print }' "$RESULTS" > "$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"
fi
log "summary: $DOCS/table.md ($(( ${#dirs[@]} )) runs); comparison: $RUNS/compare.html"
exit 0
}
