#!/usr/bin/env python3
"""Fold scores of a detector member over the default embedder's track vectors.

The member: per leave-sources-out fold, an L2-regularised logistic regression
(C = 0.1, features z-scored on the fold's training tracks, sources weighted alike
within each class and the classes alike) over each track's raw `descriptors`
vector (mean over its 12 windows of 10 s: 151 signal descriptors, then musicnn's
200-d penultimate layer). Features come from library catalogs that
`humanear-cli library add` filled (raw_features column): the training tracks'
from TRAIN_LIBRARY (codec copies made by models/codec-copies.py, mapped back to
their originals by path), the hidden tracks' from SCORE_LIBRARY (the originals).
The tracks and the fold each one is hidden in are those of a reference run
(REFERENCE/<fold>.scores.tsv), so the output joins it in models/fit-stacking.py.

  python3 models/descriptor-member.py {musicnn|all|A:B[,A:B...]} TRAIN_LIBRARY SCORE_LIBRARY COPIES_ROOT REFERENCE OUT_DIR

A:B,...: only those dimension ranges of the raw vector (e.g. 119:151, the two
stereo groups; 0:119,151:351, all but them).

COPIES_ROOT: the OUT_DIR given to codec-copies.py ("-" when TRAIN_LIBRARY holds
the originals). Writes OUT_DIR/<fold>.scores.tsv. Python with numpy only; an
offline measurement (docs/detector.md, stop 25), never used by the app.
"""
import os
import sqlite3
import sys

import numpy as np

C = 0.1
SIGNAL_DIMENSIONS = 151  # DescriptorEmbedder: the signal groups come first, then musicnn


def dimensions(group, size):
    if group == "musicnn":
        return np.arange(SIGNAL_DIMENSIONS, size)
    if group == "all":
        return np.arange(size)
    return np.concatenate([np.arange(*map(int, r.split(":"))) for r in group.split(",")])


def read_features(library, group, copies_root):
    catalog = sqlite3.connect(f"file:{library}/catalog.sqlite?mode=ro", uri=True)
    features = {}
    for path, blob in catalog.execute("SELECT path, raw_features FROM tracks"):
        if copies_root != "-":
            path = os.path.splitext(path[len(copies_root.rstrip("/")):])[0]
        vector = np.frombuffer(blob, dtype="<f4").astype(np.float64)
        features[path] = vector[dimensions(group, len(vector))]
    return features


def read_reference(directory):
    tracks = []  # (fold, is_ai, source, path)
    for name in sorted(os.listdir(directory)):
        if name.endswith(".scores.tsv"):
            for line in open(os.path.join(directory, name)):
                cls, source, _, path = line.rstrip("\n").split("\t")[:4]
                if cls != "class":
                    tracks.append((name.split(".")[0], cls == "ai", source, path))
    return tracks


def fit_logistic(X, y, weights):
    """min 0.5 |b|^2 + C sum w_i logloss_i, intercept not penalised; Newton's method."""
    X = np.hstack([X, np.ones((len(X), 1))])
    b = np.zeros(X.shape[1])
    penalty = np.ones(X.shape[1])
    penalty[-1] = 0
    for _ in range(50):
        p = 1 / (1 + np.exp(-X @ b))
        gradient = C * X.T @ (weights * (p - y)) + penalty * b
        hessian = C * (X * (weights * p * (1 - p))[:, None]).T @ X + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        b -= step
        if np.abs(step).max() < 1e-8:
            break
    return b


def main():
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    group, train_library, score_library, copies_root, reference, out_dir = sys.argv[1:]
    scored = read_features(score_library, group, "-")
    trained = read_features(train_library, group, copies_root)
    tracks = read_reference(reference)
    os.makedirs(out_dir, exist_ok=True)
    missing = 0
    for fold in sorted({t[0] for t in tracks}):
        train = [t for t in tracks if t[0] != fold and t[3] in trained]
        X = np.array([trained[t[3]] for t in train])
        y = np.array([float(t[1]) for t in train])
        mean, std = X.mean(0), X.std(0) + 1e-9
        per_source = {}
        for t in train:
            per_source[t[2]] = per_source.get(t[2], 0) + 1
        sources = {c: len({t[2] for t in train if t[1] == c}) for c in (True, False)}
        weights = np.array([1.0 / (per_source[t[2]] * sources[t[1]]) for t in train])
        weights *= len(weights) / weights.sum()
        b = fit_logistic((X - mean) / std, y, weights)
        with open(os.path.join(out_dir, f"{fold}.scores.tsv"), "w") as out:
            out.write("class\tsource\tp_ai\tpath\n")
            for t in tracks:
                if t[0] != fold:
                    continue
                if t[3] not in scored:
                    missing += 1
                    continue
                logit = np.append((scored[t[3]] - mean) / std, 1.0) @ b
                out.write(f"{'ai' if t[1] else 'human'}\t{t[2]}\t{1 / (1 + np.exp(-logit)):.9f}\t{t[3]}\n")
    print(f"{group}: {len(tracks)} tracks, {missing} without features (not scored)")


if __name__ == "__main__":
    main()
