#!/usr/bin/env python3
"""Combines detector members on their out-of-fold scores and calibrates the result.

Reads each member's per-fold score tables (from models/validate-detector.sh:
<dir>/<fold>.scores.tsv, columns class, source, p_ai, path), where every track was
scored by the fold model that did not see its source. Fits a logistic stack
P(AI) = sigmoid(bias + sum w_m * logit(p_m)) on those scores, with each source
weighing the same within its class and both classes the same, and a fallback
stack without the members that may abstain (the full-band member on band-limited
files). The threshold and the "uncertain" band come from the same out-of-fold
scores. Every figure it prints is leave-one-fold-out: the stack scored on a
fold was fitted on the other folds only.

  python3 models/fit-stacking.py --member NAME=DIR[+DIR...] [--member NAME=DIR ...]
      [--optional NAME] [--exclude-sources FILE_OR_LIST] [--write MANIFEST]

DIR1+DIR2: one member that is several seeds' runs merged (combine --merge-heads):
its score is the mean of their logits.
--exclude-sources: sources some member was trained on (not out-of-fold for it):
left out of the fit and of the figures, and reported separately.
--raw-logits: each fold model's mean window logit before the temperature it fitted
on its own training sources (DIR/temperatures.tsv, from models/validate-detector.sh).
For fold models of one head each: merged heads (combine --merge-heads) and
ensembles carry their heads' temperatures inside and record 1.
--write: sets the members, stack, threshold and band in that ensemble manifest.
Python with numpy only; an offline tool, never used by the app.
"""
import argparse
import collections
import json
import math
import os
import sys

import numpy as np

FOLDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "folds-v3.tsv")


def read_folds():
    folds = []
    for line in open(FOLDS):
        if not line.strip() or line.startswith("#"):
            continue
        name, ai, human = line.rstrip("\n").split("\t")
        folds.append((name, ai.split(), human.split()))
    return folds


def read_temperatures(directory):
    """DIR/temperatures.tsv (fold, temperature; written by models/validate-detector.sh):
    the temperature each fold model divided its mean window logit by."""
    path = os.path.join(directory, "temperatures.tsv")
    if not os.path.isfile(path):
        sys.exit(f"fit-stacking: --raw-logits needs {path} (fold, temperature per line)")
    temperatures = {}
    for line in open(path):
        if line.strip() and not line.startswith("#"):
            fold, t = line.split()
            temperatures[fold] = float(t)
    return temperatures


def read_scores(directory, raw_logits=False):
    scores = {}
    temperatures = read_temperatures(directory) if raw_logits else {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".scores.tsv"):
            continue
        fold = name[: -len(".scores.tsv")]
        if raw_logits and fold not in temperatures:
            sys.exit(f"fit-stacking: no temperature for {fold} in {directory}/temperatures.tsv")
        for i, line in enumerate(open(os.path.join(directory, name))):
            if i == 0:
                continue
            fields = line.rstrip("\n").split("\t")
            cls, source, p, path = fields[:4]  # a fifth column: the windows
            p = float(p)
            windows = len(fields[4].split(",")) if len(fields) > 4 and fields[4] else 0
            if raw_logits:
                # The fold model's own mean window logit, before its in-distribution temperature.
                p = 1 / (1 + math.exp(-logit(p) * temperatures[fold]))
            scores[os.path.realpath(path)] = (cls == "ai", source, p, windows)
    return scores


def read_member(spec, raw_logits=False):
    """DIR, or DIR1+DIR2+...: runs of one recipe with other seeds, whose heads
    `humanear-cli combine --merge-heads` merges. The merged network scores a track
    with the mean of the runs' calibrated logits (exactly: the merge keeps each
    head's temperature), so that mean is the member's out-of-fold score here."""
    runs = [read_scores(d, raw_logits) for d in spec.split("+")]
    if len(runs) == 1:
        return runs[0]
    merged = {}
    for path, (ai, source, _, windows) in runs[0].items():
        if all(path in r for r in runs):
            z = sum(logit(r[path][2]) for r in runs) / len(runs)
            merged[path] = (ai, source, 1 / (1 + math.exp(-z)), windows)
    return merged


