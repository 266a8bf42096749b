"""Boilerplate: passages one outlet repeats across many of its articles, and notices that
many outlets print around their own stories.

Newsletter prompts, "Read more" lines, cookie notices and comment-form footers recur in every
article of an outlet. They are shared text, but not reuse: a cluster in which one outlet carries
the passage in `min_articles` or more of its articles, and whose carriers are mostly that
outlet's, is boilerplate. So is a notice (`find_notices`): a short passage that articles of
several outlets print at their top or end, each around a story of its own, such as an agency's
terms of use under every story taken from it. Their matches are kept out of the reuse figures
and the derivations and listed in the report's `boilerplate` section instead (a notice with no
outlet).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Optional

from rapidfuzz import fuzz

from ..model import Article, Boilerplate, Cluster, Match
from ..text.tokens import WORD_RUN
from .cluster import cluster_matches

# What makes the clusters of some matches: `cluster_matches`, or the Spark engine's job.
Clusterer = Callable[
    [Sequence[Match], Mapping[str, str], Optional[Mapping[str, Sequence[tuple[int, int]]]]],
    list[Cluster],
]

__all__ = [
    "Clusterer",
    "find_boilerplate",
    "boilerplate_index",
    "is_boilerplate_match",
    "remove_boilerplate",
]


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


# How alike (rapidfuzz's partial ratio, 0-100) another outlet's copy must be to a boilerplate
# passage for that outlet to carry it.
_CARRIED = 80


def _widely_carried(
    found: Boilerplate,
    touching: Mapping[str, Sequence[Match]],
    articles: Mapping[str, Article],
    texts: Mapping[str, str],
) -> bool:
    """Whether other outlets carry the passage an outlet repeats as many times as it does (a
    wire item its digest pages repeat, not its furniture): matches from its passages into other
    outlets' articles whose other side holds a close copy of it."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for p in found.passages:
        spans.setdefault(p.article, []).append((p.start, p.end))
    others: set[str] = set()
    for art in sorted(spans):
        for m in touching.get(art, ()):
            other, side = (m.b, "a") if m.a == art else (m.a, "b")
            if articles[other].outlet == found.outlet or other in others:
                continue
            start, end = (m.a_start, m.a_end) if side == "a" else (m.b_start, m.b_end)
            there = (
                texts[other][m.b_start : m.b_end]
                if side == "a"
                else texts[other][m.a_start : m.a_end]
            )
            for s, e in spans[art]:
                if (
                    s < end
                    and start < e
                    and fuzz.partial_ratio(
                        texts[art][s:e].lower(), there.lower(), score_cutoff=_CARRIED
                    )
                ):
                    others.add(other)
                    break
        if len(others) >= len(spans):
            return True
    return len(others) >= len(spans)


# What a match that runs into boilerplate must keep outside it to be reuse: this many words on
# each side, as alike as this (rapidfuzz's ratio, 0-100). A reporter's credit line above an
# outlet's footer, or a closing sentence cast in the same mould with other names ("... is due to
# meet X, the Y minister, in Z on Saturday"), is not.
_LEFT_WORDS = 12
_LEFT_ALIKE = 80
_WORD = WORD_RUN


def _left(text: str, start: int, end: int, masked: Sequence[tuple[int, int]]) -> str:
    """text[start:end] without the masked regions."""
    parts, pos = [], start
    for s, e in sorted(masked):
        if e <= pos or s >= end:
            continue
        parts.append(text[pos : max(pos, s)])
        pos = max(pos, e)
    parts.append(text[pos:end])
    return " ".join(parts)


def _left_alike(
    m: Match, texts: Mapping[str, str], masked: Mapping[str, Sequence[tuple[int, int]]]
) -> bool:
    """Whether what `m` shares outside boilerplate is reuse of its own (always, when it runs
    into none)."""
    ma, mb = masked.get(m.a, ()), masked.get(m.b, ())
    if not any(s < m.a_end and m.a_start < e for s, e in ma) and not any(
        s < m.b_end and m.b_start < e for s, e in mb
    ):
        return True
    a = _left(texts[m.a], m.a_start, m.a_end, ma)
    b = _left(texts[m.b], m.b_start, m.b_end, mb)
    if min(len(_WORD.findall(a)), len(_WORD.findall(b))) < _LEFT_WORDS:
        return False
    return fuzz.ratio(" ".join(a.split()), " ".join(b.split()), score_cutoff=_LEFT_ALIKE) > 0


