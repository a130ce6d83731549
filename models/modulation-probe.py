#!/usr/bin/env python3
"""Envelope modulation spectra as a detector member: a probe (stop 35), not shipped.

Neural decoders produce audio frame by frame (EnCodec at 50 frames/s, mel vocoders
at 100, latent autoencoders at 21.5), which may leave a periodicity in the signal's
envelope at the frame rate. For each track of a reference run's score tables
(DIR/<fold>.scores.tsv, as models/validate-detector.sh writes them; the tracks and
their folds), this decodes the middle 30 s at 16 kHz (ffmpeg), and an MP3 128 kbit/s
copy of it, and computes the log-energy envelopes of 8 log-spaced bands (100-7900 Hz)
at 500 frames/s, their slow trend removed, and each envelope's power spectrum
(Welch, 0-250 Hz, 0.49 Hz bins). Features are cached under --cache.

  python3 models/modulation-probe.py peaks REFDIR          per source: the strongest
      peaks of the band-averaged spectrum above its running median (5-245 Hz)
  python3 models/modulation-probe.py member REFDIR OUTDIR  out-of-fold score tables of
      a logistic regression over the smooth spectrum (8 bands x 12 bands of 19.5 Hz),
      trained per fold on the MP3 copies of the training sources (sources weighed alike
      in each class, the classes alike, L2 30), scoring the held-out tracks' own decode;
      stack them with models/fit-stacking.py --member modulation=OUTDIR --optional modulation

Tracks under 4.1 s get no spectrum (the member abstains). Needs numpy and ffmpeg;
an offline tool, never used by the app.
"""
import argparse
import collections
import hashlib
import multiprocessing
import os
import subprocess
import sys

import numpy as np

RATE, HOP, NFFT, SEGMENT = 16000, 32, 512, 1024
FRAME_RATE = RATE / HOP
BAND_EDGES = np.geomspace(100, 7900, 9)
FREQS = np.fft.rfftfreq(SEGMENT, 1 / FRAME_RATE)
IN_RANGE = (FREQS >= 5) & (FREQS <= 245)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDS = os.path.join(ROOT, "models", "folds-v3.tsv")


def read_folds():
    folds = []
    for line in open(FOLDS):
        if line.strip() and not line.startswith("#"):
            name, ai, human = line.rstrip("\n").split("\t")
            folds.append((name, set(ai.split()) | set(human.split())))
    return folds


def read_tracks(refdir):
    """(class is AI, source, path as in the tables) for every track of REFDIR's tables;
    the source is the path's folder named in the folds (emotify's genre folders and
    the soundtracks' album folders belong to their source)."""
    sources = set().union(*(hidden for _, hidden in read_folds()))
    tracks = []
    for name in sorted(os.listdir(refdir)):
        if name.endswith(".scores.tsv"):
            for i, line in enumerate(open(os.path.join(refdir, name))):
                if i:
                    cls, _, _, path = line.rstrip("\n").split("\t")[:4]
                    named = [p for p in path.split("/")[:-1] if p in sources]
                    tracks.append((cls == "ai", named[-1] if named else "?", path))
    return tracks


def decode(path, start=0.0, seconds=30.0):
    cmd = ["ffmpeg", "-v", "error", "-ss", str(start), "-t", str(seconds), "-i", path, "-ac", "1", "-ar", str(RATE),
           "-f", "f32le", "-"]
    return np.frombuffer(subprocess.run(cmd, capture_output=True).stdout, dtype=np.float32)


def mp3_copy(x, scratch):
    raw, coded = scratch + ".f32", scratch + ".mp3"
    x.astype(np.float32).tofile(raw)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "f32le", "-ar", str(RATE), "-ac", "1", "-i", raw,
                    "-c:a", "libmp3lame", "-b:a", "128k", coded])
    y = decode(coded, 0, 1e4)
    os.remove(raw)
    os.remove(coded)
    return y


