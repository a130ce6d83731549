#!/usr/bin/env bash
# Writes the seed corpus for fuzz_decode into DIR: tiny files of every format the
# engine reads (synthesised here with sox and ffmpeg), cut-short copies of each, and
# hand-damaged WAV headers. Each file ends with the byte fuzz_decode reads as its
# extension (0 none, 1 .wav, 2 .mp3, 3 .flac, 4 .ogg, 5 .opus, 6 .m4a, 7 .aiff).
#   bash tests/fuzz/make-seed-corpus.sh DIR
set -euo pipefail
out="${1:?usage: $0 DIR}"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

ext_byte() {
  case "$1" in
    wav) echo 1 ;; mp3) echo 2 ;; flac) echo 3 ;; ogg) echo 4 ;; opus) echo 5 ;; m4a) echo 6 ;; aiff) echo 7 ;; *) echo 0 ;;
  esac
}
# add NAME FILE: copies FILE into the corpus with its extension byte appended, and a
# copy cut to half its length.
add() {
  local name="$1" file="$2" ext="${2##*.}" byte size
  byte="$(ext_byte "$ext")"
  { cat "$file"; printf "\\$(printf '%03o' "$byte")"; } > "$out/$name"
  size="$(stat -c %s "$file")"
  { head -c $((size / 2)) "$file"; printf "\\$(printf '%03o' "$byte")"; } > "$out/$name-cut"
}

q() { "$@" >/dev/null 2>&1; }
ff() { q ffmpeg -nostdin -hide_banner -y "$@"; }

# PCM containers through sox: rates, depths, channel counts, float.
q sox -n -r 8000 -c 1 -b 16 "$work/a.wav" synth 0.2 sine 440;            add wav-8k-s16-mono "$work/a.wav"
q sox -n -r 44100 -c 2 -b 24 "$work/b.wav" synth 0.05 square 1000;       add wav-44k-s24-stereo "$work/b.wav"
q sox -n -r 16000 -c 1 -e floating-point -b 32 "$work/c.wav" synth 0.1 sine 300; add wav-16k-float "$work/c.wav"
q sox -n -r 8000 -c 6 -b 8 "$work/d.wav" synth 0.05 noise;               add wav-8k-u8-6ch "$work/d.wav"
q sox -n -r 1000 -c 1 -b 8 "$work/e.wav" synth 6 sine 100;               add wav-1k-6s "$work/e.wav"
q sox -n -r 8000 -c 1 -b 16 "$work/f.aiff" synth 0.1 sine 440;           add aiff-8k "$work/f.aiff"
q sox -n -r 8000 -c 2 -b 16 "$work/g.flac" synth 0.2 sine 440 sine 660;  add flac-8k-stereo "$work/g.flac"
q sox -n -r 8000 -c 1 -b 16 "$work/h.flac" synth 6 sine 200;             add flac-8k-6s "$work/h.flac"
# Compressed formats through ffmpeg.
src="$work/src.wav"
q sox -n -r 16000 -c 1 -b 16 "$src" synth 0.5 sine 440
ff -i "$src" -c:a libmp3lame -b:a 8k "$work/i.mp3";                      add mp3-8k "$work/i.mp3"
ff -i "$src" -c:a libmp3lame -b:a 8k -write_xing 0 "$work/j.mp3";        add mp3-noxing "$work/j.mp3"
ff -i "$src" -c:a libvorbis -q:a 0 "$work/k.ogg";                        add vorbis "$work/k.ogg"
ff -i "$src" -c:a libopus -b:a 6k "$work/l.opus";                        add opus "$work/l.opus"
ff -i "$src" -c:a aac -b:a 16k "$work/m.m4a";                            add aac "$work/m.m4a"
ff -i "$src" -c:a alac "$work/n.m4a";                                    add alac "$work/n.m4a"
q sox -n -r 8000 -c 1 -b 16 "$work/long.wav" synth 6 sine 440
ff -i "$work/long.wav" -c:a libopus -b:a 6k "$work/o.opus";              add opus-6s "$work/o.opus"
ff -i "$work/long.wav" -c:a libmp3lame -b:a 8k "$work/p.mp3";            add mp3-6s "$work/p.mp3"

# Damaged WAVs: a header promising far more data than present, NaN/Inf float samples,
# zero channels, a huge sample rate.
python3 - "$work" <<'PY'
import struct, sys, math
d = sys.argv[1]
def wav(fmt_tag, ch, rate, bits, payload, data_size=None):
    block = ch * bits // 8
    fmt = struct.pack('<HHIIHH', fmt_tag, ch, rate, (rate * block) & 0xFFFFFFFF, block, bits)
    size = len(payload) if data_size is None else data_size
    body = b'WAVE' + b'fmt ' + struct.pack('<I', len(fmt)) + fmt + b'data' + struct.pack('<I', size) + payload
    return b'RIFF' + struct.pack('<I', len(body)) + body
pcm = b''.join(struct.pack('<h', int(8000 * math.sin(i / 5))) for i in range(800))
open(f'{d}/promise.wav', 'wb').write(wav(1, 1, 8000, 16, pcm, data_size=160000000))
nan = b''.join(struct.pack('<f', v) for v in [float('nan'), float('inf'), -float('inf'), 0.5] * 200)
open(f'{d}/nan.wav', 'wb').write(wav(3, 1, 16000, 32, nan))
open(f'{d}/zero-ch.wav', 'wb').write(wav(1, 0, 8000, 16, pcm))
open(f'{d}/rate.wav', 'wb').write(wav(1, 1, 4000000000, 16, pcm))
PY
for f in promise nan zero-ch rate; do add "wav-$f" "$work/$f.wav"; done
printf '\001' > "$out/empty-wav"
python3 -c 'import random,sys; random.seed(7); sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(512)))' > "$work/random.mp3"
add random-mp3 "$work/random.mp3"
echo "$(ls "$out" | wc -l) seed files in $out"
