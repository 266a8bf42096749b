"""Group matches into clusters: one passage and its copies across articles.

A digest page that carries stories A and B shares A with some articles and B with others; if a
cluster were every span connected through overlapping spans, the digest page (or two digest
pages sharing both stories) would chain A and B, and a real news day's wire copy into one giant
cluster. So clusters are made of *segments*:

1. Each article is cut at every start and end of its matches' spans, and each cut is carried
   through every match into the other article (at the position the match maps it to, by
   linear interpolation along the two spans, snapped to a word boundary), until no new cut
   appears: where one copy of story A ends, every other copy of the text around it is cut
   there too.
2. Segments linked by a match (the one's image in the other article covers at least half of
   either) are one passage; the linked groups are the raw clusters.
3. A group whose carriers all carry another group too, right next to it, is a part of that
   passage trimmed by some copies (a wire story whose last paragraphs some outlets cut): it
   joins it. Stories on a digest page each have carriers of their own, so they never join.
4. A cluster's passage in an article is the run of its consecutive segments there; clusters
   are those that reach two or more articles with passages of some length.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping, Sequence

from ..model import Cluster, Match, Passage
from ..text.spans import UnionFind

__all__ = ["cluster_matches"]

# A cut carried into another article lands within this many characters of the position the
# match maps it to (the two copies of a passage differ in length by their edits); it snaps to
# the nearest white space there so that segments hold whole words.
_SNAP = 12
# Cuts closer than this to a cut already made are the same cut, placed a little differently by
# two matches: one is enough.
_SAME_CUT = 24
# Rounds of carrying cuts through matches: a cut crosses one match a round; three rounds carry it
# along copies of copies, and more only place slivers.
_ROUNDS = 4
# A passage shorter than this (characters) is the trace of a cut, not text of its own.
_MIN_PASSAGE = 12
# Two segments of one article are next to each other when at most this many characters (white
# space, a line break, a heading's stray letters) separate them.
_ADJACENT = 3


def _snap(text: str, pos: int, lo: int, hi: int) -> int:
    """`pos` moved to the nearest white space within `_SNAP` characters (inside [lo, hi])."""
    pos = max(lo, min(hi, pos))
    for d in range(_SNAP + 1):
        for p in (pos - d, pos + d):
            if lo < p < hi and (text[p - 1].isspace() or text[p].isspace()):
                return p
    return pos


def _image(x: int, src: tuple[int, int], dst: tuple[int, int]) -> float:
    """Where offset `x` of span `src` falls in span `dst`, by linear interpolation."""
    (s0, s1), (d0, d1) = src, dst
    if s1 <= s0:
        return float(d0)
    return d0 + (x - s0) * (d1 - d0) / (s1 - s0)


class _Cuts:
    """The sorted cuts of each article, with the test for a cut already made near a position."""

    def __init__(self) -> None:
        self.by_article: dict[str, list[int]] = defaultdict(list)

    def add(self, article: str, pos: int, exact: bool = False) -> bool:
        cuts = self.by_article[article]
        k = bisect.bisect_left(cuts, pos)
        near = _SAME_CUT if not exact else 0
        if (k < len(cuts) and cuts[k] - pos <= near) or (k and pos - cuts[k - 1] <= near):
            return False
        cuts.insert(k, pos)
        return True

    def inside(self, article: str, lo: int, hi: int) -> list[int]:
        cuts = self.by_article[article]
        return cuts[bisect.bisect_right(cuts, lo) : bisect.bisect_left(cuts, hi)]


def _cut_articles(matches: Sequence[Match], texts: Mapping[str, str]) -> _Cuts:
    cuts = _Cuts()
    for m in matches:
        for art, s, e in ((m.a, m.a_start, m.a_end), (m.b, m.b_start, m.b_end)):
            cuts.add(art, s, exact=True)
            cuts.add(art, e, exact=True)
    for _ in range(_ROUNDS):
        added = False
        for m in matches:
            sides = (
                (m.a, (m.a_start, m.a_end), m.b, (m.b_start, m.b_end)),
                (m.b, (m.b_start, m.b_end), m.a, (m.a_start, m.a_end)),
            )
            for src, span, dst, other in sides:
                for x in cuts.inside(src, *span):
                    y = _snap(texts[dst], round(_image(x, span, other)), other[0], other[1])
                    added |= cuts.add(dst, y)
        if not added:
            break
    return cuts


def _segments(matches: Sequence[Match], cuts: _Cuts) -> dict[str, list[tuple[int, int]]]:
    """The segments of each article: the pieces between cuts that lie inside a match's span."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in matches:
        spans[m.a].append((m.a_start, m.a_end))
        spans[m.b].append((m.b_start, m.b_end))
    out: dict[str, list[tuple[int, int]]] = {}
    for art in sorted(spans):
        covered = sorted(spans[art])
        points = cuts.by_article[art]
        segs: set[tuple[int, int]] = set()
        for s, e in covered:
            inner = [
                p for p in points[bisect.bisect_right(points, s) : bisect.bisect_left(points, e)]
            ]
            edges = [s, *inner, e]
            segs.update((a, b) for a, b in zip(edges, edges[1:]) if b > a)
        # Spans of one article overlap: keep the pieces between all their edges, once.
        flat = sorted(segs)
        edges = sorted({p for seg in flat for p in seg})
        pieces = [
            (a, b) for a, b in zip(edges, edges[1:]) if any(s <= a and b <= e for s, e in flat)
        ]
        out[art] = pieces
    return out


