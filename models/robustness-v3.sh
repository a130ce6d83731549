#!/usr/bin/env bash
# Robustness of detector version 3 on unseen sources: for each fold, the fold's
# ensemble (version 2's two log-mel members + the full-band member trained
# without the fold's sources, stacked with weights fitted without the fold, see
# models/fit-stacking.py --json) scores the fold's hidden sources clean and
# degraded (humanear-cli eval --robustness: MP3 128/64 kbit/s, Opus 48, a
# 44.1 kHz round trip, noise at 30 dB SNR, pitch +-1 semitone, 4 kHz and 16 kHz
# low-pass).
#
#   bash models/robustness-v3.sh STACKING_JSON [RESULTS_DIR]     (FOLDS="f1 f4" for some)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
stacking="$1"
results="${2:-build/validation/v3-robustness}"
cli="${CLI:-build/app/humanear-cli}"
fullband="${FULLBAND_RESULTS:-build/validation/fullband-cnn}"
mkdir -p "$results"
while IFS=$'\t' read -r name hidden_ai hidden_human; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  [ -n "${FOLDS:-}" ] && [[ " $FOLDS " != *" $name "* ]] && continue
  out="$results/$name"
  rm -rf "$out"
  "$cli" combine --out "$out" --version 3 models/detector-seed-cnn.manifest.json \
    models/detector-windowed-cnn.manifest.json "$fullband/$name/detector.manifest.json" >/dev/null
  python3 - "$stacking" "$name" "$out/detector.manifest.json" <<'PY'
import json, sys
figures, fold, path = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
manifest = json.load(open(path))
manifest["parameters"].update(figures["fold_parameters"][fold])
json.dump(manifest, open(path, "w"), indent=4, sort_keys=True)
PY
  args=()
  for g in $hidden_ai; do args+=(--ai "../shared/data/ai/$g"); done
  for h in $hidden_human; do for r in ../shared/data/human data/human-debian; do [ -d "$r/$h" ] && args+=(--human "$r/$h"); done; done
  echo "== $name"
  "$cli" eval --models "$out" --model detector "${args[@]}" --robustness --work "$out-degraded" --json > "$out.txt"
  sed -n '/robustness/,$p' "$out.txt" | head -n 12
done < models/folds-v3.tsv