def modulation_spectra(x):
    """[band][bin] log power of each band's envelope modulation; None when too short."""
    frames = (len(x) - NFFT) // HOP
    if frames < 2 * SEGMENT:
        return None
    idx = np.arange(NFFT)[None, :] + HOP * np.arange(frames)[:, None]
    power = np.abs(np.fft.rfft(x[idx] * np.hanning(NFFT).astype(np.float32), axis=1)) ** 2
    f = np.fft.rfftfreq(NFFT, 1 / RATE)
    spectra = []
    for lo, hi in zip(BAND_EDGES[:-1], BAND_EDGES[1:]):
        envelope = np.log(power[:, (f >= lo) & (f < hi)].sum(1) + 1e-10)
        envelope = envelope - np.convolve(envelope, np.ones(25) / 25, mode="same")  # the trend below ~20 Hz
        segments = [envelope[i:i + SEGMENT] * np.hanning(SEGMENT) for i in range(0, len(envelope) - SEGMENT, SEGMENT // 2)]
        spectra.append(np.log(np.mean(np.abs(np.fft.rfft(np.array(segments), axis=1)) ** 2, axis=0) + 1e-12))
    return np.array(spectra, dtype=np.float32)


def cache_path(cache, path):
    return os.path.join(cache, hashlib.md5(path.encode()).hexdigest()[:16] + ".npy")


def features_of(job):
    """[copy: 0 as stored, 1 MP3][band][bin] for one track, cached; None when too short."""
    cache, path = job
    target = cache_path(cache, path)
    if os.path.exists(target):
        return np.load(target)
    full = os.path.normpath(os.path.join(ROOT, path))
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", full],
                           capture_output=True, text=True).stdout.strip()
    duration = float(probe) if probe else 0.0
    x = decode(full, max(0.0, duration / 2 - 15) if duration > 30 else 0.0)
    if len(x) < 4 * RATE:
        return None
    stored, coded = modulation_spectra(x), modulation_spectra(mp3_copy(x, target + ".scratch"))
    if stored is None or coded is None:
        return None
    both = np.stack([stored, coded])
    np.save(target + ".partial.npy", both)
    os.replace(target + ".partial.npy", target)
    return both


def peakiness(spectra):
    """Each bin above the median of the 17 bins around it."""
    padded = np.pad(spectra, ((0, 0), (8, 8)), mode="edge")
    return spectra - np.median(np.lib.stride_tricks.sliding_window_view(padded, 17, axis=1), axis=2)


def smooth(spectra):
    x = spectra[:, IN_RANGE]
    n = x.shape[1] // 40 * 40
    return x[:, :n].reshape(len(x), -1, 40).mean(2).ravel()


def fit_logistic(x, y, w, l2):
    """Newton's method on the weighted, L2-penalised log loss (the bias unpenalised)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    b = np.zeros(xb.shape[1])
    penalty = l2 * np.r_[np.ones(x.shape[1]), 0]
    for _ in range(100):
        p = 1 / (1 + np.exp(-xb @ b))
        step = np.linalg.solve((xb * (w * p * (1 - p))[:, None]).T @ xb + np.diag(penalty),
                               xb.T @ (w * (p - y)) + penalty * b)
        b -= step
        if np.abs(step).max() < 1e-7:
            break
    return b


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["peaks", "member"])
    ap.add_argument("refdir")
    ap.add_argument("outdir", nargs="?")
    ap.add_argument("--cache", default=os.path.join(ROOT, "build", "validation", "cache-modulation"))
    args = ap.parse_args()
    if args.mode == "member" and not args.outdir:
        sys.exit("modulation-probe: member needs OUTDIR")
    os.makedirs(args.cache, exist_ok=True)
    tracks = read_tracks(args.refdir)
    with multiprocessing.Pool(2) as pool:
        features = pool.map(features_of, [(args.cache, path) for _, _, path in tracks], chunksize=4)
    kept = [(t, f) for t, f in zip(tracks, features) if f is not None]
    for (_, _, path), f in zip(tracks, features):
        if f is None:
            print(f"no spectrum (under 4.1 s or undecodable): {path}", file=sys.stderr)

    if args.mode == "peaks":
        by_source = collections.defaultdict(list)
        for (ai, source, _), f in kept:
            by_source[(ai, source)].append([peakiness(f[c]).mean(0) for c in (0, 1)])
        print("class source                 tracks  strongest peaks, Hz:height (as stored | MP3 copy)")
        for (ai, source), v in sorted(by_source.items(), key=lambda kv: (not kv[0][0], kv[0][1])):
            mean = np.mean(v, axis=0)
            text = []
            for c in (0, 1):
                x = np.where(IN_RANGE, mean[c], -np.inf)
                text.append(" ".join(f"{FREQS[i]:5.1f}:{x[i]:.2f}" for i in np.argsort(x)[::-1][:4]))
            print(f"{'ai' if ai else 'human':5} {source:22} {len(v):6d}  {text[0]} | {text[1]}")
        return

    os.makedirs(args.outdir, exist_ok=True)
    label = np.array([1.0 if ai else 0.0 for (ai, _, _), _ in kept])
    source = np.array([s for (_, s, _), _ in kept])
    stored = np.array([smooth(f[0]) for _, f in kept])
    coded = np.array([smooth(f[1]) for _, f in kept])
    for fold, hidden in read_folds():
        test = np.isin(source, list(hidden))
        train = ~test
        count = collections.Counter(source[train])
        w = np.array([1.0 / count[s] for s in source[train]])
        for c in (0.0, 1.0):
            w[label[train] == c] /= w[label[train] == c].sum()
        w *= len(w) / 2
        mean, sd = coded[train].mean(0), coded[train].std(0) + 1e-6
        b = fit_logistic((coded[train] - mean) / sd, label[train], w, l2=30.0)
        z = np.hstack([(stored[test] - mean) / sd, np.ones((test.sum(), 1))]) @ b
        with open(os.path.join(args.outdir, fold + ".scores.tsv"), "w") as out:
            out.write("class\tsource\tp_ai\tpath\n")
            for i, zi in zip(np.flatnonzero(test), z):
                (ai, s, path), _ = kept[i]
                out.write(f"{'ai' if ai else 'human'}\t{s}\t{1 / (1 + np.exp(-zi)):.9g}\t{path}\n")
        print(f"{fold}: {int(test.sum())} tracks scored")


if __name__ == "__main__":
    main()
