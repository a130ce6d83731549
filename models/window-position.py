#!/usr/bin/env python3
"""Does a window's place in the track move its P(AI)? Reads out-of-fold score tables.

Most AI clips of the corpus are the first 10-30 s of a generation, while a long human
track gives training windows from all along it. If the head learnt "sounds like an
opening" as AI, the opening windows of long human tracks would read more AI than the
rest. For every track of at least 60 s, this prints per source the mean window logit
of the first 30 s (the first 6 windows of 5 s), of the rest, and of the first 10 s,
and their difference over all such human tracks:

  python3 models/window-position.py DIR[+DIR...] [MANIFEST.csv DETECTOR.manifest.json]

With the corpus's manifest (its start_s column) and a detector manifest (its stack.*
calibration and threshold), it also prints the share of human clips called AI among
clips that are a recording's opening (start_s 0) and among later excerpts.

DIR: a run of models/validate-detector.sh (its <fold>.scores.tsv carry each window's
P(AI) in the fifth column); several runs (seeds) are averaged per track, so each
track counts once.
Python with numpy only; an offline tool, never used by the app.
"""
import collections
import csv
import glob
import json
import math
import os
import sys

import numpy as np

FIRST_30_S, FIRST_10_S, MIN_WINDOWS = 6, 2, 12


def logits(field):
    p = np.clip(np.array([float(x) for x in field.split(",")]), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def called_ai_by_start(by_run_logit, corpus_manifest, detector_manifest):
    """Share of human clips called AI, openings against later excerpts."""
    corpus_root = os.path.dirname(corpus_manifest)
    start = {}
    with open(corpus_manifest) as f:
        for row in csv.DictReader(f):
            start[os.path.normpath(os.path.join(corpus_root, row["file"]))] = float(row["start_s"] or 0)
    with open(detector_manifest) as f:
        parameters = json.load(f)["parameters"]
    weights = [v for k, v in parameters.items() if k.startswith("stack.") and k != "stack.bias"]
    if len(weights) != 1:
        sys.exit("window-position: the detector manifest should have one stacked member")
    counts = collections.defaultdict(lambda: [0, 0])
    for (cls, path), logits_of_runs in by_run_logit.items():
        key = os.path.normpath(path)
        if cls != "human" or key not in start:
            continue
        z = parameters["stack.bias"] + weights[0] * float(np.mean(logits_of_runs))
        group = "openings (start_s 0)" if start[key] == 0 else "later excerpts"
        counts[group][0] += 1 / (1 + math.exp(-z)) >= parameters["threshold"]
        counts[group][1] += 1
    for group, (called, n) in sorted(counts.items()):
        print(f"human clips, {group}: {called} of {n} called AI ({called / n:.3f})")


def main():
    if len(sys.argv) not in (2, 4):
        sys.exit(__doc__)
    track_logit = collections.defaultdict(list)  # (class, path) -> the track's logit per run
    by_track = collections.defaultdict(list)  # (class, source, path) -> one entry per run
    for run in sys.argv[1].split("+"):
        tables = sorted(glob.glob(os.path.join(run, "f*.scores.tsv")))
        if not tables:
            sys.exit(f"window-position: no <fold>.scores.tsv in {run}")
        for table in tables:
            with open(table) as f:
                header = f.readline().rstrip("\n").split("\t")
                if "window_p_ai" not in header:
                    sys.exit(f"window-position: {table} has no window_p_ai column (score it again)")
                column = header.index("window_p_ai")
                for line in f:
                    cells = line.rstrip("\n").split("\t")
                    p = min(max(float(cells[2]), 1e-9), 1 - 1e-9)
                    track_logit[(cells[0], cells[3])].append(math.log(p / (1 - p)))
                    if len(cells) <= column or not cells[column]:
                        continue
                    z = logits(cells[column])
                    if len(z) >= MIN_WINDOWS:
                        by_track[(cells[0], cells[1], cells[3])].append(
                            (z[:FIRST_30_S].mean(), z[FIRST_30_S:].mean(), z[:FIRST_10_S].mean()))
    by_source = collections.defaultdict(list)
    for (cls, source, _), runs in by_track.items():
        by_source[(cls, source)].append(np.mean(runs, axis=0))
    print("class  source                 tracks  first 30 s   rest  first 10 s  (mean window logit)")
    for (cls, source), values in sorted(by_source.items()):
        a = np.array(values)
        print(f"{cls:6s} {source:22s} {len(a):6d} {a[:, 0].mean():+10.2f} {a[:, 1].mean():+6.2f} {a[:, 2].mean():+11.2f}")
    human = np.array([v for (cls, _), values in by_source.items() if cls == "human" for v in values])
    if len(human):
        d30, d10 = human[:, 0] - human[:, 1], human[:, 2] - human[:, 1]
        print(f"human tracks of 60 s or more: first 30 s minus the rest {d30.mean():+.2f} "
              f"(sd {d30.std():.2f}, standard error {d30.std() / np.sqrt(len(d30)):.2f}, n {len(d30)}); "
              f"first 10 s minus the rest {d10.mean():+.2f}")
    if len(sys.argv) == 4:
        called_ai_by_start(track_logit, sys.argv[2], sys.argv[3])


if __name__ == "__main__":
    main()
