#!/usr/bin/env python3
"""Pools each track's per-window P(AI) another way and writes score tables for fit-stacking.

The detector judges a track by the mean of its windows' logits. This tool measures
other poolings on the same out-of-fold runs (models/validate-detector.sh writes each
window's P(AI) in the fifth column of <dir>/<fold>.scores.tsv), without scoring again:

  python3 models/pool-windows.py POOLING DIR[+DIR...] OUT_DIR

POOLING: mean (what ships), median, upper-half (mean of the windows at or above the
median), trimmed (mean without the lowest and highest 10 % of windows).
DIR1+DIR2: runs of one recipe with other seeds, merged as combine --merge-heads does:
a window's logit is the mean of the runs' logits for it.
OUT_DIR gets one <fold>.scores.tsv per fold (class, source, p_ai, path), which
models/fit-stacking.py --member NAME=OUT_DIR reads like any run.
Python with numpy only; an offline tool, never used by the app.
"""
import math
import os
import sys

import numpy as np

from score_tables import logit, read_table


def pool(pooling, z):
    z = np.sort(np.asarray(z, dtype=np.float64))
    if pooling == "mean":
        return float(z.mean())
    if pooling == "median":
        return float(np.median(z))
    if pooling == "upper-half":
        return float(z[z >= np.median(z)].mean())
    if pooling == "trimmed":
        cut = int(0.1 * len(z))
        return float(z[cut:len(z) - cut].mean())
    raise SystemExit(f"unknown pooling {pooling}")


def read_windows(path):
    """path -> (class, source, window logits) for one fold's table."""
    rows = {}
    for track, (cls, source, _, windows) in read_table(path).items():
        if not windows:
            raise SystemExit(f"{path}: no per-window P(AI) (scored before the table had them); score the fold again")
        rows[track] = (cls, source, [logit(p) for p in windows])
    return rows


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    pooling, spec, out = sys.argv[1:]
    runs = spec.split("+")
    os.makedirs(out, exist_ok=True)
    folds = sorted(n for n in os.listdir(runs[0]) if n.endswith(".scores.tsv"))
    for name in folds:
        tables = [read_windows(os.path.join(run, name)) for run in runs]
        with open(os.path.join(out, name), "w") as f:
            f.write("class\tsource\tp_ai\tpath\n")
            for path, (cls, source, _) in tables[0].items():
                per_run = [t[path][2] for t in tables if path in t]
                if len(per_run) != len(runs) or len({len(w) for w in per_run}) != 1:
                    raise SystemExit(f"{name}: {path} is not scored on the same windows in every run")
                merged = np.mean(np.asarray(per_run), axis=0)
                z = pool(pooling, merged)
                f.write(f"{cls}\t{source}\t{1 / (1 + math.exp(-z)):.9g}\t{path}\n")


if __name__ == "__main__":
    main()
