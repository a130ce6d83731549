#!/usr/bin/env bash
# Downloads the official OpenL3 audio weights HumanEar uses (input representation
# mel256, content type music; Keras weights-only HDF5, ~18 MB) and checks them.
#
#   bash models/fetch_openl3.sh [DEST_DIR]      # default: the folder this script is in
#
# Source: the `models` branch of github.com/marl/openl3, the very file that the
# openl3 0.4.x package's setup.py downloads and gunzips at install time
# (openl3_audio_mel256_music-v0_4_0.h5.gz -> openl3_audio_mel256_music.h5).
# PyPI does NOT carry the weights: openl3 0.4.2 is a 29 kB sdist with no wheel,
# and its setup.py fetches the .h5.gz files from GitHub when it is built; torchopenl3
# 1.0.1 is an 18 kB wheel that also downloads them at run time (both checked 2026-11-22).
# If GitHub is out of reach but an openl3 Python package is installed somewhere,
# OPENL3_FROM_PYTHON=/path/to/python copies the file out of that installation.
#
# Licence of the weights: Creative Commons Attribution 4.0 International (CC BY 4.0),
# the OpenL3 authors (Aurora Cramer, Ho-Hsiang Wu, Justin Salamon et al., marl/openl3): give attribution.
# The openl3 code is MIT. Do not commit the .h5 into this repository.
set -euo pipefail

NAME="openl3_audio_mel256_music.h5"
URL="${OPENL3_URL:-https://github.com/marl/openl3/raw/models/openl3_audio_mel256_music-v0_4_0.h5.gz}"
# sha256 of the decompressed openl3_audio_mel256_music.h5. Not pinned yet: the
# machines this script was written on could not reach GitHub. The first run
# prints the digest; record it here (and in models/openl3.md) once checked
# against a second download, or pass OPENL3_SHA256=... to enforce one now.
EXPECTED_SHA256="${OPENL3_SHA256:-}"
MIN_BYTES=15000000  # the real file is about 18.8 MB
MAX_BYTES=25000000

dest="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}"
mkdir -p "$dest"
target="$dest/$NAME"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fetch() {  # fetch URL OUT
  if command -v curl >/dev/null 2>&1; then
    curl -fL --progress-bar --retry 3 --connect-timeout 30 -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q --tries=3 -O "$2" "$1"
  else
    echo "fetch_openl3.sh: neither curl nor wget is installed." >&2
    return 1
  fi
}

if [ -n "${OPENL3_FROM_PYTHON:-}" ]; then
  pkgdir="$("$OPENL3_FROM_PYTHON" -c 'import os, openl3; print(os.path.dirname(openl3.__file__))')"
  echo "Copying $NAME from the openl3 package in $pkgdir"
  cp "$pkgdir/$NAME" "$tmp/$NAME"
else
  echo "Downloading $URL"
  if ! fetch "$URL" "$tmp/download"; then
    echo "fetch_openl3.sh: could not download $URL; nothing was installed." >&2
    echo "Where openl3 is pip-installed, OPENL3_FROM_PYTHON=/path/to/python copies the file from there." >&2
    exit 1
  fi
  if gzip -t "$tmp/download" 2>/dev/null; then
    gzip -dc "$tmp/download" >"$tmp/$NAME"
  else
    mv "$tmp/download" "$tmp/$NAME"  # OPENL3_URL may point at an uncompressed .h5
  fi
fi

# Plausibility: HDF5 signature and size, before the checksum.
if [ "$(head -c 8 "$tmp/$NAME" | od -An -tx1 | tr -d ' \n')" != "894844460d0a1a0a" ]; then
  echo "fetch_openl3.sh: the downloaded file is not an HDF5 file (an error page?); nothing was installed." >&2
  exit 1
fi
size="$(stat -c %s "$tmp/$NAME")"
if [ "$size" -lt "$MIN_BYTES" ] || [ "$size" -gt "$MAX_BYTES" ]; then
  echo "fetch_openl3.sh: the downloaded file has $size bytes, expected about 18.8 MB; nothing was installed." >&2
  exit 1
fi

actual="$(sha256sum "$tmp/$NAME" | cut -d' ' -f1)"
if [ -n "$EXPECTED_SHA256" ]; then
  if [ "$actual" != "$EXPECTED_SHA256" ]; then
    echo "fetch_openl3.sh: sha256 mismatch for $NAME: got $actual, expected $EXPECTED_SHA256; nothing was installed." >&2
    exit 1
  fi
  echo "sha256 OK: $actual"
else
  echo "WARNING: no pinned sha256 to check against. The file's sha256 is:" >&2
  echo "  $actual" >&2
  echo "Record it as EXPECTED_SHA256 in models/fetch_openl3.sh and in models/openl3.md." >&2
fi

mv -f "$tmp/$NAME" "$target"
echo "Installed $target ($size bytes). Licence: CC BY 4.0 (marl/openl3)."