def _link(
    matches: Sequence[Match],
    segments: dict[str, list[tuple[int, int]]],
    number: dict[tuple[str, int, int], int],
    links: UnionFind,
) -> None:
    """Join the segments each match pairs: a segment of one side with the segments of the
    other that its image covers at least half of, or that cover at least half of it."""
    starts = {art: [s for s, _ in segs] for art, segs in segments.items()}
    for m in matches:
        a_span, b_span = (m.a_start, m.a_end), (m.b_start, m.b_end)
        b_segs, b_starts = segments[m.b], starts[m.b]
        lo = bisect.bisect_right(starts[m.a], a_span[0] - 1)
        hi = bisect.bisect_left(starts[m.a], a_span[1])
        for s, e in segments[m.a][lo:hi]:
            if s < a_span[0] or e > a_span[1]:
                continue
            x0, x1 = _image(s, a_span, b_span), _image(e, a_span, b_span)
            k = max(0, bisect.bisect_right(b_starts, x0) - 1)
            while k < len(b_segs) and b_segs[k][0] < x1:
                t0, t1 = b_segs[k]
                overlap = min(x1, t1) - max(x0, t0)
                if overlap > 0 and (overlap * 2 >= x1 - x0 or overlap * 2 >= t1 - t0):
                    links.union(number[(m.a, s, e)], number[(m.b, t0, t1)])
                k += 1


def _nested_joins(
    groups: dict[int, list[tuple[str, int, int]]], texts: Mapping[str, str]
) -> dict[int, int]:
    """Groups that are trimmed parts of a larger one: every carrier of the part carries the
    larger group too, right next to the part. Returns part -> the group it joins."""
    carriers = {g: {a for a, _, _ in segs} for g, segs in groups.items()}
    by_article: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for g, segs in groups.items():
        for a, s, e in segs:
            by_article[a].append((s, e, g))
    for items in by_article.values():
        items.sort()
    order = sorted(groups, key=lambda g: (-len(carriers[g]), g))
    joins: dict[int, int] = {}

    def root(g: int) -> int:
        while g in joins:
            g = joins[g]
        return g

    for part in reversed(order):  # smallest first: it may join a larger group
        neighbours: dict[int, int] = {}  # group -> articles where it is next to the part
        for a in carriers[part]:
            items = by_article[a]
            seen: set[int] = set()
            for k, (s, e, g) in enumerate(items):
                if g != part:
                    continue
                for j in (k - 1, k + 1):
                    if 0 <= j < len(items):
                        s2, e2, g2 = items[j]
                        gap = s - e2 if j < k else s2 - e
                        if (
                            g2 != part
                            and gap <= _ADJACENT
                            and not texts[a][min(e, e2) : max(s, s2)].strip("\n\r\t ")
                        ):
                            seen.add(g2)
            for g2 in seen:
                neighbours[g2] = neighbours.get(g2, 0) + 1
        best = [
            g
            for g, n in neighbours.items()
            if n == len(carriers[part])
            and carriers[part] <= carriers[g]
            and len(carriers[g]) >= len(carriers[part])
        ]
        for g in sorted(best, key=lambda g: (-len(carriers[g]), g)):
            if root(g) != part:  # groups of equal carriers next to each other join once
                joins[part] = g
                break
    return joins


def cluster_matches(matches: Sequence[Match], texts: Mapping[str, str]) -> list[Cluster]:
    """Clusters of recurring passages, sorted and numbered deterministically (c1, c2, ...)."""
    if not matches:
        return []
    cuts = _cut_articles(matches, texts)
    segments = _segments(matches, cuts)
    nodes = [(art, s, e) for art in sorted(segments) for s, e in segments[art]]
    number = {node: k for k, node in enumerate(nodes)}
    links = UnionFind(len(nodes))
    _link(matches, segments, number, links)
    groups: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for k, node in enumerate(nodes):
        groups[links.find(k)].append(node)
    joins = _nested_joins(groups, texts)

    def root(g: int) -> int:
        while g in joins:
            g = joins[g]
        return g

    merged: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for g, segs in groups.items():
        merged[root(g)].extend(segs)
    # Whether a cluster is quoted: the vote of the matches whose spans meet its passages.
    group_of = {node: root(links.find(number[node])) for node in nodes}
    seg_starts = {art: [s for s, _ in segs] for art, segs in segments.items()}
    votes: dict[int, list[bool]] = defaultdict(list)
    for m in matches:
        k = bisect.bisect_right(seg_starts[m.a], m.a_start) - 1
        if k >= 0:
            s, e = segments[m.a][k]
            votes[group_of[(m.a, s, e)]].append(m.quoted)
    found = []
    for g, segs in merged.items():
        passages = []
        for art, run in _runs(sorted(segs), texts).items():
            for s, e in run:
                if e - s >= _MIN_PASSAGE:
                    passages.append(Passage(art, s, e, texts[art][s:e]))
        if len({p.article for p in passages}) < 2:
            continue
        passages.sort(key=lambda p: (p.article, p.start, p.end))
        vote = votes.get(g, [])
        found.append((tuple(passages), sum(vote) * 2 > len(vote)))
    found.sort(key=lambda pq: [(p.article, p.start, p.end) for p in pq[0]])
    return [Cluster(f"c{i}", quoted, passages) for i, (passages, quoted) in enumerate(found, 1)]


def _runs(
    segs: list[tuple[str, int, int]], texts: Mapping[str, str]
) -> dict[str, list[tuple[int, int]]]:
    """Consecutive segments of one article made one passage: segments next to each other (at
    most `_ADJACENT` characters of white space apart) or overlapping."""
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for art, s, e in segs:
        run = out[art]
        if run and s - run[-1][1] <= _ADJACENT and not texts[art][run[-1][1] : s].strip():
            run[-1] = (run[-1][0], max(run[-1][1], e))
        else:
            run.append((s, e))
    return out
