"""A corpus added to an index day by day gives the report one batch run gives.

    python benchmarks/index_days.py ../shared/data/chronam-1916-01/corpus.jsonl.gz [--out DIR]

The articles are grouped by the day they were published (undated ones last, as one more day)
and added to a new index one day at a time; then `Index.report()` over the index is compared
with `reuse.detect` over the corpus: matches, clusters, derivations and stories must be equal,
byte for byte as JSON. Prints the time of each day's `add`, the index's size, the two reports'
times and whether they are equal (exit 1 if not).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import reuse
from reuse.corpus import load_corpus

_KEYS = ("matches", "clusters", "derivations", "stories")


def _findings(report: reuse.Report) -> str:
    d = report.to_dict()
    return json.dumps({k: d[k] for k in _KEYS}, sort_keys=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--out", type=Path, default=Path("/tmp/newsreuse-bench/index-days"))
    ap.add_argument("-j", "--jobs", type=int, default=None)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    index = args.out / "index.db"
    for p in (index, Path(f"{index}-wal"), Path(f"{index}-shm")):
        p.unlink(missing_ok=True)

    articles = list(load_corpus(args.corpus).articles)
    days: dict[str, list[reuse.Article]] = defaultdict(list)
    for a in articles:
        days[(a.published or "~undated")[:10]].append(a)
    print(f"{len(articles):,} articles over {len(days)} days", flush=True)

    added = 0.0
    with reuse.Index(index) as ix:
        for day in sorted(days):
            t = time.perf_counter()
            result = ix.add(days[day], jobs=args.jobs)
            took = time.perf_counter() - t
            added += took
            print(f"  {day}: {result} in {took:.1f} s", flush=True)
        stats = ix.stats()
        print(
            f"added in {added:.0f} s; index {stats['bytes_on_disk'] / 2**20:.0f} MiB "
            f"({stats['bytes_on_disk'] / stats['articles'] / 1024:.1f} KiB an article)",
            flush=True,
        )
        t = time.perf_counter()
        from_index = _findings(ix.report(jobs=args.jobs))
        index_time = time.perf_counter() - t
    t = time.perf_counter()
    batch = _findings(reuse.detect(args.corpus, jobs=args.jobs))
    batch_time = time.perf_counter() - t
    equal = from_index == batch
    print(
        f"index report {index_time:.0f} s, batch report {batch_time:.0f} s; "
        f"matches, clusters, derivations and stories equal: {equal} "
        f"({len(json.loads(batch)['matches']):,} matches)"
    )
    sys.exit(0 if equal else 1)


if __name__ == "__main__":
    main()