# A notice: a short passage (at most `_NOTICE_WORDS` words) that articles of at least
# `_NOTICE_OUTLETS` outlets print word for word (`_NOTICE_SIMILARITY`) at their top or end
# (within `_EDGE_CHARS` characters of it), each around a story of its own: a carrier has at
# least as much text besides it (`_NOTICE_SHARE`), and no other passage is carried by more than
# `_NOTICE_TOGETHER` of its carriers. An agency's terms of use under every story an outlet takes
# from it ("Copyright 2026 The Associated Press. All rights reserved. This material may not be
# published..."), a newspaper group's newsletter prompt on all its titles. The last lines of a
# wire story are not one: its carriers carry the story above them too.
_NOTICE_WORDS = 40
_NOTICE_OUTLETS = 3
_EDGE_CHARS = 300
_AT_EDGE = 0.8
_NOTICE_SHARE = 1 / 2
_NOTICE_TOGETHER = 1 / 2
_NOTICE_SIMILARITY = 0.9
# Characters a notice of `_NOTICE_WORDS` words cannot exceed (a quick test before counting).
_NOTICE_CHARS = 40 * _NOTICE_WORDS


def _at_edge(start: int, end: int, length: int) -> bool:
    return (end - start) <= _NOTICE_SHARE * length and (
        start <= _EDGE_CHARS or end >= length - _EDGE_CHARS
    )


