"""Real text: two days of real OCR front pages (January 1916) run to completion, the
reprinted text in them is found (recall against a weak truth of shared rare 8-grams), and
copies planted between their newspapers are called copied from their source."""

from __future__ import annotations

import collections
import gzip
import itertools
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

import reuse
from reuse.fixtures.planted import as_articles, plant, score, windows

SLICE = Path(__file__).resolve().parents[1] / "data" / "chronam_1916_01_06_07" / "corpus.jsonl.gz"


def weak_truth(
    path: Path, n: int = 8, max_df: int = 30, min_shared: int = 10
) -> set[frozenset[str]]:
    """Pairs of pages of different newspapers sharing at least `min_shared` distinct word
    n-grams, each seen on at most `max_df` pages (the data's README defines it so)."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        pages = [json.loads(line) for line in f if line.strip()]
    grams = {}
    for page in pages:
        words = [w for w in re.findall(r"[a-z]+", page["text"].lower()) if len(w) > 1]
        grams[page["id"]] = {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
    df = collections.Counter(g for s in grams.values() for g in s)
    outlet = {page["id"]: page.get("outlet") for page in pages}
    holders = collections.defaultdict(list)
    for pid, found in grams.items():
        for g in found:
            if 2 <= df[g] <= max_df:
                holders[g].append(pid)
    shared: collections.Counter[tuple[str, str]] = collections.Counter()
    for ids in holders.values():
        shared.update(itertools.combinations(sorted(ids), 2))
    return {
        frozenset(p) for p, k in shared.items() if k >= min_shared and outlet[p[0]] != outlet[p[1]]
    }


@pytest.fixture(scope="module")
def report() -> reuse.Report:
    return reuse.detect(SLICE, jobs=2)


@pytest.mark.slow
def test_real_front_pages_run_to_completion(report: reuse.Report) -> None:
    assert len(report.articles) == 253
    assert not [p for p in report.problems if "failed" in p.message]
    for m in report.matches:
        assert 0 <= m.a_start < m.a_end <= len(report.texts[m.a])
        assert 0 <= m.b_start < m.b_end <= len(report.texts[m.b])


@pytest.mark.slow
def test_reprinted_text_is_found(report: reuse.Report) -> None:
    truth = weak_truth(SLICE)
    found = {frozenset((m.a, m.b)) for m in report.matches}
    recall = len(truth & found) / len(truth)
    assert len(truth) > 300
    assert recall >= 0.9, f"recall {recall:.3f} of {len(truth)} weak-truth pairs"


@pytest.fixture(scope="module")
def planted() -> tuple[reuse.Report, Any]:
    """The slice's pages cut into article-sized windows, copies of every kind planted between
    windows of different newspapers and days (`reuse.fixtures.planted`), and its report."""
    with gzip.open(SLICE, "rt", encoding="utf-8") as f:
        pages = [json.loads(line) for line in f if line.strip()]
    rng = random.Random(3)
    pool = windows(pages, len(pages), rng)
    before = reuse.detect(as_articles(pool), jobs=2)
    corpus, plants = plant(pool, {(m.a, m.b) for m in before.matches}, 8, rng)
    return reuse.detect(as_articles(corpus), jobs=2), plants


@pytest.mark.slow
def test_copies_planted_in_real_text_are_called_copied_from_their_source(
    planted: tuple[reuse.Report, Any],
) -> None:
    """Reprints under a new top and end, passages carrying an attributed quotation, plain and
    rewritten passages: found, and called copied with the earlier window as the source; two
    outlets quoting the same words are never called a copy; no wrong call is near certain."""
    report, plants = planted
    scores = score(report, plants)
    counts = scores.counts
    for kind in ("reprint", "attributed", "passage", "rewrite", "quote"):
        assert counts[kind]["planted"] >= 6, kind
    copies = ("reprint", "attributed", "passage", "rewrite")
    planted_copies = sum(counts[k]["planted"] for k in copies)
    assert sum(counts[k]["found"] for k in copies) >= 0.9 * planted_copies
    assert sum(counts[k]["right"] for k in copies) >= 0.85 * planted_copies
    assert counts["reprint"]["right"] >= 0.75 * counts["reprint"]["planted"]
    assert counts["quote"]["copied"] + counts["quote"]["reversed"] == 0
    assert not any(c["wrong at 0.95+"] for c in counts.values())
