#!/usr/bin/env python3
"""How much of a recipe's out-of-fold figures is its training seed.

Each DIR holds one seed's per-fold score tables of the same recipe
(models/validate-detector.sh). For every subset of the seeds of each size asked
for, the subset is merged as `combine --merge-heads` merges heads (mean logit)
and calibrated out of fold by models/fit-stacking.py, the one place those
figures are computed; this prints the spread of its mean and worst fold AUC,
pooled AUC and held-out operating point over the subsets, then all seeds merged.

  python3 models/seed-spread.py [--sizes 1,2] [--raw-logits] [--short-windows N] DIR DIR [DIR ...]

A published figure of one merge is one draw from these spreads (docs/detector.md,
"Stop 32"). Python with numpy only; an offline tool, never used by the app.
"""
import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile

FIT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fit-stacking.py")
MEMBER = "detector-windowed-cnn"


def figures(dirs, extra):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "figures.json")
        run = subprocess.run([sys.executable, FIT, "--member", MEMBER + "=" + "+".join(dirs), "--json", out] + extra,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if run.returncode != 0:
            sys.exit(f"seed-spread: fit-stacking.py failed on {' + '.join(dirs)}:\n{run.stderr}")
        f = json.load(open(out))
    held_out = f["pooled"]["held_out_threshold"]
    return {"mean AUC": f["mean_fold_auc"], "worst AUC": f["worst_fold_auc"], "pooled AUC": f["pooled"]["auc"],
            "held-out TPR": held_out["tpr"], "held-out FPR": held_out["fpr"]}


def line(label, f):
    return f"{label:32} " + "  ".join(f"{k} {v:.3f}" for k, v in f.items())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="+", help="one seed's score tables each")
    ap.add_argument("--sizes", default="1,2", help="subset sizes to summarise (comma-separated)")
    ap.add_argument("--raw-logits", action="store_true", help="passed to fit-stacking.py")
    ap.add_argument("--short-windows", type=int, default=0, help="passed to fit-stacking.py")
    ap.add_argument("--list", action="store_true", help="also print every merge of two or more, by held-out TPR")
    args = ap.parse_args()
    extra = (["--raw-logits"] if args.raw_logits else []) + \
        (["--short-windows", str(args.short_windows)] if args.short_windows else [])
    names = [os.path.basename(os.path.normpath(d)) for d in args.dirs]
    for size in sorted({int(s) for s in args.sizes.split(",")}):
        if not 1 <= size < len(args.dirs):
            continue
        subsets = list(itertools.combinations(range(len(args.dirs)), size))
        results = [(s, figures([args.dirs[i] for i in s], extra)) for s in subsets]
        print(f"\n{len(subsets)} merges of {size} seed{'s' if size > 1 else ''}:")
        if size == 1:
            for s, f in results:
                print(line(names[s[0]], f))
        for key in results[0][1]:
            values = sorted(f[key] for _, f in results)
            # Sizes below the seed count give at least two subsets, so both are defined;
            # "inclusive" keeps the quartiles of a few values between their min and max.
            q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
            sd = statistics.stdev(values)
            print(f"  {key:13} mean {statistics.mean(values):.3f}  sd {sd:.3f}  min {values[0]:.3f}  "
                  f"quartiles {q1:.3f} {median:.3f} {q3:.3f}  max {values[-1]:.3f}")
        if args.list and size > 1:
            for s, f in sorted(results, key=lambda r: -r[1]["held-out TPR"]):
                print(line(" + ".join(names[i] for i in s), f))
        best = max(results, key=lambda r: r[1]["held-out TPR"])
        print(f"  highest held-out TPR: {' + '.join(names[i] for i in best[0])} ({best[1]['held-out TPR']:.3f})")
    print()
    print(line(f"all {len(args.dirs)} merged", figures(args.dirs, extra)))


if __name__ == "__main__":
    main()
