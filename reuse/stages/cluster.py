"""Group matches into clusters: one passage and its copies across articles.

A digest page that carries stories A and B shares A with some articles and B with others; if a
cluster were every span connected through overlapping spans, the digest page (or two digest
pages sharing both stories) would chain A and B, and a real news day's wire copy (a story
re-issued day after day with paragraphs dropped and added) into one giant cluster. So clusters
are made of *segments*, following the words each match aligns:

1. Each match's two passages are aligned word by word (the runs of words they share, in order:
   rapidfuzz's longest common subsequence).
2. Each article is cut at every start and end of its matches' passages, and each cut is carried
   through every match to the aligned word it falls on in the other article, until no new cut
   appears: where one copy of story A ends, every other copy of the text around it is cut
   there too.
3. Two segments are one passage where a match aligns most of the words of one with the other;
   the linked groups are the clusters. A cluster's passage in an article is the run of its
   consecutive segments there; clusters reach two or more articles.
4. Pieces the cuts split off one passage join again: a trimmed copy's tail runs on from the
   passage in every article that carries it (`_extend`), and two pieces that meet mid-sentence
   in most of their carriers are one passage (`_join_pieces`: OCR breaks one copy's alignment
   mid-sentence, and its cut splits every copy there).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Optional

import numpy as np
from rapidfuzz.distance import Indel

from ..model import Cluster, Match, Passage
from ..parallel import map_steps
from ..text.sentences import abbreviation
from ..text.spans import UnionFind
from ..text.tokens import WORD_RUN

__all__ = [
    "Found",
    "article_links",
    "cluster_matches",
    "found_clusters",
    "match_groups",
    "numbered_clusters",
]

_WORD = WORD_RUN
# A cut carried into an article within this many characters of a cut already made there is the
# same cut placed a word away by the two copies' edits: one is enough.
_SAME_CUT = 24
# Two passage edges this close are one edge: the segment between them would be a sliver.
_SAME_EDGE = 12
# Rounds of carrying cuts through matches: a cut crosses one match a round.
_ROUNDS = 4
# A passage shorter than this (characters) is the trace of a cut, not text of its own.
_MIN_PASSAGE = 20
# Two segments of one article are next to each other when at most this many characters of
# white space separate them.
_ADJACENT = 3
# Aligned words a link between two segments needs at least.
_LINK_WORDS = 2
# Aligned words a link needs to stand on its own: a sliver between two cuts ("organisers said")
# is alike in any two stories, and joins only what is joined to nothing else (a loose link).
_SEGMENT_WORDS = 4


@dataclass(frozen=True)
class _Side:
    """The words of one side of a match: their starts and ends in the article."""

    starts: np.ndarray
    ends: np.ndarray


@dataclass(frozen=True)
class _Alignment:
    """A match's word alignment: for each word of a its partner in b (-1 where none), and
    for each word of b its partner in a."""

    match: Match
    a: _Side
    b: _Side
    a_to_b: np.ndarray
    b_to_a: np.ndarray


class _Words:
    """The words of the parts of each article that matches cover, found once per article: the
    matches of one article overlap (a story shared with many), so most of their words would
    otherwise be found again for every match."""

    def __init__(self, matches: Sequence[Match], texts: Mapping[str, str]) -> None:
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for m in matches:
            spans[m.a].append((m.a_start, m.a_end))
            spans[m.b].append((m.b_start, m.b_end))
        self.texts = texts
        self.of: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = {}
        for art, covered in spans.items():
            text = texts[art]
            found: list[tuple[int, int]] = []
            # Spans that touch are one region: a word across their meeting point is one word.
            regions: list[list[int]] = []
            for s, e in sorted(covered):
                if regions and s <= regions[-1][1]:
                    regions[-1][1] = max(regions[-1][1], e)
                else:
                    regions.append([s, e])
            for s, e in regions:
                found.extend(m.span() for m in _WORD.finditer(text, s, e))
            starts = np.fromiter((s for s, _ in found), np.int64, len(found))
            ends = np.fromiter((e for _, e in found), np.int64, len(found))
            self.of[art] = (starts, ends, [text[s:e].lower() for s, e in found])

    def side(self, art: str, start: int, end: int) -> tuple[_Side, list[str]]:
        """The words of text[start:end] as `_WORD` finds them there: those of the article that
        reach into the span, the ones across its edges cut at them."""
        if start >= end:
            return _Side(np.zeros(0, np.int64), np.zeros(0, np.int64)), []
        text = self.texts[art]
        all_starts, all_ends, all_words = self.of[art]
        i = int(np.searchsorted(all_ends, start, side="right"))
        j = int(np.searchsorted(all_starts, end, side="left"))
        starts = np.maximum(all_starts[i:j], start)
        ends = np.minimum(all_ends[i:j], end)
        words = all_words[i:j]
        if j > i and (all_starts[i] < start or all_ends[i] > end):
            words[0] = text[starts[0] : ends[0]].lower()
        if j - 1 > i and all_ends[j - 1] > end:
            words[-1] = text[starts[-1] : ends[-1]].lower()
        return _Side(starts, ends), words


def _align(m: Match, words: _Words) -> _Alignment:
    a, wa = words.side(m.a, m.a_start, m.a_end)
    b, wb = words.side(m.b, m.b_start, m.b_end)
    a_to_b = np.full(len(wa), -1, np.int64)
    b_to_a = np.full(len(wb), -1, np.int64)
    if wa and wb:
        for blk in Indel.opcodes(wa, wb).as_matching_blocks():
            if blk.size:
                a_to_b[blk.a : blk.a + blk.size] = np.arange(blk.b, blk.b + blk.size)
                b_to_a[blk.b : blk.b + blk.size] = np.arange(blk.a, blk.a + blk.size)
    return _Alignment(m, a, b, a_to_b, b_to_a)


def _carries(src: _Side, to: np.ndarray, dst: _Side, dst_span: tuple[int, int]) -> np.ndarray:
    """Where a cut of one side falls in the other, for a cut before each word of the side (and
    one after its last): the start of the partner of the first aligned word at or after it
    (the end of the last aligned word's partner when none is, the end of the other span when
    no word is aligned). A cut at x falls at `carries[searchsorted(src.starts, x)]`: one table
    per match side serves all the cuts carried through it, round after round."""
    aligned = np.flatnonzero(to >= 0)
    if not len(aligned):
        return np.full(len(to) + 1, dst_span[1], np.int64)
    first = np.searchsorted(aligned, np.arange(len(to) + 1))
    after = dst.starts[to[aligned[np.minimum(first, len(aligned) - 1)]]]
    return np.where(first < len(aligned), after, dst.ends[to[aligned[-1]]])


class _Cuts:
    """The sorted cuts of each article."""

    def __init__(self) -> None:
        self.by_article: dict[str, list[int]] = defaultdict(list)
        # Cuts made in each article so far: a match whose two articles have not been cut since
        # it carried nothing has nothing new to carry.
        self.made: dict[str, int] = defaultdict(int)

    def add(self, article: str, pos: int, near: int) -> bool:
        cuts = self.by_article[article]
        k = bisect.bisect_left(cuts, pos)
        if (k < len(cuts) and cuts[k] - pos <= near) or (k and pos - cuts[k - 1] <= near):
            return False
        cuts.insert(k, pos)
        self.made[article] += 1
        return True

    def inside(self, article: str, lo: int, hi: int) -> list[int]:
        cuts = self.by_article[article]
        return cuts[bisect.bisect_right(cuts, lo) : bisect.bisect_left(cuts, hi)]


def _cut_articles(alignments: Sequence[_Alignment]) -> _Cuts:
    cuts = _Cuts()
    for al in alignments:
        m = al.match
        for art, s, e in ((m.a, m.a_start, m.a_end), (m.b, m.b_start, m.b_end)):
            cuts.add(art, s, _SAME_EDGE)
            cuts.add(art, e, _SAME_EDGE)
    tables: dict[tuple[int, bool], np.ndarray] = {}

    def carried(k: int, forward: bool, xs: list[int]) -> list[int]:
        """Where cuts `xs` of one side of alignment k fall in the other side."""
        al = alignments[k]
        src, to, dst = (al.a, al.a_to_b, al.b) if forward else (al.b, al.b_to_a, al.a)
        table = tables.get((k, forward))
        if table is None:
            m = al.match
            span = (m.b_start, m.b_end) if forward else (m.a_start, m.a_end)
            table = tables[(k, forward)] = _carries(src, to, dst, span)
        return table[np.searchsorted(src.starts, xs)].tolist()

    # The cuts made in a match's two articles when it last carried nothing: carrying the same
    # cuts again would make none.
    idle: dict[int, tuple[int, int]] = {}
    for _ in range(_ROUNDS):
        added = False
        for k, al in enumerate(alignments):
            m = al.match
            before = (cuts.made[m.a], cuts.made[m.b])
            if idle.get(k) == before:
                continue
            xs = cuts.inside(m.a, m.a_start, m.a_end)
            for y in carried(k, True, xs) if xs else ():
                added |= m.b_start < y < m.b_end and cuts.add(m.b, y, _SAME_CUT)
            xs = cuts.inside(m.b, m.b_start, m.b_end)
            for y in carried(k, False, xs) if xs else ():
                added |= m.a_start < y < m.a_end and cuts.add(m.a, y, _SAME_CUT)
            if (cuts.made[m.a], cuts.made[m.b]) == before:
                idle[k] = before
        if not added:
            break
    return cuts


def _segments(
    matches: Sequence[Match], cuts: _Cuts, masked: Mapping[str, Sequence[tuple[int, int]]]
) -> dict[str, list[tuple[int, int]]]:
    """The segments of each article: the pieces between cuts and span edges that lie inside a
    match's span (spans of one article may overlap: each piece once) and outside its masked
    regions."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in matches:
        spans[m.a].append((m.a_start, m.a_end))
        spans[m.b].append((m.b_start, m.b_end))
    out: dict[str, list[tuple[int, int]]] = {}
    for art in sorted(spans):
        covered = sorted(set(spans[art]))
        hidden = masked.get(art, ())
        edges = sorted(
            {p for span in covered for p in span}
            | set(cuts.by_article[art])
            | {p for span in hidden for p in span}
        )
        edges = [p for p in edges if not any(s < p < e for s, e in hidden)]
        out[art] = [
            (a, b)
            for a, b in zip(edges, edges[1:])
            if any(s <= a and b <= e for s, e in covered)
            and not any(s <= a and b <= e for s, e in hidden)
        ]
    return out


