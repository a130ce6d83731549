#!/usr/bin/env python3
"""How far a change of scoring moves each track's logit, grouped by class and by the
stored format the corpus manifest gives (channels, sample rate): a format shortcut shows
as a shift that follows the format in both classes alike.

  python3 models/format-shift.py BEFORE_DIR AFTER_DIR ../shared/data/manifest.csv

BEFORE_DIR, AFTER_DIR: folders of <fold>.scores.tsv tables (models/validate-detector.sh)
of the same tracks scored two ways, e.g. the file as stored and an MP3 copy of it.
Tracks the manifest does not list (the Debian soundtracks) are left out. Plain Python;
an offline tool, never used by the app.
"""
import collections
import csv
import os
import statistics
import sys

from score_tables import logit, read_table


def corpus_path(path):
    """The track's path as the manifest gives it (relative to ../shared/data)."""
    return path.split("/data/")[-1] if "/data/" in path else path


def read_dir(directory):
    rows = {}
    for name in sorted(os.listdir(directory)):
        if name.endswith(".scores.tsv"):
            for path, (cls, source, p, _) in read_table(os.path.join(directory, name)).items():
                rows[corpus_path(path)] = (cls, source, logit(p, 1e-6))
    return rows


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    before, after = read_dir(sys.argv[1]), read_dir(sys.argv[2])
    stored = {}
    for row in csv.DictReader(open(sys.argv[3])):
        stored[row["file"]] = (row["stored_channels"], row["stored_sample_rate"])
    groups = collections.defaultdict(list)
    for name, (cls, _, z) in before.items():
        if name in after and name in stored:
            channels, rate = stored[name]
            groups[(cls, "stereo" if channels == "2" else "mono", rate)].append(after[name][2] - z)
    print(f"{'class':6} {'channels':8} {'rate':>6} {'tracks':>6} {'mean shift':>10} {'median':>7}")
    for (cls, channels, rate), shifts in sorted(groups.items()):
        print(f"{cls:6} {channels:8} {rate:>6} {len(shifts):6d} {statistics.mean(shifts):10.2f} "
              f"{statistics.median(shifts):7.2f}")


if __name__ == "__main__":
    main()
