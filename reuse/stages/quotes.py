"""Quote tracking: every quotation carried by two or more articles, with its variants.

A tracked quote is a quoted cluster. Its variants are the distinct wordings (after normalising
case, quote marks and spacing) with the articles and outlets that carry each, earliest first;
the earliest known carrier is the one with the first publication time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence

from ..model import Article, Cluster, QuoteVariant, TrackedQuote
from ..text.dates import moment
from ..text.tokens import normalize

__all__ = ["track_quotes"]

_UNDATED = dt.datetime.max


def _when(article: Article) -> dt.datetime:
    parsed = moment(article.published)
    return parsed.utc if parsed else _UNDATED


def track_quotes(
    clusters: Sequence[Cluster], articles: Mapping[str, Article]
) -> list[TrackedQuote]:
    """Tracked quotes, one per quoted cluster, numbered q1, q2, ... in cluster order."""
    out: list[TrackedQuote] = []
    for cluster in clusters:
        if not cluster.quoted:
            continue
        groups: dict[str, list] = defaultdict(list)
        for p in cluster.passages:
            groups[normalize(p.text).text].append(p)
        variants = []
        for passages in groups.values():
            carriers = sorted({p.article for p in passages}, key=lambda a: (_when(articles[a]), a))
            first = min(passages, key=lambda p: (_when(articles[p.article]), p.article, p.start))
            variants.append(
                QuoteVariant(
                    first.text, tuple(carriers), tuple(articles[a].outlet for a in carriers)
                )
            )
        variants.sort(key=lambda v: (_when(articles[v.articles[0]]), -len(v.articles), v.articles))
        dated = [a for v in variants for a in v.articles if _when(articles[a]) != _UNDATED]
        earliest = min(dated, key=lambda a: (_when(articles[a]), a)) if dated else None
        out.append(
            TrackedQuote(
                f"q{len(out) + 1}", variants[0].text, cluster.id, earliest, tuple(variants)
            )
        )
    return out
