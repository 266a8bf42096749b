"""Copies planted in real text: is each called copied, in the right direction, and how sure?

    python benchmarks/planted_real.py ../shared/data/chronam-1916-01/corpus.jsonl.gz \
        [--articles 600] [--each 20] [--seed 0] [-j 2] [--show-wrong]

Article-sized windows of real pages, with copies of six kinds planted between windows of
different newspapers (`reuse.fixtures.planted`: reprints under a new top and end, passages
carrying an attributed quotation, plain passages, the same reflowed, rewritten passages, and
one quotation in two outlets' own words), reported by `reuse.detect`: is each copy found,
called `copied` with its source first, and how sure is the call? Windows that share text
before planting are not paired. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Optional

from tabulate import tabulate

import reuse
from reuse.fixtures.planted import DATINGS, KINDS, as_articles, plant, score, windows


def read_pages(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _row(kind: str, c: Counter[str], right: Optional[float], wrong: Optional[float]) -> list[Any]:
    n = c["planted"]
    return [
        kind,
        n,
        c["found"],
        c["copied"],
        c["reversed"],
        c["common-source"],
        c["none"],
        f"{c['right'] / n:.2f}" if n else "-",
        c["wrong at 0.95+"],
        "-" if right is None else f"{right:.2f}",
        "-" if wrong is None else f"{wrong:.2f}",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--articles", type=int, default=600, help="windows in the corpus")
    ap.add_argument("--each", type=int, default=20, help="plants of each kind")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--dating",
        choices=DATINGS,
        default="apart",
        help="the dates of a copy and its source: their own (a day or more apart), hours apart "
        "the same day, the same date alone, or none",
    )
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--show-wrong", action="store_true", help="print each plant called wrong")
    ap.add_argument("--keep", type=Path, help="write the corpus and the plants to this folder")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pool = windows(read_pages(args.corpus), args.articles, rng)
    t = time.perf_counter()
    before = reuse.detect(as_articles(pool), jobs=args.jobs)
    linked = {(m.a, m.b) for m in before.matches}
    corpus, plants = plant(pool, linked, args.each, rng, args.dating)
    report = reuse.detect(as_articles(corpus), jobs=args.jobs)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        with (args.keep / "corpus.jsonl").open("w", encoding="utf-8") as f:
            for a in as_articles(corpus):
                f.write(json.dumps(a) + "\n")
        (args.keep / "plants.json").write_text(
            json.dumps([vars(p) for p in plants], indent=1), encoding="utf-8"
        )
    seconds = time.perf_counter() - t
    scores = score(report, plants)
    rows = []
    total: Counter[str] = Counter()
    for kind in KINDS:
        c = scores.counts.get(kind, Counter())
        if kind != "quote":
            total += c
        rows.append(
            _row(kind, c, scores.confidence.get((kind, True)), scores.confidence.get((kind, False)))
        )
    rows.append(_row("all copies", total, None, None))
    print(
        f"{len(corpus)} windows of real pages ({sum(len(w.text) for w in corpus) / 1e6:.1f} MB), "
        f"{len(plants)} plants, seed {args.seed}, dating {args.dating}; {len(linked)} window pairs linked before "
        f"planting (not paired); two reports in {seconds:.1f} s"
    )
    print(
        tabulate(
            rows,
            headers=[
                "kind",
                "planted",
                "found",
                "copied",
                "reversed",
                "common-source",
                "none",
                "right",
                "wrong at 0.95+",
                "mean conf. right",
                "mean conf. wrong",
            ],
            disable_numparse=True,
        )
    )
    print("right: copied with the source first; for `quote`, anything but copied")
    if args.show_wrong:
        for p, d in scores.wrong:
            rel = "none" if d is None else f"{d.relation} {d.source}->{d.target} {d.confidence}"
            print(f"\n{p.kind}: {p.source} -> {p.target}: {rel}")
            if d is not None:
                for line in d.evidence:
                    print(f"  - {line}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
