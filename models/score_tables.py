"""Reading the per-fold score tables of models/validate-detector.sh, for the lab's tools.

A table (<dir>/<fold>.scores.tsv) has a header and one row per track: class (ai or
human), source, P(AI), path, and each window's P(AI) comma-separated (tables scored
before windows were kept have four columns). Plain Python; never used by the app.
"""
import math


def logit(p, eps=1e-12):
    p = min(max(p, eps), 1 - eps)
    return math.log(p / (1 - p))


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def read_table(path):
    """{track path: (class, source, P(AI), [window P(AI), ...])}, in the table's order."""
    rows = {}
    with open(path) as f:
        for i, line in enumerate(f):
            if i == 0:
                continue
            cells = line.rstrip("\n").split("\t")
            windows = [float(w) for w in cells[4].split(",")] if len(cells) > 4 and cells[4] else []
            rows[cells[3]] = (cells[0], cells[1], float(cells[2]), windows)
    return rows
