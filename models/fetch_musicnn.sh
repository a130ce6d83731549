#!/usr/bin/env bash
# Rebuilds models/musicnn-msd.h5 (committed) from its source, the musicnn 0.1.0
# wheel on PyPI, and checks that the result is byte for byte the committed file.
# Optionally rewrites the port's test reference (tests/data/musicnn_reference.bin).
#
#   bash models/fetch_musicnn.sh [OUT_DIR] [--reference FILE]
#
# Needs python3 with venv (apt: python3-venv) and PyPI; downloads about 600 MB
# (tensorflow-cpu 2.15, only to read the TensorFlow checkpoint) into a throw-away
# virtual environment. The app never runs this: the converted weights ship in models/.
#
# Licence of musicnn and its weights: ISC, (c) Music Technology Group, Universitat
# Pompeu Fabra 2019 (models/musicnn/LICENSE.md): keep that notice with the weights.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out_dir="${1:-$here}"
reference=""
if [ "${2:-}" = "--reference" ]; then reference="${3:?--reference needs a file}"; fi
WHEEL_SHA256="f38a4890c648c1ddbb141c5d96d2b0a8cfcd36746002d896989f7b88beb65cfa"
expected="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sha256"])' "$here/musicnn-msd.manifest.json")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "tensorflow-cpu==2.15.1" "numpy<2" h5py librosa
"$work/venv/bin/pip" download --quiet --no-deps --dest "$work" "musicnn==0.1.0"
wheel="$work/musicnn-0.1.0-py3-none-any.whl"
echo "$WHEEL_SHA256  $wheel" | sha256sum --check --quiet || {
  echo "fetch_musicnn.sh: the musicnn wheel's sha256 is not the expected one; nothing written." >&2
  exit 1
}
mkdir -p "$work/wheel" "$out_dir"
"$work/venv/bin/python" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$wheel" "$work/wheel"
"$work/venv/bin/python" "$here/musicnn/convert_musicnn.py" "$work/wheel" "$work/musicnn-msd.h5" ${reference:+"$reference"} 2>"$work/convert.log" || {
  cat "$work/convert.log" >&2
  exit 1
}
got="$(sha256sum "$work/musicnn-msd.h5" | cut -d' ' -f1)"
if [ "$got" != "$expected" ]; then
  echo "fetch_musicnn.sh: the converted weights' sha256 is $got, the manifest says $expected." >&2
  exit 1
fi
cp "$work/musicnn-msd.h5" "$out_dir/musicnn-msd.h5"
echo "musicnn-msd.h5 rebuilt in $out_dir; sha256 $got matches models/musicnn-msd.manifest.json."
