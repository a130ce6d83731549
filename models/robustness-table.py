#!/usr/bin/env python3
"""One table of a detector's robustness over the folds.

Reads DIR/<fold>.json, the last line `humanear-cli eval --robustness --json` wrote for
each fold (models/validate-detector.sh with ROBUSTNESS=1), and prints per condition
the change in ROC-AUC on each fold's hidden files, degraded, against the same files
clean; the mean and the worst change over the folds; and whether the issue's bound
(at most 0.03 AUC lost) holds on every fold.

  python3 models/robustness-table.py DIR [--bound 0.03]

Python only; an offline tool, never used by the app.
"""
import argparse
import json
import os


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--bound", type=float, default=0.03, help="AUC a condition may lose on any fold")
    args = ap.parse_args()
    folds = {}
    for name in sorted(os.listdir(args.dir)):
        if name.endswith(".json"):
            report = json.load(open(os.path.join(args.dir, name)))
            if "robustness" in report:
                folds[name[:-5]] = report
    if not folds:
        raise SystemExit(f"robustness-table: no <fold>.json with robustness rows in {args.dir}")
    names = list(folds)
    conditions = {}
    for report in folds.values():
        for key, row in report["robustness"].items():
            conditions.setdefault(key, row["description"])
    print("| condition | " + " | ".join(names) + " | mean | worst | within the bound |")
    print("|---" * (len(names) + 4) + "|")
    print("| clean AUC | " + " | ".join(f"{folds[f]['roc_auc']:.3f}" for f in names) +
          f" | {sum(folds[f]['roc_auc'] for f in names) / len(names):.3f} | {min(folds[f]['roc_auc'] for f in names):.3f} | |")
    for key, description in conditions.items():
        changes = [folds[f]["robustness"][key]["auc_change"] for f in names if key in folds[f]["robustness"]]
        cells = [f"{folds[f]['robustness'][key]['auc_change']:+.3f}" if key in folds[f]["robustness"] else "" for f in names]
        within = "yes" if min(changes) >= -args.bound else f"no ({sum(c < -args.bound for c in changes)} of {len(changes)} folds)"
        print(f"| {description} | " + " | ".join(cells) +
              f" | {sum(changes) / len(changes):+.3f} | {min(changes):+.3f} | {within} |")


if __name__ == "__main__":
    main()