def _edge_words(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is short enough for a notice and at the text's top or end."""
    return (
        _at_edge(start, end, len(text))
        and end - start <= _NOTICE_CHARS
        and len(_WORD.findall(text, start, end)) <= _NOTICE_WORDS
    )


def find_notices(
    matches: Sequence[Match],
    articles: Mapping[str, Article],
    texts: Mapping[str, str],
    cluster: Clusterer = cluster_matches,
) -> list[Boilerplate]:
    """The notices among `matches` (see `_NOTICE_WORDS`): clusters of short matches at the top
    or end of both articles, as boilerplate of no one outlet (`outlet` None), in cluster order.
    Only the matches between the carriers of a possible notice are clustered to see whether
    one story holds most of them."""
    edge = [
        m
        for m in matches
        if m.similarity >= _NOTICE_SIMILARITY
        and _edge_words(texts[m.a], m.a_start, m.a_end)
        and _edge_words(texts[m.b], m.b_start, m.b_end)
    ]
    if not edge:
        return []
    candidates: list[tuple[Cluster, set[str]]] = []
    for found in cluster(edge, texts, None):
        if found.quoted:
            continue
        carriers = {p.article for p in found.passages}
        if len({articles[a].outlet for a in carriers if articles[a].outlet}) < _NOTICE_OUTLETS:
            continue
        at_edge = {
            p.article for p in found.passages if _at_edge(p.start, p.end, len(texts[p.article]))
        }
        if len(at_edge) >= _AT_EDGE * len(carriers):
            candidates.append((found, carriers))
    if not candidates:
        return []
    wanted = set().union(*(carriers for _, carriers in candidates))
    spans: dict[str, list[tuple[int, int]]] = {}
    for found, _ in candidates:
        for p in found.passages:
            spans.setdefault(p.article, []).append((p.start, p.end))

    def meets(aid: str, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in spans.get(aid, ()))

    # What the carriers share besides the notice: a short match that runs into it on both sides
    # is the notice (with a line of an outlet's footer); a long one is a story that holds it.
    others = [
        m
        for m in matches
        if m.a in wanted
        and m.b in wanted
        and not (
            meets(m.a, m.a_start, m.a_end)
            and meets(m.b, m.b_start, m.b_end)
            and len(_WORD.findall(texts[m.a], m.a_start, m.a_end)) <= 2 * _NOTICE_WORDS
            and len(_WORD.findall(texts[m.b], m.b_start, m.b_end)) <= 2 * _NOTICE_WORDS
        )
    ]
    clusters_of: dict[str, list[str]] = {}
    for other in cluster(others, texts, None) if others else []:
        for a in {p.article for p in other.passages}:
            clusters_of.setdefault(a, []).append(other.id)
    out: list[Boilerplate] = []
    for found, carriers in candidates:
        together = Counter(k for a in carriers for k in clusters_of.get(a, ()))
        if together and max(together.values()) > _NOTICE_TOGETHER * len(carriers):
            continue  # the lines of one story its carriers carry
        text = max(found.passages, key=lambda p: (len(p.text), p.article)).text
        out.append(Boilerplate("", None, text, found.passages))
    return out


def remove_boilerplate(
    matches: Sequence[Match],
    articles: Mapping[str, Article],
    texts: Mapping[str, str],
    min_articles: int,
    cluster: Clusterer = cluster_matches,
) -> tuple[list[Match], list[Cluster], list[Boilerplate]]:
    """The matches without the boilerplate ones (renumbered m1, m2, ...), the clusters of the
    rest, and the boilerplate found.

    Boilerplate is looked for among the matches between articles of one outlet (an outlet
    repeats its own footer; other outlets' footers may be worded alike, and would chain every
    story they close into one cluster). Text it repeats is boilerplate only when other outlets
    do not carry it as widely: a wire story that an outlet with few articles prints in several
    (a story page, digest pages) is reuse. The clusters are then made
    with the boilerplate regions masked: a match between two outlets that runs on into their
    footers keeps its passage, and the footers join nothing.
    """
    # Notices first: an outlet's footer followed by an agency's notice is its own furniture
    # whatever other outlets print the notice.
    notices = find_notices(matches, articles, texts, cluster)
    masked: Optional[dict[str, list[tuple[int, int]]]] = None
    if notices:
        index = boilerplate_index(notices)
        masked = {art: [(s, e) for _, s, e in found] for art, found in index.items()}
        matches = [
            m
            for m in matches
            if not is_boilerplate_match(m, notices, index) and _left_alike(m, texts, masked)
        ]
    same = [
        m for m in matches if articles[m.a].outlet and articles[m.a].outlet == articles[m.b].outlet
    ]
    cross: dict[str, list[Match]] = {}
    for m in matches:
        if articles[m.a].outlet != articles[m.b].outlet:
            cross.setdefault(m.a, []).append(m)
            cross.setdefault(m.b, []).append(m)
    boiler = [
        b
        for b in find_boilerplate(cluster(same, texts, masked), articles, min_articles)
        if not _widely_carried(b, cross, articles, texts)
    ]
    kept, clusters, _ = _without(matches, boiler, texts, cluster, masked)
    boiler += notices
    if not boiler:
        return kept, clusters, boiler
    boiler = [dataclasses.replace(b, id=f"b{k}") for k, b in enumerate(boiler, 1)]
    kept = [dataclasses.replace(m, id=f"m{n}") for n, m in enumerate(kept, 1)]
    return kept, clusters, boiler


def _without(
    matches: Sequence[Match],
    boiler: Sequence[Boilerplate],
    texts: Mapping[str, str],
    cluster: Clusterer,
    masked: Optional[dict[str, list[tuple[int, int]]]],
) -> tuple[list[Match], list[Cluster], Optional[dict[str, list[tuple[int, int]]]]]:
    """The matches that are not `boiler`'s, their clusters with every boilerplate region
    masked (`masked`: the regions masked before), and the regions masked now."""
    if not boiler:
        return list(matches), cluster(matches, texts, masked), masked
    index = boilerplate_index(boiler)
    now = {art: list(spans) for art, spans in (masked or {}).items()}
    for art, found in index.items():
        now.setdefault(art, []).extend((s, e) for _, s, e in found)
    kept = [
        m
        for m in matches
        if not is_boilerplate_match(m, boiler, index) and _left_alike(m, texts, now)
    ]
    return kept, cluster(kept, texts, now), now
