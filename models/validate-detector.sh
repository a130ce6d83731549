#!/usr/bin/env bash
# Leave-sources-out validation of the detector (version 3 folds, models/folds-v3.tsv):
# each fold hides whole AI generators AND whole human sources from training, trains
# on the rest, then scores only the hidden ones. Nothing a model is scored on was
# seen, not even the same generator or the same album. Every source is hidden in
# exactly one fold, so the folds together give every track an out-of-fold score
# (RESULTS/<fold>.scores.tsv), which models/fit-stacking.py combines and calibrates.
#
#   bash models/validate-detector.sh ARCH [EPOCHS] [RESULTS_DIR]
#
# ARCH: fullband-cnn (default), windowed-cnn or seed-cnn: train one model per fold.
#       windowed-cnn-head: version 2's network with only its head trained again per fold
#       (train --init models/lab/detector-windowed-cnn-v2.pt --head-only).
#       windowed-cnn-tuned: version 2's network as the starting point, every layer trained
#       again per fold at a tenth of the usual step size (--learning-rate 0.0001).
#       Both start from version 2's weights (models/lab/), never from the shipped member:
#       its head was trained on every source, the fold's hidden ones included.
#       trained:DIR: no training; score the fold models an earlier run left in DIR/<fold>
#       (e.g. again, with other EVAL_ARGS).
#       installed:NAME: no training; score the installed model NAME (e.g.
#       installed:detector-windowed-cnn) on each fold's hidden sources. For version 2's
#       members that is out-of-fold only for sources they were not trained on
#       (everything new in corpus version 2; see models/detector-v3.md).
# FOLDS="f2 f3" runs only those folds; ROBUSTNESS=1 adds eval --robustness;
# EVAL_ARGS="--score-copies mp3_64k --work DIR" passes more options to every eval;
# TRAIN_ARGS="--balance-sources" passes more options to every train (e.g. --coded-copies-only,
# --seed N, --spread-windows, --freeze-blocks N; see humanear-cli train --help).
# Two seeds' runs of one head-only recipe combine into one member:
# models/fit-stacking.py --member NAME=DIR1+DIR2 (what combine --merge-heads ships).
# RESULTS/temperatures.tsv keeps each fold model's temperature (fit-stacking.py --raw-logits).
# Each fold's whole training log (loss and in-distribution validation AUC per epoch)
# is kept in RESULTS/<fold>.train.log: a fold score means little from an underfit run.
# Training reads and fills a feature cache (build/validation/cache-ARCH, shared by
# ARCH, ARCH-head and ARCH-tuned): decoding and augmentation happen once for all
# folds and variants. Entries are keyed by each file's bytes, so a corpus copied again
# (new time stamps) keeps its cache.
# Needs ../shared/data and the Debian soundtracks (fetched when missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
arch="${1:-fullband-cnn}"
epochs="${2:-12}"
results="${3:-build/validation/${arch/:/-}}"
cli="${CLI:-build/app/humanear-cli}"
ai_root=../shared/data/ai
human_roots=(../shared/data/human data/human-debian)
[ -d data/human-debian ] || bash packaging/fetch-demo-music.sh data/human-debian
mkdir -p "$results"
human_args=(); for r in "${human_roots[@]}"; do human_args+=(--human "$r"); done

while IFS=$'\t' read -r name hidden_ai hidden_human; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  [ -n "${FOLDS:-}" ] && [[ " $FOLDS " != *" $name "* ]] && continue
  [ -f "$results/$name.json" ] && { echo "$name: done already"; continue; }
  hold=(); eval_args=()
  for g in $hidden_ai; do hold+=(--hold-out "$g"); eval_args+=(--ai "$ai_root/$g"); done
  for h in $hidden_human; do
    hold+=(--hold-out "$h")
    for r in "${human_roots[@]}"; do [ -d "$r/$h" ] && eval_args+=(--human "$r/$h"); done
  done
  echo "== $name: hiding $hidden_ai / $hidden_human"
  start=$SECONDS
  base="${arch%-head}"; base="${base%-tuned}"; init="models/lab/detector-$base-v2.pt"
  models_dir="$results/$name"; model=detector
  case "$arch" in
    installed:*) models_dir=models; model="${arch#installed:}"; train_args=() ;;
    trained:*) models_dir="${arch#trained:}/$name"; train_args=()
      [ -f "$models_dir/detector.manifest.json" ] || { echo "no fold model in $models_dir" >&2; exit 1; } ;;
    # Version 2's network (never the shipped member) with its head trained again on corpus
    # version 2 (fixed features), or every layer fine-tuned at a small step size.
    *-head | *-tuned)
      [ -f "$init" ] || { echo "no version 2 weights to start from: $init" >&2; exit 1; }
      train_args=(--arch "$base" --init "$init")
      if [[ "$arch" == *-head ]]; then train_args+=(--head-only); else train_args+=(--learning-rate 0.0001); fi ;;
    *) train_args=(--arch "$arch") ;;
  esac
  if [ ${#train_args[@]} -gt 0 ]; then
    "$cli" train "${train_args[@]}" --epochs "$epochs" --seed 1234 --ai "$ai_root" "${human_args[@]}" "${hold[@]}" \
      --cache "build/validation/cache-$base" --out "$results/$name" --name detector ${TRAIN_ARGS:-} 2>&1 \
      | tee "$results/$name.train.log" | tail -n 4
  fi
  robustness=(); [ "${ROBUSTNESS:-0}" = 1 ] && robustness=(--robustness --work "$results/$name-degraded")
  "$cli" eval --models "$models_dir" --model "$model" "${eval_args[@]}" "${robustness[@]}" ${EVAL_ARGS:-} \
    --scores "$results/$name.scores.tsv" --json > "$results/$name.txt"
  tail -n 1 "$results/$name.txt" > "$results/$name.json"
  # The temperature the fold model divides its mean window logit by, for fit-stacking.py --raw-logits.
  python3 - "$models_dir/$model.manifest.json" "$results/temperatures.tsv" "$name" <<'PY'
import json, os, sys
manifest, table, fold = sys.argv[1:]
t = json.load(open(manifest)).get("parameters", {}).get("temperature", 1.0)
rows = {}
if os.path.exists(table):
    rows = dict(l.split() for l in open(table) if l.strip() and not l.startswith("#"))
rows[fold] = "%.9g" % t
with open(table, "w") as f:
    f.write("# fold\ttemperature (the fold model's, fitted on its in-distribution validation split)\n")
    f.writelines(f"{k}\t{v}\n" for k, v in sorted(rows.items()))
PY
  head -n 2 "$results/$name.txt"
  echo "$name took $((SECONDS - start)) s"
done < models/folds-v3.tsv
