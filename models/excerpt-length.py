#!/usr/bin/env python3
"""How much worse is a verdict on a short excerpt than on the whole track? Out of fold.

For every track with at least MIN windows of 5 s in the score tables (their fifth
column: each window's P(AI)), scores an excerpt of k consecutive windows, from the
track's middle and from its start, by the mean of their logits, as analysis scores
a whole track; and the whole track. Prints ROC-AUC, and the shares of AI and human
tracks at or above the threshold, for k = 1, 2, 3, 4: the same tracks each time, so
only the excerpt's length (and place) changes. Several runs (seeds) are averaged per
track.

  python3 models/excerpt-length.py [--min-windows MIN] [--threshold P] DIR[+DIR...]

The shipped caution (engine/include/humanear/short_excerpt.h) rests on this:
  python3 models/excerpt-length.py lab/results/detector-3.3/seed-1234+lab/results/detector-3.3/seed-7
Python with numpy only; an offline tool, never used by the app.
"""
import argparse
import glob
import os

import numpy as np


def logits(field):
    p = np.clip(np.array([float(x) for x in field.split(",")]), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", help="DIR or DIR1+DIR2+...: runs of models/validate-detector.sh")
    ap.add_argument("--min-windows", type=int, default=4)
    ap.add_argument("--threshold", type=float, default=0.769, help="the verdict's threshold (3.3: 0.769)")
    args = ap.parse_args()
    tracks = {}
    for run in args.runs.split("+"):
        for table in sorted(glob.glob(os.path.join(run, "*.scores.tsv"))):
            for i, line in enumerate(open(table)):
                fields = line.rstrip("\n").split("\t")
                if i and len(fields) > 4:
                    tracks.setdefault(fields[3], [fields[0] == "ai", []])[1].append(logits(fields[4]))
    chosen = [(ai, runs) for ai, runs in tracks.values() if len(runs[0]) >= args.min_windows]
    cut = np.log(args.threshold / (1 - args.threshold))
    n_ai = sum(ai for ai, _ in chosen)
    print(f"{len(chosen)} tracks of {args.min_windows} windows or more ({n_ai} AI, {len(chosen) - n_ai} human); "
          f"threshold {args.threshold}")
    print(f"{'excerpt':22} {'AUC':>6} {'AI called AI':>13} {'human called AI':>16}")

    def report(name, excerpt):
        scores = np.array([np.mean([excerpt(w).mean() for w in runs]) for _, runs in chosen])
        is_ai = np.array([ai for ai, _ in chosen])
        pos, neg = scores[is_ai], scores[~is_ai]
        auc = (pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()
        print(f"{name:22} {auc:6.3f} {(pos >= cut).mean():13.3f} {(neg >= cut).mean():16.3f}")

    for k in range(1, args.min_windows + 1):
        report(f"{k * 5} s from the middle", lambda w, k=k: w[(len(w) - k) // 2:(len(w) - k) // 2 + k])
        report(f"{k * 5} s from the start", lambda w, k=k: w[:k])
    report("whole track", lambda w: w)


if __name__ == "__main__":
    main()
