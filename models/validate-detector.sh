#!/usr/bin/env bash
# Leave-sources-out validation of the detector: each fold hides whole AI
# generators AND whole human sources from training, trains on the rest, then
# scores only the hidden ones. Nothing the model is scored on was seen, not
# even the same generator or the same album.
#
#   bash models/validate-detector.sh [ARCH] [EPOCHS] [RESULTS_DIR]
#
# ARCH: windowed-cnn (default), seed-cnn, or ensemble: the mean of both
# architectures' calibrated P(AI) (the shipped detector), built with
# `humanear-cli combine` from the fold models already trained in
# $SEED_RESULTS/<fold> and $WINDOWED_RESULTS/<fold> (defaults:
# build/validation/seed-cnn and build/validation/windowed-cnn), so run both
# architectures first. Needs ../shared/data and the human soundtracks from
# packaging/fetch-demo-music.sh (fetched when missing).
# FOLDS="f2 f3" runs only those folds; ROBUSTNESS=1 adds eval --robustness.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
arch="${1:-windowed-cnn}"
epochs="${2:-6}"
results="${3:-build/validation/$arch}"
cli="${CLI:-build/app/humanear-cli}"
ai_root=../shared/data/ai
human_roots=(../shared/data/human data/human-debian)
[ -d data/human-debian ] || bash packaging/fetch-demo-music.sh data/human-debian

# fold name | hidden AI generators | hidden human sources
folds=(
  "f1|noise2music|emotify"
  "f2|ace-step|wesnoth"
  "f3|deezer_ae_recon|deezer_fma_real"
  "f4|mustango tango audioldm2 musicgen|warzone2100"
  "f5|diff4steer riffusion|hedgewars"
  "f6|stable_audio_open stable_audio_2.0 stable_audio_1.0|nexuiz singularity"
)
mkdir -p "$results"
for fold in "${folds[@]}"; do
  IFS='|' read -r name hidden_ai hidden_human <<<"$fold"
  [ -n "${FOLDS:-}" ] && [[ " $FOLDS " != *" $name "* ]] && continue
  [ -f "$results/$name.json" ] && { echo "$name: done already"; continue; }
  hold=(); eval_args=()
  for g in $hidden_ai; do hold+=(--hold-out "$g"); eval_args+=(--ai "$ai_root/$g"); done
  for h in $hidden_human; do
    hold+=(--hold-out "$h")
    for r in "${human_roots[@]}"; do [ -d "$r/$h" ] && eval_args+=(--human "$r/$h"); done
  done
  human_args=(); for r in "${human_roots[@]}"; do human_args+=(--human "$r"); done
  echo "== $name: hiding $hidden_ai / $hidden_human"
  if [ "$arch" = ensemble ]; then
    "$cli" combine --out "$results/$name" \
      "${SEED_RESULTS:-build/validation/seed-cnn}/$name/detector.manifest.json" \
      "${WINDOWED_RESULTS:-build/validation/windowed-cnn}/$name/detector.manifest.json"
  else
    "$cli" train --arch "$arch" --epochs "$epochs" --seed 1234 --ai "$ai_root" "${human_args[@]}" \
      "${hold[@]}" --out "$results/$name" --name detector 2>&1 | tail -n 3
  fi
  robustness=(); [ "${ROBUSTNESS:-0}" = 1 ] && robustness=(--robustness --work "$results/$name-degraded")
  "$cli" eval --models "$results/$name" --model detector "${eval_args[@]}" "${robustness[@]}" --json > "$results/$name.txt"
  tail -n 1 "$results/$name.txt" > "$results/$name.json"
  head -n 2 "$results/$name.txt"
done
