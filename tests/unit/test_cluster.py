"""Clustering: a passage that recurs in three articles is one cluster of three passages."""

from __future__ import annotations

from reuse.model import Match
from reuse.stages.cluster import cluster_matches

TEXTS = {
    "a": "x" * 50 + "SHARED PASSAGE" + "y" * 50,
    "b": "SHARED PASSAGE" + "z" * 80,
    "c": "w" * 20 + "SHARED PASSAGE" + "OTHER" + "v" * 10,
    "d": "v" * 5 + "OTHER" + "u" * 30,
}


def _m(i: int, a: str, sa: int, b: str, sb: int, n: int = 14, quoted: bool = False) -> Match:
    return Match(f"m{i}", a, sa, sa + n, b, sb, sb + n, 1.0, "verbatim", quoted)


def test_three_articles_one_cluster() -> None:
    matches = [_m(1, "a", 50, "b", 0), _m(2, "a", 50, "c", 20), _m(3, "b", 0, "c", 20)]
    (c,) = cluster_matches(matches, TEXTS)
    assert [(p.article, p.start, p.end) for p in c.passages] == [
        ("a", 50, 64),
        ("b", 0, 14),
        ("c", 20, 34),
    ]
    assert all(p.text == "SHARED PASSAGE" for p in c.passages)


def test_separate_passages_make_separate_clusters_in_order() -> None:
    matches = [_m(1, "a", 50, "b", 0), _m(2, "c", 34, "d", 5, n=5, quoted=True)]
    c1, c2 = cluster_matches(matches, TEXTS)
    assert (c1.id, c2.id) == ("c1", "c2")
    assert {p.article for p in c1.passages} == {"a", "b"} and not c1.quoted
    assert {p.article for p in c2.passages} == {"c", "d"} and c2.quoted


def test_order_of_matches_does_not_matter() -> None:
    matches = [_m(1, "a", 50, "b", 0), _m(2, "a", 50, "c", 20), _m(3, "c", 34, "d", 5, n=5)]
    assert cluster_matches(matches, TEXTS) == cluster_matches(matches[::-1], TEXTS)


def test_overlapping_spans_in_one_article_are_one_passage() -> None:
    matches = [
        _m(1, "a", 50, "b", 0),
        Match("m2", "a", 55, 64, "c", 25, 34, 0.9, "near-verbatim", False),
    ]
    (c,) = cluster_matches(matches, TEXTS)
    assert [(p.article, p.start, p.end) for p in c.passages] == [
        ("a", 50, 64),
        ("b", 0, 14),
        ("c", 25, 34),
    ]


def test_no_matches_no_clusters() -> None:
    assert cluster_matches([], TEXTS) == []
