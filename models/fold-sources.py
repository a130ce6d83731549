#!/usr/bin/env python3
"""Per-source ROC-AUC on one fold's out-of-fold scores: what a gate on a single fold reads.

  python3 models/fold-sources.py [--windows] RESULTS/<fold>.scores.tsv[+OTHER.scores.tsv...] [...]

For each table (from models/validate-detector.sh): the fold's ROC-AUC, then every hidden
source's AUC against all of the fold's tracks of the other class (an AI generator against
the fold's human tracks, a human source against the fold's AI tracks), so one can see which
source a fold's figure rests on before all eight folds exist. A+B: the tables of several
runs on the same fold as one score, the mean of their logits (track and window).
--windows adds, per source, the mean logit of each track's first window and of its other
windows, with the standard error of their paired difference: whether a clip's start is
what reads AI. Plain Python, no numpy; an offline tool, never used by the app.
"""
import math
import sys

from score_tables import logit, read_table, sigmoid


def auc(positives, negatives):
    """Mann-Whitney: the chance that a positive outranks a negative, ties counting half."""
    if not positives or not negatives:
        return float("nan")
    wins = 0.0
    for p in positives:
        for n in negatives:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return wins / (len(positives) * len(negatives))


def read(spec):
    """(is AI, source, P(AI), window P(AI)s) per track; A+B+...: their mean logits."""
    tables = [read_table(path) for path in spec.split("+")]
    rows = []
    for track, (cls, source, _, windows) in tables[0].items():
        runs = [t[track] for t in tables if track in t]
        if len(runs) < len(tables):
            continue  # scored by some runs only: not comparable
        p = sigmoid(sum(logit(r[2]) for r in runs) / len(runs))
        same_windows = all(len(r[3]) == len(windows) for r in runs)
        w = [sigmoid(sum(logit(r[3][i]) for r in runs) / len(runs)) for i in range(len(windows))] if same_windows else []
        rows.append((cls == "ai", source, p, w))
    return rows


def first_against_rest(tracks):
    """Mean first-window logit, mean of the other windows' mean logit, and the paired
    difference (rest - first) with its standard error, over tracks of two windows or more."""
    pairs = [(logit(w[0]), sum(map(logit, w[1:])) / (len(w) - 1)) for w in tracks if len(w) >= 2]
    if len(pairs) < 2:
        return None
    diffs = [rest - first for first, rest in pairs]
    mean = sum(diffs) / len(diffs)
    se = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (len(diffs) - 1) / len(diffs))
    return (sum(f for f, _ in pairs) / len(pairs), sum(r for _, r in pairs) / len(pairs), mean, se, len(pairs))


def report(path, windows):
    rows = read(path)
    ai = [p for is_ai, _, p, _ in rows if is_ai]
    human = [p for is_ai, _, p, _ in rows if not is_ai]
    print(f"{path}: {len(ai)} AI, {len(human)} human, fold AUC {auc(ai, human):.3f}")
    for cls_ai, label, others in ((True, "AI   ", human), (False, "human", ai)):
        for source in sorted({s for is_ai, s, _, _ in rows if is_ai == cls_ai}):
            mine = [p for is_ai, s, p, _ in rows if is_ai == cls_ai and s == source]
            value = auc(mine, others) if cls_ai else auc(others, mine)
            line = f"  {label} {source:24} {len(mine):4}  {value:.3f}"
            split = first_against_rest([w for is_ai, s, _, w in rows if is_ai == cls_ai and s == source]) if windows else None
            if split:
                line += "   first window %+.2f, the rest %+.2f: %+.2f (SE %.2f, %d tracks)" % split
            print(line)


if __name__ == "__main__":
    args = sys.argv[1:]
    windows = "--windows" in args
    tables = [a for a in args if a != "--windows"]
    if not tables:
        sys.exit(__doc__)
    for table in tables:
        report(table, windows)
