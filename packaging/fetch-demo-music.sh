#!/usr/bin/env bash
# Fetches free, human-made game soundtracks from Debian's archive and collects
# their music into OUT_DIR/<soundtrack>/ without installing anything:
# `apt-get download` fetches the .deb, `dpkg -x` unpacks it into a scratch folder.
# The same music serves as the detector's human training data and as the demo
# library a new user gets recommendations from.
#
#   bash packaging/fetch-demo-music.sh [OUT_DIR] [--large] [--index]
#
# --index then indexes OUT_DIR into the default HumanEar library
# (packaging/index-demo-library.sh; needs a built humanear-cli).
#
# OUT_DIR defaults to ./data/human-debian. --large adds supertuxkart-data
# (627 MB) and 0ad-data (1.4 GB). Re-running skips soundtracks already collected.
set -euo pipefail
out="${1:-data/human-debian}"
large=0
index=0
for arg in "$@"; do
  [ "$arg" = "--large" ] && large=1
  [ "$arg" = "--index" ] && index=1
done
case "$out" in --*) out="data/human-debian" ;; esac

# package|soundtrack folder|genre|where the music is inside the package
soundtracks=(
  "wesnoth-1.16-music|wesnoth|Orchestral|usr/share/games/wesnoth/1.16/data/core/music"
  "warzone2100-music|warzone2100|Electronic|usr/share/games/warzone2100/music"
  "hedgewars-data|hedgewars|Soundtrack|usr/share/games/hedgewars/Data/Music"
  "nexuiz-music|nexuiz|Industrial|usr/share/games/nexuiz/data/music.pk3"
  "singularity-music|singularity|Ambient|usr/share/games/singularity/music"
)
if ((large)); then
  soundtracks+=(
    "supertuxkart-data|supertuxkart|Soundtrack|usr/share/games/supertuxkart/data/music"
    "0ad-data|0ad|World|usr/share/games/0ad/mods/public/public.zip"
  )
fi

need=()
command -v unzip >/dev/null || need+=(unzip)
if ((${#need[@]})); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"
scratch="$(mktemp -d)"
chmod 777 "$scratch"  # apt-get download drops privileges to _apt, which must write here
trap 'rm -rf "$scratch"' EXIT

for entry in "${soundtracks[@]}"; do
  IFS='|' read -r package folder genre inside <<<"$entry"
  dest="$out/$folder"
  if [ -f "$dest/.complete" ]; then
    echo "$folder: already collected ($(find "$dest" -type f \( -name '*.ogg' -o -name '*.opus' \) | wc -l) tracks)"
    continue
  fi
  echo "$folder: downloading $package from Debian"
  (cd "$scratch" && apt-get download "$package" >/dev/null)
  deb="$(ls "$scratch"/"${package}"_*.deb | head -n1)"
  mkdir -p "$scratch/$folder" "$dest"
  dpkg -x "$deb" "$scratch/$folder"
  src="$scratch/$folder/$inside"
  case "$src" in
    *.pk3|*.zip)
      # Game archives are zips; only their music is wanted.
      unzip -q -o "$src" 'sound/cdtracks/*' 'audio/music/*' -d "$scratch/$folder/unzipped" 2>/dev/null || true
      src="$scratch/$folder/unzipped" ;;
  esac
  # Keep the soundtrack's own sub-folders (albums); skip supertuxkart's sped-up duplicates.
  (cd "$src" && find . -type f \( -iname '*.ogg' -o -iname '*.opus' \) ! -name '*_fast.ogg' -print0) |
    while IFS= read -r -d '' f; do
      mkdir -p "$dest/$(dirname "$f")"
      cp "$src/$f" "$dest/$f"
    done
  printf '%s\n' "$genre" >"$dest/genre.txt"
  printf '%s\n' "$package" >"$dest/package.txt"
  touch "$dest/.complete"
  rm -rf "$scratch/$folder" "$deb"
  echo "$folder: $(find "$dest" -type f \( -name '*.ogg' -o -name '*.opus' \) | wc -l) tracks"
done

if ((index)); then
  bash "$(dirname "${BASH_SOURCE[0]}")/index-demo-library.sh" "$out"
fi