def logit(p):
    p = min(max(p, 1e-7), 1 - 1e-7)
    return math.log(p / (1 - p))


def fit_logistic(x, y, w, l2=1e-2):
    """Weighted L2-regularised logistic regression by Newton's method; last column is the bias."""
    x = np.hstack([x, np.ones((len(x), 1))])
    beta = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[-1] = 0
    for _ in range(100):
        p = 1 / (1 + np.exp(-x @ beta))
        grad = x.T @ (w * (p - y)) + reg * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-9:
            break
    return beta


def balanced_weights(labels, sources):
    count = collections.Counter(zip(labels, sources))
    per_class = collections.Counter(labels[i] for i in range(len(labels)) if True)
    sources_in_class = collections.Counter(k[0] for k in count)
    return np.array([1.0 / (count[(l, s)] * sources_in_class[l]) for l, s in zip(labels, sources)])


def roc_auc(pos, neg):
    if not pos or not neg:
        return float("nan")
    pos, neg = np.asarray(pos), np.asarray(neg)
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return greater / (len(pos) * len(neg))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--member", action="append", required=True, help="NAME=DIR of per-fold score tables")
    ap.add_argument("--optional", action="append", default=[], help="a member that may abstain")
    ap.add_argument("--exclude-sources", default="", help="comma-separated sources, or a file with one per line")
    ap.add_argument("--target-fpr", type=float, default=0.05)
    ap.add_argument("--human-band-fnr", type=float, default=0.10,
                    help="below the band's low edge at most this share of AI tracks (out of fold)")
    ap.add_argument("--raw-logits", action="store_true",
                    help="undo each fold model's temperature (DIR/temperatures.tsv): stack raw mean logits")
    ap.add_argument("--short-windows", type=int, default=0,
                    help="give tracks of at most this many windows (the first required member's) their own "
                         "slope per member: one more column, z x [short], and no bias by length")
    ap.add_argument("--write", help="ensemble manifest to update")
    ap.add_argument("--json", help="write all figures here")
    args = ap.parse_args()
    if args.write and args.short_windows:
        sys.exit("fit-stacking: the engine applies no short-excerpt slope, so --short-windows cannot be written")

    members = [m.split("=", 1) for m in args.member]
    names = [n for n, _ in members]
    tables = {n: read_member(d, args.raw_logits) for n, d in members}
    excluded = set()
    if args.exclude_sources:
        if os.path.isfile(args.exclude_sources):
            excluded = {l.strip() for l in open(args.exclude_sources) if l.strip() and not l.startswith("#")}
        else:
            excluded = set(args.exclude_sources.split(","))
    folds = read_folds()
    fold_of = {}
    for name, ai, human in folds:
        for s in ai + human:
            fold_of[s] = name

    required = [n for n in names if n not in args.optional]
    paths = sorted(set.intersection(*(set(tables[n]) for n in required)))
    rows = []
    unplaced = collections.Counter()
    for path in paths:
        ai, source, _, windows = tables[required[0]][path]
        if source not in fold_of:
            # eval names a hidden folder's own sub-folders as sources (emotify/pop,
            # nexuiz/sound): the fold's source is the folder in the path that the
            # folds file names.
            named = [part for part in path.split(os.sep)[:-1] if part in fold_of]
            if not named:
                unplaced[source] += 1
                continue
            source = named[-1]
        z = [logit(tables[n][path][2]) if path in tables[n] else None for n in names]
        rows.append(dict(path=path, ai=ai, source=source, fold=fold_of[source], z=z, excluded=source in excluded,
                         short=0 < windows <= args.short_windows))
    print(f"{len(rows)} tracks with scores from every required member; "
          f"{sum(r['excluded'] for r in rows)} from excluded sources", file=sys.stderr)
    if unplaced:
        print(f"left out, in no fold of {FOLDS}: " + ", ".join(f"{s} ({n})" for s, n in unplaced.items()),
              file=sys.stderr)

    full_idx = list(range(len(names)))
    fallback_idx = [i for i, n in enumerate(names) if n not in args.optional]

    def design(subset, idx):
        if args.short_windows:
            return np.array([[r["z"][i] for i in idx] + [r["z"][i] * r["short"] for i in idx] for r in subset], dtype=float)
        return np.array([[r["z"][i] for i in idx] for r in subset], dtype=float)

    def fit(subset):
        """Full stack on tracks every member judged; fallback stack on all."""
        out = {}
        complete = [r for r in subset if all(v is not None for v in r["z"])]
        for key, idx, data in (("stack", full_idx, complete), ("fallback", fallback_idx, subset)):
            if len(data) < 4 or len({r["ai"] for r in data}) < 2:
                continue
            y = np.array([1.0 if r["ai"] else 0.0 for r in data])
            w = balanced_weights([r["ai"] for r in data], [r["source"] for r in data])
            out[key] = (idx, fit_logistic(design(data, idx), y, w))
        return out

    def predict(model, r):
        key = "stack" if all(v is not None for v in r["z"]) and "stack" in model else "fallback"
        idx, beta = model[key]
        zz = sum(beta[k] * r["z"][i] for k, i in enumerate(idx)) + beta[-1]
        if args.short_windows and r["short"]:
            zz += sum(beta[len(idx) + k] * r["z"][i] for k, i in enumerate(idx))
        return 1 / (1 + math.exp(-zz)), key

    def parameters(model):
        params = {}
        for key, (idx, beta) in model.items():
            params[f"{key}.bias"] = float(beta[-1])
            for k, i in enumerate(idx):
                params[f"{key}.{names[i]}"] = float(beta[k])
                if args.short_windows:
                    params[f"{key}.short.{names[i]}"] = float(beta[len(idx) + k])
        return params

    usable = [r for r in rows if not r["excluded"]]
    # Leave one fold out: each fold scored by a stack fitted on the other folds.
    fold_parameters = {}
    for name, _, _ in folds:
        train = [r for r in usable if r["fold"] != name]
        model = fit(train)
        fold_parameters[name] = parameters(model)
        for r in rows:
            if r["fold"] == name:
                r["p"], r["which"] = predict(model, r)

    def threshold_for(scored):
        humans = sorted(r["p"] for r in scored if not r["ai"])
        # smallest t with at most target FPR of human tracks at or above it, sources weighted alike
        weights = balanced_weights([False] * len(humans), [r["source"] for r in scored if not r["ai"]])
        order = sorted(((r["p"], wt) for r, wt in zip([r for r in scored if not r["ai"]], weights)), reverse=True)
        total, acc, t = sum(weights), 0.0, 1.0
        for p, wt in order:
            if (acc + wt) / total > args.target_fpr:
                break
            acc += wt
            t = p
        return min(1.0, t + 1e-9) if acc == 0 else t

    scored = [r for r in usable if "p" in r]
    t_high = threshold_for(scored)
    ai_scores = sorted(r["p"] for r in scored if r["ai"])
    t_low = float(np.quantile(ai_scores, args.human_band_fnr)) if ai_scores else 0.5
    t_low = min(t_low, t_high)

    figures = {"members": names, "threshold": t_high, "uncertain_low": t_low, "uncertain_high": t_high, "folds": []}
    print(f"\nthreshold (out-of-fold FPR {args.target_fpr:.0%}, sources weighted alike): {t_high:.3f}; "
          f"uncertain band {t_low:.3f} - {t_high:.3f}")
    print(f"\n{'fold':5} {'n_ai':>5} {'n_hum':>5} {'AUC':>6} {'TPR':>6} {'FPR':>6}  per source (rate called AI)")
    aucs = []
    for name, hidden_ai, hidden_human in folds:
        fr = [r for r in scored if r["fold"] == name]
        pos = [r["p"] for r in fr if r["ai"]]
        neg = [r["p"] for r in fr if not r["ai"]]
        auc = roc_auc(pos, neg)
        if not math.isnan(auc):
            aucs.append(auc)
        tpr = np.mean([p >= t_high for p in pos]) if pos else float("nan")
        fpr = np.mean([p >= t_high for p in neg]) if neg else float("nan")
        per_source = {}
        for s in hidden_ai + hidden_human:
            ps = [r["p"] for r in fr if r["source"] == s]
            if ps:
                per_source[s] = (len(ps), float(np.mean([p >= t_high for p in ps])))
        text = ", ".join(f"{s} {v[1]:.2f} ({v[0]})" for s, v in per_source.items())
        print(f"{name:5} {len(pos):5d} {len(neg):5d} {auc:6.3f} {tpr:6.3f} {fpr:6.3f}  {text}")
        figures["folds"].append(dict(fold=name, n_ai=len(pos), n_human=len(neg), auc=auc, tpr=tpr, fpr=fpr,
                                     per_source=per_source))
    pos = [r["p"] for r in scored if r["ai"]]
    neg = [r["p"] for r in scored if not r["ai"]]
    pooled = dict(auc=roc_auc(pos, neg), tpr=float(np.mean([p >= t_high for p in pos])),
                  fpr=float(np.mean([p >= t_high for p in neg])),
                  uncertain=float(np.mean([t_low < r["p"] < t_high for r in scored])))
    # The threshold above saw every fold's human scores. Fitted without the fold it
    # judges, as a user's unseen songs are judged, it gives the operating point to quote.
    called = []
    for name, _, _ in folds:
        t_fold = threshold_for([r for r in scored if r["fold"] != name])
        called += [(r["ai"], r["p"] >= t_fold) for r in scored if r["fold"] == name]
    held_out = dict(tpr=float(np.mean([c for a, c in called if a])), fpr=float(np.mean([c for a, c in called if not a])))
    pooled["held_out_threshold"] = held_out
    figures.update(mean_fold_auc=float(np.mean(aucs)), worst_fold_auc=float(np.min(aucs)), pooled=pooled)
    print(f"\nmean fold AUC {np.mean(aucs):.3f}, worst {np.min(aucs):.3f}; pooled AUC {pooled['auc']:.3f}, "
          f"TPR {pooled['tpr']:.3f}, FPR {pooled['fpr']:.3f} at the threshold; "
          f"{pooled['uncertain']:.0%} of tracks in the uncertain band")
    print(f"with each fold's threshold fitted without it: TPR {held_out['tpr']:.3f}, FPR {held_out['fpr']:.3f}")
    for m_i, m in enumerate(names):
        pos_m = [r["z"][m_i] for r in scored if r["ai"] and r["z"][m_i] is not None]
        neg_m = [r["z"][m_i] for r in scored if not r["ai"] and r["z"][m_i] is not None]
        print(f"  member {m}: AUC {roc_auc(pos_m, neg_m):.3f} on {len(pos_m)} AI / {len(neg_m)} human it judged")
        figures[f"member_auc.{m}"] = roc_auc(pos_m, neg_m)

    final = fit(usable)
    params = {"threshold": t_high, "uncertain_low": t_low, "uncertain_high": t_high}
    params.update(parameters(final))
    # Each fold's own stack (fitted without it), for scoring fold ensembles again
    # (robustness): same threshold and band.
    figures["fold_parameters"] = {f: dict(p, threshold=t_high, uncertain_low=t_low, uncertain_high=t_high)
                                  for f, p in fold_parameters.items()}
    print("\nfinal stack (fitted on every fold):", json.dumps(params, indent=1))
    figures["parameters"] = params
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=1, default=float)
    if args.write:
        manifest = json.load(open(args.write))
        # The stack's weights are named by member, so the manifest lists exactly these members,
        # and weights of members no longer fitted go.
        manifest["members"] = [name for name, _ in members]
        kept = {k: v for k, v in manifest.get("parameters", {}).items() if not k.startswith(("stack.", "fallback."))}
        kept.update(params)
        manifest["parameters"] = kept
        with open(args.write, "w") as f:
            json.dump(manifest, f, indent=4, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()
