"""Obfuscated reuse on a generated corpus: the plagiarism preset finds random, translation-like
and summarised copies and single edited sentences whole, and reports no more same-story pairs
than news does.

The corpus (1,000 articles, seed 3) was not used to choose the preset's values (seeds 0, 1 and
2 were). Measured: plagiarism preset plagdet sentence-edit 0.93, random-low 0.96, random-high
0.90, translation 0.96, summary 0.82, granularity at most 1.05, no hard negative reported.
"""

from __future__ import annotations

from typing import Any

import pytest

import reuse
from reuse.evaluation import evaluate
from reuse.evaluation.candidates import candidate_recall
from reuse.fixtures import FixtureConfig, generate

OBFUSCATED = ("sentence-edit", "random-low", "random-high", "translation", "summary")


@pytest.fixture(scope="module")
def corpus() -> Any:
    return generate(1000, 3, config=FixtureConfig.obfuscation())


@pytest.fixture(scope="module")
def plagiarism(corpus: Any) -> Any:
    return evaluate(
        reuse.detect(corpus.articles, reuse.Settings.preset("plagiarism")), corpus.truth
    )


@pytest.fixture(scope="module")
def news(corpus: Any) -> Any:
    return evaluate(reuse.detect(corpus.articles), corpus.truth)


def test_plagiarism_preset_finds_obfuscated_copies_whole(plagiarism: Any) -> None:
    by_kind = plagiarism.by_kind
    for kind in ("random-low", "random-high", "translation"):
        assert by_kind[kind]["plagdet"] >= 0.85, (kind, by_kind[kind])
    assert by_kind["sentence-edit"]["plagdet"] >= 0.9, by_kind["sentence-edit"]
    assert by_kind["summary"]["plagdet"] >= 0.55, by_kind["summary"]
    for kind in OBFUSCATED:
        assert by_kind[kind]["granularity"] <= 1.1, (kind, by_kind[kind])


def test_plagiarism_preset_does_not_report_same_story_pairs(plagiarism: Any, news: Any) -> None:
    assert plagiarism.negatives["rate"] <= 0.01, plagiarism.negatives
    assert news.negatives["rate"] <= 0.01, news.negatives


def test_plagiarism_preset_beats_news_on_heavy_obfuscation(plagiarism: Any, news: Any) -> None:
    assert (
        plagiarism.by_kind["random-high"]["plagdet"] >= news.by_kind["random-high"]["plagdet"] + 0.1
    )
    # And costs little on plain copies.
    for kind in ("verbatim", "near-verbatim"):
        assert plagiarism.by_kind[kind]["plagdet"] >= news.by_kind[kind]["plagdet"] - 0.02


def test_plagiarism_candidates_keep_obfuscated_pairs(corpus: Any) -> None:
    recall = candidate_recall(corpus.articles, corpus.truth, reuse.Settings.preset("plagiarism"))
    for kind in OBFUSCATED:
        assert recall[kind]["recall"] >= 0.95, (kind, recall[kind])
