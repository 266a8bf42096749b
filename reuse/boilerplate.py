"""Boilerplate: passages one outlet repeats across many of its articles.

Newsletter prompts, "Read more" lines, cookie notices and comment-form footers recur in every
article of an outlet. They are shared text, but not reuse: a cluster in which one outlet carries
the passage in `min_articles` or more of its articles, and whose carriers are mostly that
outlet's, is boilerplate. Its matches are kept out of the reuse figures and the derivations and
listed in the report's `boilerplate` section instead.
"""

from __future__ import annotations

from collections import Counter
from typing import Mapping, Sequence

from .model import Article, Boilerplate, Cluster, Match

__all__ = ["find_boilerplate", "is_boilerplate_match"]


def find_boilerplate(clusters: Sequence[Cluster], articles: Mapping[str, Article],
                     min_articles: int) -> list[Boilerplate]:
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


def is_boilerplate_match(match: Match, found: Sequence[Boilerplate]) -> bool:
    """Whether both sides of `match` lie in passages of one boilerplate cluster."""
    for b in found:
        spans = [(p.article, p.start, p.end) for p in b.passages]
        in_a = any(art == match.a and s <= match.a_start and match.a_end <= e for art, s, e in spans)
        in_b = any(art == match.b and s <= match.b_start and match.b_end <= e for art, s, e in spans)
        if in_a and in_b:
            return True
    return False
