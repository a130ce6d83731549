#!/usr/bin/env bash
# Synthesises resources/samples/humanear-sample.ogg, the short clip the .deb installs
# to share/humanear/samples so that an installed HumanEar can be tried (and tested)
# without any music at hand: 12 s of a few synthesised plucked chords and noise hits,
# made here with sox only, so it is free of any rights (CC0). Kept in git; run again
# only to change it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
i=0
for chord in "C3 E3 G3 C4" "A2 E3 A3 C4" "F2 C3 F3 A3" "G2 D3 G3 B3"; do
  set -- $chord
  for rep in 1 2; do
    sox -n -r 44100 -c 4 -b 16 "$work/p.wav" synth 1.5 pluck "$1" pluck "$2" pluck "$3" pluck "$4"
    sox "$work/p.wav" -c 1 "$work/c$i.wav" remix - fade 0 1.5 1.2 gain -n -6
    i=$((i + 1))
  done
done
sox $(ls "$work"/c*.wav | sort -V) "$work/chords.wav"
# A soft hi-hat-like noise tick on every half second.
sox -n -r 44100 -c 1 -b 16 "$work/tick.wav" synth 0.05 whitenoise gain -18 highpass 6000 fade 0 0.05 0.04 pad 0 0.45
sox $(for _ in $(seq 24); do echo "$work/tick.wav"; done) "$work/ticks.wav"
sox -m "$work/chords.wav" "$work/ticks.wav" "$work/mix.wav" reverb 30 gain -n -3 trim 0 12
mkdir -p "$root/resources/samples"
sox "$work/mix.wav" -C 3 "$root/resources/samples/humanear-sample.ogg"
ls -l "$root/resources/samples/humanear-sample.ogg"
