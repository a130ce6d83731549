#!/usr/bin/env python3
"""One lossy copy of every listed track, for training features outside the trainer.

Each copy goes through a random 11-20 kHz band limit (down to twice the cut-off and
back with ffmpeg's resampler) and then a random lossy codec from the trainer's list
(lab/src/training_windows.cpp): the same treatment for both classes, so that neither
codec nor cut-off follows the label. The draw is seeded by the track's path, so a
rerun gives the same copies. A copy of /a/b.mp3 is OUT/a/b.mp3.<codec extension>.

  python3 models/codec-copies.py PATH_LIST OUT_DIR

PATH_LIST: one audio path per line. Needs the ffmpeg tool; runs two encoders at
nice 19. An offline tool, never used by the app.
"""
import hashlib
import os
import random
import subprocess
import sys
from multiprocessing import Pool

CODECS = [("libmp3lame", "mp3", "64k"), ("libmp3lame", "mp3", "128k"), ("libmp3lame", "mp3", "192k"),
          ("libopus", "opus", "32k"), ("libopus", "opus", "64k"), ("aac", "m4a", "96k"),
          ("libvorbis", "ogg", "96k")]


def copy(job):
    path, out_dir = job
    rng = random.Random(int(hashlib.sha1(path.encode()).hexdigest()[:12], 16))
    encoder, ext, bitrate = CODECS[rng.randrange(len(CODECS))]
    cutoff = rng.randint(11000, 20000)
    out = os.path.join(out_dir, path.lstrip("/")) + "." + ext
    if os.path.exists(out):
        return None
    os.makedirs(os.path.dirname(out), exist_ok=True)
    rate = 48000 if ext == "opus" else 44100
    command = ["nice", "-n", "19", "ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", path, "-vn",
               "-af", f"aresample={2 * cutoff},aresample={rate}", "-c:a", encoder, "-b:a", bitrate, out + ".partial." + ext]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        return f"{path}: ffmpeg failed: {done.stderr.strip()[:200]}"
    os.replace(out + ".partial." + ext, out)  # a killed run leaves no half copy under the final name
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    paths = [line.rstrip("\n") for line in open(sys.argv[1]) if line.strip()]
    with Pool(2) as pool:
        problems = [p for p in pool.map(copy, [(p, sys.argv[2]) for p in paths], chunksize=4) if p]
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(paths)} tracks, {len(problems)} failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
