"""Which candidate pairs alignment screens out, and through what unit pairs they were found.

    python benchmarks/screening.py CORPUS [--jobs N] [--every K]

Alignment aligns a candidate pair only when some unit pair of the two articles would seed a
passage (`align_pair`'s gate: the colliding unit pairs that candidate generation found, its
"hints", first, then the whole grid). On real OCR pages most candidate pairs have no seed, and
screening them is a good part of the run. This script runs the candidate stage, prepares and
weighs every article in a pair (as alignment does), and asks of each candidate pair (every
K-th with --every) whether it passes the gate, timing each. It prints the pairs and the gate's
CPU seconds by outcome:

- by the number of hints the pair was found through;
- by the informative words of its best hint: for each hint the fewer of its two units'
  informative words (content words that are not names, figures or short words), the most of
  that over the pair's hints. A cosine seed needs `min_shared_words` informative words in both
  units, so a pair found only through hints below that was found through unit pairs that cannot
  seed by their cosine (a list of names, a line of figures).

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from tabulate import tabulate

from reuse.corpus import load_corpus
from reuse.model import Problem
from reuse.settings import Settings
from reuse.stages.align import seeds_dense
from reuse.stages.align.growth import DENSE_CELLS, keep_shared_runs
from reuse.stages.align.stage import locality_order
from reuse.stages.align.vectors import Idf
from reuse.stages.candidates.stage import find_candidates, prepared


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="a corpus newsreuse reads")
    ap.add_argument("--jobs", type=int, default=1, help="workers of the candidate stage")
    ap.add_argument("--every", type=int, default=1, help="screen every K-th candidate pair")
    args = ap.parse_args()

    settings = Settings()
    articles = sorted(load_corpus(args.corpus).articles, key=lambda a: a.id)
    problems: list[Problem] = []
    found = find_candidates(articles, settings, args.jobs, problems, runs=True)
    pairs = list(locality_order(found.pairs, len(articles)))[:: args.every]
    idf = Idf(found.df, found.n_docs or len(articles), settings.stem_chars)
    needed = sorted({k for (i, j), _ in pairs for k in (i, j)})
    docs = {k: d for k in needed if (d := prepared(articles[k], settings, problems)) is not None}
    ready = sorted(docs)
    vectors = dict(zip(ready, idf.unit_vectors_of([docs[k] for k in ready])))
    if found.runs is not None:
        for k in ready:
            keep_shared_runs(docs[k], vectors[k], found.runs)

    least = settings.min_shared_words
    counts: Counter[tuple[str, str, str]] = Counter()
    seconds: dict[tuple[str, str, str], float] = {}
    for (i, j), hints in pairs:
        if i not in vectors or j not in vectors:
            continue
        da, va, db, vb = docs[i], vectors[i], docs[j], vectors[j]
        na, nb = len(da.unit_bounds), len(db.unit_bounds)
        if not hints or not na or not nb or na * nb > DENSE_CELLS:
            continue  # not screened this way (no hints, or the sparse path)
        start = time.process_time()
        seeded = seeds_dense(da, va, db, vb, settings, hints)
        spent = time.process_time() - start
        best = max(min(len(va.informative[x]), len(vb.informative[y])) for x, y in hints)
        key = (
            "passes" if seeded else "screened out",
            str(len(hints)) if len(hints) < 5 else "5+",
            f"below {least}" if best < least else f"{least}+",
        )
        counts[key] += 1
        seconds[key] = seconds.get(key, 0.0) + spent

    print(f"{args.corpus}: {len(articles):,} articles, {len(found.pairs):,} candidate pairs")
    print(f"screened here: {sum(counts.values()):,} (every {args.every})")
    for title, part in (("hints", 1), ("informative words of the best hint", 2)):
        rows: Counter[tuple[str, str]] = Counter()
        cpu: dict[tuple[str, str], float] = {}
        for key, n in counts.items():
            rows[(key[0], key[part])] += n
            cpu[(key[0], key[part])] = cpu.get((key[0], key[part]), 0.0) + seconds[key]
        print()
        print(
            tabulate(
                [
                    [outcome, value, f"{n:,}", f"{cpu[(outcome, value)]:.1f}"]
                    for (outcome, value), n in sorted(rows.items())
                ],
                ["gate", title, "pairs", "gate CPU s"],
            )
        )


if __name__ == "__main__":
    main()
