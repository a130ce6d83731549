#!/usr/bin/env bash
# Prepares the CUDA check of the engine's model code for a GPU machine lent by the
# `device` tool, and says how to run it there in one call (docs/performance.md,
# "CUDA, measured on an H200").
#
# Here (with the full build): export_device_reference writes, from 8 real tracks of
# ../shared/data, the detector members' windows and musicnn patches (the real front
# ends), the CPU's logits, P(AI) and embeddings, and the weights in forms a machine
# with LibTorch alone can read. With them go the stand-alone project tests/device
# and copies of the engine sources it compiles, so the bundle is self-consistent.
#
# Usage: packaging/device-check.sh [--bundle DIR] [--build DIR] [--validate]
#   --bundle DIR  where to write it (default: <checkout>/.device-bundle). The device
#                 tool sends the checkout its session started in: put the bundle
#                 there, make git ignore it, and name it in `carry`.
#   --validate    then build and run the bundle here, as the device would (quick
#                 mode; without CUDA it must say so and still do the CPU checks).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundle="$repo/.device-bundle"
build="$repo/build"
validate=0
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) bundle="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --validate) validate=1; shift ;;
    *) echo "usage: $0 [--bundle DIR] [--build DIR] [--validate]" >&2; exit 2 ;;
  esac
done
shared="${HUMANEAR_SHARED_DIR:-$repo/../shared}"
# Four generators and four human sources, fixed so that reruns compare like with like.
tracks=(
  ai/ace-step/Experimental__acappella.flac
  ai/suno_trav/AI_Workshop_Blues.mp3
  ai/stable_audio_open/bass80s.mp3
  ai/heartmula/chinese__11.mp3
  human/aerosmith_nine_lives/Nine_Lives__01-Nine_Lives.mp3
  human/afrobeats/001.mp3
  human/cc_songs/mp3__Brad-Sucks--Total-Breakdown.mp3
  human/lakh_previews/001.mp3
)
paths=()
for t in "${tracks[@]}"; do
  [ -f "$shared/data/$t" ] || { echo "missing $shared/data/$t (set HUMANEAR_SHARED_DIR)" >&2; exit 1; }
  paths+=("$shared/data/$t")
done

cmake --build "$build" --target export_device_reference
rm -rf "$bundle"
mkdir -p "$bundle/data" "$bundle/tests/device/shims" "$bundle/engine/src"
"$build/tests/export_device_reference" --models "$repo/models" --out "$bundle/data" "${paths[@]}"

# The engine's headers (small) and the sources the stand-alone project compiles.
cp -r "$repo/engine/include" "$bundle/engine/"
(cd "$repo/engine/src" && find . -name '*.h' -exec cp --parents {} "$bundle/engine/src/" \;)
(cd "$repo/engine/src" && cp --parents result.cpp models/compute_device.cpp detector/detector_network.cpp \
   detector/detector_batcher.cpp networks/keras_weights.cpp networks/musicnn_network.cpp "$bundle/engine/src/")
cp "$repo/tests/device/CMakeLists.txt" "$repo/tests/device/device_check.cpp" "$repo/tests/device/raw_tensors.h" \
   "$repo/tests/device/device_members.h" \
   "$bundle/tests/device/"
cp "$repo/tests/device/shims/"*.cpp "$bundle/tests/device/shims/"
cp "$repo/tests/device/run-on-device.sh" "$bundle/run-on-device.sh"
git -C "$repo" rev-parse HEAD >"$bundle/SOURCE_COMMIT" 2>/dev/null || true

# The device tool sends tracked and untracked-but-not-ignored files: keep the bundle
# out of git's view in the checkout that holds it.
if top="$(git -C "$(dirname "$bundle")" rev-parse --show-toplevel 2>/dev/null)" && [ "$top" = "$(cd "$(dirname "$bundle")" && pwd)" ]; then
  exclude="$(git -C "$top" rev-parse --git-path info/exclude)"
  case "$exclude" in /*) ;; *) exclude="$top/$exclude" ;; esac
  name="/$(basename "$bundle")/"
  mkdir -p "$(dirname "$exclude")"
  grep -qxF "$name" "$exclude" 2>/dev/null || echo "$name" >>"$exclude"
fi
echo "bundle: $bundle ($(du -sh "$bundle" | cut -f1))"

if [ "$validate" = 1 ]; then
  scratch="$(mktemp -d)"
  OUT="$scratch/out" QUICK=1 BUILD_DIR="$scratch/build" bash "$bundle/run-on-device.sh"
  echo "validation logs: $scratch/out"
fi

cat <<EOF

Device run: one call of the device tool, from the checkout that holds the bundle:
  run(command="bash $(basename "$bundle")/run-on-device.sh", carry=["$(basename "$bundle")"], timeout_s=540)
It builds (about a minute on 16 cores), checks and times (about two to three
minutes), and leaves build.log and device-check.log (and device-check-summary.tsv)
in \$OUT. Call give_back right after it.
EOF
