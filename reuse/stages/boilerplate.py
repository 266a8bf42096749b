"""Boilerplate: passages one outlet repeats across many of its articles.

Newsletter prompts, "Read more" lines, cookie notices and comment-form footers recur in every
article of an outlet. They are shared text, but not reuse: a cluster in which one outlet carries
the passage in `min_articles` or more of its articles, and whose carriers are mostly that
outlet's, is boilerplate. Its matches are kept out of the reuse figures and the derivations and
listed in the report's `boilerplate` section instead.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Optional

from ..model import Article, Boilerplate, Cluster, Match
from .cluster import cluster_matches

__all__ = ["find_boilerplate", "boilerplate_index", "is_boilerplate_match", "remove_boilerplate"]


def find_boilerplate(
    clusters: Sequence[Cluster], articles: Mapping[str, Article], min_articles: int
) -> list[Boilerplate]:
    """The boilerplate clusters, numbered b1, b2, ... in cluster order."""
    out: list[Boilerplate] = []
    for cluster in clusters:
        carriers = {p.article for p in cluster.passages}
        outlets = Counter(articles[a].outlet for a in carriers if articles[a].outlet)
        if not outlets:
            continue
        outlet, count = min(outlets.items(), key=lambda kv: (-kv[1], kv[0]))
        if count >= min_articles and count * 2 > len(carriers):
            text = max(cluster.passages, key=lambda p: (len(p.text), p.article)).text
            out.append(Boilerplate(f"b{len(out) + 1}", outlet, text, cluster.passages))
    return out


Index = dict[str, list[tuple[int, int, int]]]


def boilerplate_index(found: Sequence[Boilerplate]) -> Index:
    """article -> (boilerplate number, start, end) of each of its boilerplate passages."""
    index: Index = {}
    for k, b in enumerate(found):
        for p in b.passages:
            index.setdefault(p.article, []).append((k, p.start, p.end))
    return index


def is_boilerplate_match(
    match: Match, found: Sequence[Boilerplate], index: Optional[Index] = None
) -> bool:
    """Whether both sides of `match` lie in passages of one boilerplate cluster. `index` is
    `boilerplate_index(found)`, made once for many matches."""
    index = boilerplate_index(found) if index is None else index
    in_a = {k for k, s, e in index.get(match.a, ()) if s <= match.a_start and match.a_end <= e}
    return bool(in_a) and any(
        k in in_a for k, s, e in index.get(match.b, ()) if s <= match.b_start and match.b_end <= e
    )


def remove_boilerplate(
    matches: Sequence[Match],
    clusters: Sequence[Cluster],
    articles: Mapping[str, Article],
    texts: Mapping[str, str],
    min_articles: int,
) -> tuple[list[Match], list[Cluster], list[Boilerplate]]:
    """The matches and clusters without the boilerplate ones (matches renumbered m1, m2, ...),
    and the boilerplate found."""
    boiler = find_boilerplate(clusters, articles, min_articles)
    if not boiler:
        return list(matches), list(clusters), boiler
    index = boilerplate_index(boiler)
    kept = [
        dataclasses.replace(m, id=f"m{n}")
        for n, m in enumerate((m for m in matches if not is_boilerplate_match(m, boiler, index)), 1)
    ]
    return kept, cluster_matches(kept, texts), boiler
