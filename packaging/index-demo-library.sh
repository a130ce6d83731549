#!/usr/bin/env bash
# Gives a new user recommendations on first run: fetches the free Debian game
# soundtracks (packaging/fetch-demo-music.sh) when they are not there yet and
# indexes them into a HumanEar library with `humanear-cli library add`.
#
#   bash packaging/index-demo-library.sh [--library PATH] [--cli PATH] [--if-empty] [MUSIC_DIR]
#
# MUSIC_DIR defaults to ./data/human-debian, the library to the user's default
# one (humanear-cli's --library default), the CLI to build/app/humanear-cli.
# --if-empty does nothing when the library already has a catalog (bootstrap's
# first-run hook). Indexing is incremental: re-running only adds what is new.
# Takes about a minute for the 131 demo tracks on two cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
music="$root/data/human-debian"
cli="${HUMANEAR_CLI:-$root/${BUILD_DIR:-build}/app/humanear-cli}"
library_args=()
if_empty=0
while (($#)); do
  case "$1" in
    --library) library_args=(--library "$2"); shift 2 ;;
    --cli) cli="$2"; shift 2 ;;
    --if-empty) if_empty=1; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) music="$1"; shift ;;
  esac
done
[ -x "$cli" ] || { echo "index-demo-library: no humanear-cli at $cli (build first, or pass --cli)" >&2; exit 2; }

if ((if_empty)); then
  tracks="$("$cli" library status --json "${library_args[@]}" | tail -n1 | sed -n 's/.*"tracks":\([0-9]*\).*/\1/p')"
  if [ "${tracks:-0}" -gt 0 ]; then
    echo "index-demo-library: the library already has $tracks tracks; nothing to do"
    exit 0
  fi
fi
if ! ls "$music"/*/.complete >/dev/null 2>&1; then
  bash "$root/packaging/fetch-demo-music.sh" "$music"
fi
# Exit status 1 means some files failed (each was named); the rest were indexed.
"$cli" library add "${library_args[@]}" "$music" || [ $? -eq 1 ]
"$cli" library status "${library_args[@]}"
