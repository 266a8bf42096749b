"""Telling the stories of a report over articles stored in an index: reads and time.

    python benchmarks/stories.py [CORPUS] [--n 20000] [--seed 1] [--out DIR] [--jobs N]

An index report reads articles from SQLite (a thousand kept in memory), so how often the story
step reads each carrier decides its time at scale. The corpus (by default a generated news day
of `--n` articles: digest pages, wide wire stories) is added to a new index under `--out` and
reported once by `reuse.detect`; its clusters, matches and derivations are kept there (a
pickle keyed by the corpus), so that another checkout of the code can time the same input.
Then `tell_stories` runs over the index's stored articles, and the script prints the stories,
the carriers (counted once per story they carry, and distinct), the article reads and the
seconds it took.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sqlite3
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import reuse
from reuse.corpus import load_corpus
from reuse.index.stored import StoredArticles, StoredById
from reuse.model import Article
from reuse.stages.stories import tell_stories


class _Counted(Mapping[str, Article]):
    def __init__(self, inner: Mapping[str, Article]) -> None:
        self.inner, self.reads = inner, 0

    def __getitem__(self, key: str) -> Article:
        self.reads += 1
        return self.inner[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.inner)

    def __len__(self) -> int:
        return len(self.inner)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, nargs="?")
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("/tmp/newsreuse-bench/stories"))
    ap.add_argument("-j", "--jobs", type=int, default=None)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.corpus is None:
        folder = args.out / f"day-{args.n}-{args.seed}"
        args.corpus = folder / "corpus.jsonl"
        if not args.corpus.exists():
            config = reuse.FixtureConfig.news_day()
            reuse.fixtures.write(reuse.generate(args.n, seed=args.seed, config=config), folder)
    name = hashlib.sha256(str(args.corpus.resolve()).encode()).hexdigest()[:12]
    index, kept = args.out / f"{name}.db", args.out / f"{name}.pickle"
    if not kept.exists():
        articles = list(load_corpus(args.corpus).articles)
        for p in (index, Path(f"{index}-wal"), Path(f"{index}-shm")):
            p.unlink(missing_ok=True)
        with reuse.Index(index) as ix:
            ix.add(articles, jobs=args.jobs)
        report = reuse.detect(articles, jobs=args.jobs)
        kept.write_bytes(pickle.dumps((report.clusters, report.matches, report.derivations)))
    clusters, matches, derivations = pickle.loads(kept.read_bytes())
    with sqlite3.connect(index) as db:
        rows = db.execute("SELECT n, id, digest FROM articles ORDER BY id").fetchall()
    stored = StoredArticles(
        index,
        [n for n, _, _ in rows],
        [i for _, i, _ in rows],
        [bytes.fromhex(d) for *_, d in rows],
    )
    counted = _Counted(StoredById(stored))
    t = time.perf_counter()
    stories = tell_stories(list(clusters), list(matches), list(derivations), counted)
    took = time.perf_counter() - t
    carried = sum(len(s.carriers) for s in stories)
    distinct = len({a for s in stories for a in s.carriers})
    print(
        f"{args.corpus}: {len(rows):,} articles, {len(stories):,} stories, "
        f"{carried:,} carriers ({distinct:,} distinct): {counted.reads:,} article reads, "
        f"{took:.2f} s"
    )


if __name__ == "__main__":
    main()
