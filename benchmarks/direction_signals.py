"""How often each direction signal that reads the texts alone points the way a reference does.

    python benchmarks/direction_signals.py CORPUS [--truth TRUTH.json] [-j 2]

The corpus is detected (`reuse.detect`), its pairs weighed with their signals
(`weighed_pairs(..., signals=True)`), and for each pair weighed as a copy, each signal that
speaks (`edits`, `context`, `cohesion`, `contain`, `style`, at the thresholds the evidence
uses) is compared with a reference direction: with `--truth` (a fixtures truth.json), the
planted copy's; without it, the publication order of pairs dated apart. On a real corpus the
publication order is no truth: two papers that printed one wire story on different days did
not copy each other, and no text signal can point "the right way" for them. Prints the
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

from tabulate import tabulate

import reuse
from reuse.corpus import iter_articles
from reuse.stages.attribution.weigh import weighed_pairs

# A signal speaks past these values (as in `weigh_pair`'s evidence); the others when not 0.
_SPEAKS = {"edits": 0.1, "context": 0.2, "cohesion": 0.1}
SIGNALS = ("edits", "context", "cohesion", "contain", "style")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--truth", help="a fixtures truth.json: its copies are the reference")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args()
    report = reuse.detect(args.corpus, jobs=args.jobs)
    articles = {a.id: a for a in iter_articles(args.corpus, [])}
    aligned = [m for m in report.matches if m.via is None]
    pairs = weighed_pairs(aligned, articles, signals=True, jobs=args.jobs)
    truth = None
    if args.truth:
        with open(args.truth, encoding="utf-8") as f:
            planted = json.load(f)["derivations"]
        truth = {
            frozenset((d["source"], d["target"])): d["source"]
            for d in planted
            if d["relation"] == "copied"
        }
    speaks: Counter[str] = Counter()
    agrees: Counter[str] = Counter()
    judged = 0
    for (a, b), p in sorted(pairs.items()):
        if p.relation != "copied":
            continue
        if truth is not None:
            source = truth.get(frozenset((a, b)))
            if source is None:
                continue
            forward = source == a
        else:
            order = p.signals.get("time", 0.0)
            if not order:
                continue
            forward = order > 0
        judged += 1
        for name in SIGNALS:
            value = p.signals.get(name, 0.0)
            if abs(value) > _SPEAKS.get(name, 0.0):
                speaks[name] += 1
                agrees[name] += (value > 0) == forward
    reference = "the planted copies" if truth is not None else "publication order (dated apart)"
    print(f"{args.corpus}: {judged} pairs weighed as copies with a reference ({reference})")
    rows = [
        [name, speaks[name], f"{agrees[name] / speaks[name]:.3f}" if speaks[name] else "-"]
        for name in SIGNALS
    ]
    print(tabulate(rows, headers=["signal", "speaks", "points the reference's way"]))


if __name__ == "__main__":
    main()