def _linked_pairs(
    alignments: Sequence[_Alignment],
    first: int,
    at: Mapping[str, int],
    width: int,
    seg_starts: np.ndarray,
    seg_ends: np.ndarray,
) -> list[tuple[np.ndarray, ...]]:
    """For the matches `alignments` (numbered from `first`), each side's segment pairs that
    the words aligned between them link (see `_link`): arrays of the match, the side (0: a's
    segments first), the two segments, the words aligned between them, and whether they are
    most of both."""
    n_nodes = len(seg_starts)

    def side_words(a_side: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """For one side of every match: each word's match, its segment (node number, -1 where
        none: masked), its partner on the other side (-1 where none), and where each match's
        words begin."""
        sides = [al.a if a_side else al.b for al in alignments]
        lengths = np.asarray([len(x.starts) for x in sides], np.int64)
        line = np.asarray([at[al.match.a if a_side else al.match.b] for al in alignments])
        positions = np.concatenate([x.starts for x in sides]) + np.repeat(line * width, lengths)
        k = np.searchsorted(seg_starts, positions, side="right") - 1
        inside = k >= 0
        inside[inside] = positions[inside] < seg_ends[k[inside]]
        nodes = np.where(inside, k, -1)
        match = np.repeat(np.arange(len(alignments)), lengths)
        partners = np.concatenate([al.a_to_b if a_side else al.b_to_a for al in alignments])
        begins = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        return match, nodes, partners, begins

    def count(codes: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        """How often each of some of `codes` occurs in them."""
        keys, counts = np.unique(codes, return_counts=True)
        return lambda some: counts[np.searchsorted(keys, some)]

    sides = (side_words(True), side_words(False))
    # Words of each match in each segment, side by side: codes match * n_nodes + node.
    words_in = [
        count(match[nodes >= 0] * n_nodes + nodes[nodes >= 0]) for match, nodes, _, _ in sides
    ]
    pairs: list[tuple[np.ndarray, ...]] = []
    for here_side in (0, 1):
        match, nodes, partners, _ = sides[here_side]
        _, there_nodes, _, there_begins = sides[1 - here_side]
        aligned = np.flatnonzero(partners >= 0)
        k = match[aligned]
        here = nodes[aligned]
        there = there_nodes[there_begins[k] + partners[aligned]]
        keep = (here >= 0) & (there >= 0)
        k, here, there = k[keep], here[keep], there[keep]
        own = count(k * n_nodes + here)  # aligned words of segment x (with any y)
        # Aligned words between segments x and y, in the order of (match, x, y).
        order = np.lexsort((there, here, k))
        k, here, there = k[order], here[order], there[order]
        new = np.ones(len(k), bool)
        new[1:] = (k[1:] != k[:-1]) | (here[1:] != here[:-1]) | (there[1:] != there[:-1])
        firsts = np.flatnonzero(new)
        n = np.diff(np.append(firsts, len(k)))
        k, x, y = k[firsts], here[firsts], there[firsts]
        words_here = words_in[here_side](k * n_nodes + x)
        words_there = words_in[1 - here_side](k * n_nodes + y)
        linked = (n >= _LINK_WORDS) & ((n * 2 > own(k * n_nodes + x)) | (n * 2 > words_there))
        whole = (n * 2 >= np.maximum(words_here, words_there)) & (n >= _SEGMENT_WORDS)
        sel = np.flatnonzero(linked)
        pairs.append(
            (k[sel] + first, np.full(len(sel), here_side), x[sel], y[sel], n[sel], whole[sel])
        )
    return pairs


# Most words (of both sides) of the matches `_link` counts at once: its arrays hold a few int64
# numbers a word, and one group of a news day heavy with wire copy holds tens of millions.
_LINK_WORDS_AT_ONCE = 1 << 22


def _batches(sizes: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive ranges of items whose sizes add up to at most `_LINK_WORDS_AT_ONCE` (an
    item alone may exceed it)."""
    out = []
    lo = total = 0
    for k, size in enumerate(sizes):
        if k > lo and total + size > _LINK_WORDS_AT_ONCE:
            out.append((lo, k))
            lo, total = k, 0
        total += size
    if lo < len(sizes):
        out.append((lo, len(sizes)))
    return out


def _link(
    alignments: Sequence[_Alignment],
    segments: dict[str, list[tuple[int, int]]],
    links: UnionFind,
) -> None:
    """Join the segments a match aligns (numbered article after article, in order). Segments
    x of one side and y of the other are one passage when most of x's aligned words fall in y
    (or most of y's words come from x) and the words aligned between them are at least half of
    each: a few words in common ("... in your inbox") do not make two outlets' footers one
    passage. A match none of whose segment pairs reaches that links its pair with the most
    aligned words, and a paraphrase its pairs, only where one of the two is joined to nothing
    else: a loose likeness (two digest pages' different items on one topic) never merges two
    passages.

    The words of the matches are counted together, in arrays, a batch of matches at a time
    (`_LINK_WORDS_AT_ONCE` words): a match aligns a few segments, but a corpus has tens of
    thousands of matches, and counting them one by one cost more in array calls than in
    counting; counting them all at once held several numbers for every word of every match.
    """
    if not alignments:
        return
    # Every segment on one number line, article after article in node order: the segments of
    # the words of all the matches are then found in one search, not in one per match side.
    arts = sorted(segments)
    at = {art: k for k, art in enumerate(arts)}
    width = 1 + max(max(al.match.a_end, al.match.b_end) for al in alignments)
    seg_starts = np.asarray([at[a] * width + s for a in arts for s, _ in segments[a]], np.int64)
    seg_ends = np.asarray([at[a] * width + e for a in arts for _, e in segments[a]], np.int64)
    # Counted a batch of matches at a time: every count is of one match's words, so the pairs
    # are those of all the matches counted together.
    pairs = []
    for lo, hi in _batches([len(al.a.starts) + len(al.b.starts) for al in alignments]):
        pairs.extend(_linked_pairs(alignments[lo:hi], lo, at, width, seg_starts, seg_ends))
    k, direction, x, y, n, whole = (np.concatenate(parts) for parts in zip(*pairs))
    # Each match's pairs in turn, side a's first, each side's by its segments.
    order = np.lexsort((y, x, direction, k))
    loose: list[tuple[int, int]] = []
    strong: set[int] = set()
    best: dict[int, tuple[int, int, int]] = {}
    for m, nx, ny, words, both in zip(
        k[order].tolist(),
        x[order].tolist(),
        y[order].tolist(),
        n[order].tolist(),
        whole[order].tolist(),
    ):
        if both:
            if alignments[m].match.kind == "paraphrase":
                loose.append((nx, ny))  # a loose match joins nothing already joined
            else:
                links.union(nx, ny)
            strong.add(m)
        elif m not in best or words > best[m][0]:
            best[m] = (words, nx, ny)
    loose.extend((nx, ny) for m, (_, nx, ny) in best.items() if m not in strong)
    # A loose match joins its two segments only where one of them is joined to nothing else:
    # it makes a pair of a paraphrase, and never merges two passages through a loose likeness.
    size: Counter[int] = Counter(links.find(k) for k in range(len(links.parent)))
    for nx, ny in sorted(loose):
        rx, ry = links.find(nx), links.find(ny)
        if rx != ry and min(size[rx], size[ry]) == 1:
            links.union(nx, ny)
            size[links.find(nx)] = size[rx] + size[ry]


# Two sides of matches in one article at least this many characters apart never meet in
# clustering: a cut carried into one never falls within `_SAME_CUT` (nor an edge within
# `_SAME_EDGE`) of the other's cuts, no segment of one lies in the other, and runs of them are
# never adjacent (`_ADJACENT`).
_APART = 2 * _SAME_CUT


def article_links(sides: Iterable[tuple[int, int, int]]) -> Iterator[tuple[int, int]]:
    """For the sides (start, end, match number) of matches in one article, links that join the
    matches whose sides overlap or lie less than `_APART` characters apart (each run of them
    to its first match)."""
    reach = -_APART
    first = -1
    for s, e, k in sorted(sides):
        if first >= 0 and s < reach + _APART:
            yield first, k
        else:
            first = k
        reach = max(reach, e)


def match_groups(matches: Sequence[Match]) -> list[list[int]]:
    """The matches (by number) in groups that clustering treats apart: matches whose sides
    meet in an article, and the matches those meet, and so on (see `found_clusters`)."""
    sides: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for k, m in enumerate(matches):
        sides[m.a].append((m.a_start, m.a_end, k))
        sides[m.b].append((m.b_start, m.b_end, k))
    links = UnionFind(len(matches))
    for art in sorted(sides):
        for x, y in article_links(sides[art]):
            links.union(x, y)
    return links.groups()


# A cluster before numbering: its passages (sorted) and whether it is quoted.
Found = tuple[tuple[Passage, ...], bool]


# Matches below which clustering stays in one process: forking workers costs more than the
# groups of a few thousand matches take.
_PARALLEL_MATCHES = 2000
# Steps per job that the groups are dealt into, the largest groups first, so that the workers
# finish together.
_STEPS_PER_JOB = 8


@dataclass(frozen=True)
class _Clustering:
    """What every clustering step reads (workers are forked with it)."""

    matches: Sequence[Match]
    texts: Mapping[str, str]
    masked: Optional[Mapping[str, Sequence[tuple[int, int]]]]


def _cluster_step(state: _Clustering, groups: Sequence[Sequence[int]]) -> list[Found]:
    found: list[Found] = []
    for group in groups:
        found.extend(found_clusters([state.matches[k] for k in group], state.texts, state.masked))
    return found


def _group_steps(groups: Sequence[Sequence[int]], n_steps: int) -> list[list[Sequence[int]]]:
    """`groups` dealt into at most `n_steps` steps of about equal matches, the steps holding
    the largest groups first (each group whole, in one step)."""
    ordered = sorted(groups, key=len, reverse=True)
    size = max(1, -(-sum(map(len, ordered)) // max(n_steps, 1)))
    steps: list[list[Sequence[int]]] = []
    held = size
    for group in ordered:
        if held >= size:
            steps.append([])
            held = 0
        steps[-1].append(group)
        held += len(group)
    return steps


def cluster_matches(
    matches: Sequence[Match],
    texts: Mapping[str, str],
    masked: Optional[Mapping[str, Sequence[tuple[int, int]]]] = None,
    jobs: int = 1,
) -> list[Cluster]:
    """Clusters of recurring passages, sorted and numbered deterministically (c1, c2, ...).

    `masked` holds regions of articles that belong to no passage (an outlet's own footer or
    masthead, found as boilerplate): matches that run into them are cut at their edges, so two
    outlets' look-alike footers never join the stories above them. With `jobs` > 1 the groups
    of matches (`match_groups`) are clustered on that many processes; the clusters are the same.
    """
    # Group by group: what clustering holds (the words of the covered text, the alignments)
    # is then that of one group at a time, not of every match at once; the clusters are the
    # same (see `found_clusters`), whichever process finds them and in whatever order.
    groups = match_groups(matches)
    state = _Clustering(matches, texts, masked)
    if jobs <= 1 or len(matches) < _PARALLEL_MATCHES or len(groups) < 2:
        return numbered_clusters(_cluster_step(state, groups))
    steps = _group_steps(groups, jobs * _STEPS_PER_JOB)
    parts = map_steps(_cluster_step, steps, jobs, state, what="the clustering of passages")
    return numbered_clusters(found for part in parts for found in part)


def numbered_clusters(found: Iterable[Found]) -> list[Cluster]:
    """Clusters in order of their passages, numbered c1, c2, ..."""
    ordered = sorted(found, key=lambda pq: [(p.article, p.start, p.end) for p in pq[0]])
    return [Cluster(f"c{i}", quoted, passages) for i, (passages, quoted) in enumerate(ordered, 1)]


def found_clusters(
    matches: Sequence[Match],
    texts: Mapping[str, str],
    masked: Optional[Mapping[str, Sequence[tuple[int, int]]]] = None,
) -> list[Found]:
    """The clusters of `cluster_matches`, not yet in order nor numbered.

    Every step (cuts carried through matches, segments linked, groups extended) works within
    one of the `match_groups` (matches whose sides meet in an article, transitively), in an
    order that keeps, within the group, the order it has over all the matches: the clusters of
    all the matches are the clusters of each group, found apart. The Spark engine finds them
    so, a group to a task; a real news day's articles are one connected whole, its groups
    hundreds (a story and the copies it overlaps).
    """
    if not matches:
        return []
    words = _Words(matches, texts)
    alignments = [_align(m, words) for m in matches]
    cuts = _cut_articles(alignments)
    segments = _segments(matches, cuts, masked or {})
    nodes = [(art, s, e) for art in sorted(segments) for s, e in segments[art]]
    number = {node: k for k, node in enumerate(nodes)}
    links = UnionFind(len(nodes))
    _link(alignments, segments, links)
    _extend(nodes, number, links, texts)
    _join_pieces(nodes, links, texts)
    groups: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for k, node in enumerate(nodes):
        groups[links.find(k)].append(node)
    # Whether a cluster is quoted: the vote of the matches whose spans start in its passages.
    # (Its first segment: a match that begins in a masked footer votes from the first of its
    # own segments after it, not from the text before.)
    seg_ends = {art: [e for _, e in segs] for art, segs in segments.items()}
    votes: dict[int, list[bool]] = defaultdict(list)
    for m in matches:
        k = bisect.bisect_right(seg_ends[m.a], m.a_start)
        if k < len(segments[m.a]) and segments[m.a][k][0] < m.a_end:
            s, e = segments[m.a][k]
            votes[links.find(number[(m.a, s, e)])].append(m.quoted)
    found: list[Found] = []
    for g, segs in groups.items():
        passages = []
        for art, run in _runs(sorted(segs), texts).items():
            for s, e in run:
                # A passage begins at a word: the stop and line break a cut left before it
                # belong to the text before.
                first = _WORD.search(texts[art], s, e)
                s = first.start() if first else e
                if e - s >= _MIN_PASSAGE:
                    passages.append(Passage(art, s, e, texts[art][s:e]))
        if len({p.article for p in passages}) < 2:
            continue
        passages.sort(key=lambda p: (p.article, p.start, p.end))
        vote = votes.get(g, [])
        found.append((tuple(passages), sum(vote) * 2 > len(vote)))
    return found


def _extend(
    nodes: Sequence[tuple[str, int, int]],
    number: dict[tuple[str, int, int], int],
    links: UnionFind,
    texts: Mapping[str, str],
) -> None:
    """Join a passage's trimmed parts back to it. Outlets that cut a story short leave its
    tail as a group of its own, carried by fewer articles. A group is an *extension* of a host
    group when every one of its passages runs on from one of the host's (white space between)
    and every article carrying it carries the host. Each host takes its extensions when they
    form one family (they share carriers: a story trimmed at several lengths); when they branch
    (a day-1 ending and a day-2 ending of one lead paragraph, printed by different outlets) the
    host takes none, so the two stories do not chain through their shared paragraph. A group
    carried by one article (words only it has inside a match) goes to the host it runs on from.
    """
    groups: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for k, node in enumerate(nodes):
        groups[links.find(k)].append(node)
    carriers = {g: {art for art, _, _ in segs} for g, segs in groups.items()}
    # Every run of every group, per article in order; runs of different groups next to each
    # other are adjacent.
    runs_of: dict[int, int] = defaultdict(int)
    by_article: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for g in sorted(groups):
        for art, run in _runs(sorted(groups[g]), texts).items():
            runs_of[g] += len(run)
            by_article[art].extend((s, e, g) for s, e in run)
    touching: dict[tuple[int, int], int] = defaultdict(int)
    for art, runs in by_article.items():
        runs.sort()
        for (_, e1, g1), (s2, _, g2) in zip(runs, runs[1:]):
            if g1 != g2 and s2 - e1 <= _ADJACENT and not texts[art][e1:s2].strip():
                touching[(g1, g2)] += 1
                touching[(g2, g1)] += 1
    hosts: dict[int, list[int]] = defaultdict(list)
    beside: dict[int, list[int]] = defaultdict(list)  # every group that runs on from a host
    for (g, h), n in sorted(touching.items()):
        if n < runs_of[g] or not carriers[g] <= carriers[h]:
            continue
        if carriers[g] == carriers[h] and h > g:
            continue  # the same carriers: the first group is the host
        if len(carriers[g]) > 1:
            beside[h].append(g)
        if 1 < len(carriers[g]) and 2 * len(carriers[g]) < len(carriers[h]):
            continue  # printed by few of the host's carriers: a story of its own beside it
        hosts[g].append(h)
    extensions: dict[int, list[int]] = defaultdict(list)
    for g, hs in sorted(hosts.items()):
        # The tightest host: the one carried by fewest articles (then the first).
        h = min(hs, key=lambda h: (len(carriers[h]), h))
        if len(carriers[g]) == 1:
            links.union(g, h)
        else:
            extensions[h].append(g)
    for h, ext in sorted(extensions.items()):
        # Every group beside the host counts: two stories that share a sentence each run on
        # from it, and the host joins neither.
        near = sorted(set(beside[h]) | set(ext))
        family = UnionFind(len(near))
        for i in range(len(near)):
            for j in range(i + 1, len(near)):
                if carriers[near[i]] & carriers[near[j]]:
                    family.union(i, j)
        if len({family.find(i) for i in range(len(near))}) == 1:
            for g in ext:
                links.union(g, h)


def _join_pieces(
    nodes: Sequence[tuple[str, int, int]], links: UnionFind, texts: Mapping[str, str]
) -> None:
    """Join the pieces of one passage that cuts carried in from a few copies split apart. A
    copy whose alignment broke mid-sentence (an OCR slip, a dropped line) cuts every other
    copy there too, and the text on either side becomes a group of its own, each carried by
    most but not all of the copies: one statement printed by thirty papers came out as three
    stories of 22 to 31 carriers. Group h is the next piece of group g when, in more than half
    of the carriers of each (the larger's count), a run of h follows a run of g directly (white
    space between). A story's true end is followed by different text in different carriers, so
    no majority; and as a group can follow another in most of its carriers only once, the
    pieces join in a line, never a chain of branches. The two must also meet mid-sentence in
    most of those carriers: where one story ends and the next begins (two items of a digest
    that most of their carriers print together) a sentence ends, and they stay apart."""
    groups: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for k, node in enumerate(nodes):
        groups[links.find(k)].append(node)
    if len(groups) < 2:
        return
    carriers = {g: {art for art, _, _ in segs} for g, segs in groups.items()}
    by_article: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for g in sorted(groups):
        for art, run in _runs(sorted(groups[g]), texts).items():
            by_article[art].extend((s, e, g) for s, e in run)
    # For each group and a group that follows it: the articles where it does, and where the
    # first ends mid-sentence there.
    follows: dict[tuple[int, int], set[str]] = defaultdict(set)
    midway: dict[tuple[int, int], set[str]] = defaultdict(set)
    for art, runs in by_article.items():
        runs.sort()
        text = texts[art]
        for (_, e1, g1), (s2, _, g2) in zip(runs, runs[1:]):
            if g1 != g2 and s2 - e1 <= _ADJACENT and not text[e1:s2].strip():
                follows[(g1, g2)].add(art)
                if not _sentence_ends(text, s2):
                    midway[(g1, g2)].add(art)
    for (g, h), arts in sorted(follows.items()):
        if 2 * len(arts) > max(len(carriers[g]), len(carriers[h])) and 2 * len(
            midway[(g, h)]
        ) > len(arts):
            links.union(g, h)


# Terminal punctuation, and the closing quotes or brackets after it.
_STOP = re.compile(r"[.!?…।॥؟۔。！？។။][\"'”’»)\]]*")
# Characters a line of capitals (a headline or a subhead) holds at most.
_HEADLINE = 120


def _capitals(line: str) -> bool:
    """Whether `line` is a headline: short, with capitals and no lower-case letter."""
    return (
        len(line) <= _HEADLINE
        and any(c.isupper() for c in line)
        and not any(c.islower() for c in line)
    )


def _sentence_ends(text: str, pos: int) -> bool:
    """Whether a sentence (or an item) ends before the first word at or after `pos`: a stop at
    most two words before it, a cut falling a word or two from where one copy's alignment
    began or ended ("the long run. The | profit", "run|. The profit"), but not the full stop of
    a title or an initial ("Gen. | Funston"); or a blank line, or a line of capitals (a
    headline) just before or after, where OCR dropped the stop."""
    word = _WORD.search(text, pos, pos + 16)
    if word is not None:
        pos = word.start()
    lo = max(0, pos - 48)
    gap = len(text[lo:pos]) - len(text[lo:pos].rstrip())
    if text.count("\n", pos - gap, pos) >= 2:
        return True
    if text.count("\n", pos - gap, pos):
        end = text.find("\n", pos, pos + _HEADLINE + 1)
        if _capitals(text[pos : end if end >= 0 else pos + _HEADLINE + 1]):
            return True  # a headline next
        start = text.rfind("\n", max(0, pos - gap - _HEADLINE - 1), pos - gap) + 1
        if start and _capitals(text[start : pos - gap]):
            return True  # a headline before: the item before it ended there
    for m in _STOP.finditer(text, lo, pos):
        after = text[m.end() : pos]
        if (not after or after[0].isspace()) and len(after.split()) <= 2:
            if not (text[m.start()] == "." and abbreviation(text, m.start())):
                return True
    return False


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
