#!/usr/bin/env bash
# Builds the mixed evaluation library of issue 16 as a folder of symbolic links
# (no audio is copied): every human song folder of ../shared/data/human beside
# the Debian game soundtracks, one top-level folder per source (the label
# `eval-recs` reports as "same folder"), each with a genre.txt from
# packaging/mixed-library-genres.tsv (the soundtracks keep their own).
#
#   bash packaging/make-mixed-library.sh OUT_DIR [SHARED_DATA_DIR] [SOUNDTRACKS_DIR]
#
# SHARED_DATA_DIR defaults to ../shared/data, SOUNDTRACKS_DIR to
# ./data/human-debian (packaging/fetch-demo-music.sh --large fills it). Then:
#   humanear-cli library add --library LIB OUT_DIR && humanear-cli eval-recs --library LIB
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: make-mixed-library.sh OUT_DIR [SHARED_DATA_DIR] [SOUNDTRACKS_DIR]}"
shared="${2:-$root/../shared/data}"
soundtracks="${3:-$root/data/human-debian}"
[ -d "$shared/human" ] || { echo "make-mixed-library: no $shared/human" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# Links every audio file below $1 into $2, keeping sub-folders.
link_tree() {
  local from="$1" to="$2"
  (cd "$from" && find . -type f \( -iname '*.mp3' -o -iname '*.ogg' -o -iname '*.opus' -o -iname '*.flac' \
      -o -iname '*.wav' -o -iname '*.m4a' \) -print0) |
    while IFS= read -r -d '' f; do
      mkdir -p "$to/$(dirname "$f")"
      ln -sfn "$from/$f" "$to/$f"
    done
}

while IFS=$'\t' read -r folder genre _; do
  case "$folder" in ''|\#*) continue ;; esac
  [ -d "$shared/human/$folder" ] || { echo "make-mixed-library: no $shared/human/$folder" >&2; exit 2; }
  link_tree "$shared/human/$folder" "$out/$folder"
  printf '%s\n' "$genre" >"$out/$folder/genre.txt"
done <"$root/packaging/mixed-library-genres.tsv"

for dir in "$soundtracks"/*/; do
  name="$(basename "$dir")"
  [ -f "$dir/genre.txt" ] || continue
  link_tree "$(cd "$dir" && pwd)" "$out/$name"
  cp "$dir/genre.txt" "$out/$name/genre.txt"
done
echo "make-mixed-library: $(find "$out" -type l | wc -l) tracks in $(find "$out" -mindepth 1 -maxdepth 1 -type d | wc -l) sources at $out"
