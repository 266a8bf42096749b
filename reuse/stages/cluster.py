"""Group matches into clusters: the same passage as it recurs across articles.

Every match gives one span in each of its two articles. Spans of one article that overlap are the
same passage there; a match joins its two passages. The connected groups that reach two or more
articles are the clusters. A quote carried by five outlets is one cluster of five passages.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping, Sequence

from ..model import Cluster, Match, Passage
from ..text.spans import UnionFind, merge_spans

__all__ = ["cluster_matches"]


def cluster_matches(matches: Sequence[Match], texts: Mapping[str, str]) -> list[Cluster]:
    """Clusters of recurring passages, sorted and numbered deterministically (c1, c2, ...)."""
    by_article: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in matches:
        by_article[m.a].append((m.a_start, m.a_end))
        by_article[m.b].append((m.b_start, m.b_end))
    nodes: list[tuple[str, int, int]] = []
    node_spans: dict[str, list[tuple[int, int, int]]] = {}
    for art in sorted(by_article):
        node_spans[art] = []
        for s, e in merge_spans(by_article[art]):
            node_spans[art].append((s, e, len(nodes)))
            nodes.append((art, s, e))

    starts = {art: [s for s, _, _ in spans] for art, spans in node_spans.items()}

    def node_of(art: str, start: int) -> int:
        # The merged spans of an article do not overlap: the one holding `start` is the last
        # that begins at or before it.
        k = bisect.bisect_right(starts[art], start) - 1
        if k >= 0:
            s, e, idx = node_spans[art][k]
            if s <= start < e:
                return idx
        raise LookupError(f"no passage of {art} holds offset {start}")

    uf = UnionFind(len(nodes))
    quoted_votes: dict[int, list[bool]] = defaultdict(list)
    edges = []
    for m in matches:
        x, y = node_of(m.a, m.a_start), node_of(m.b, m.b_start)
        uf.union(x, y)
        edges.append((x, m.quoted))
    for x, q in edges:
        quoted_votes[uf.find(x)].append(q)
    groups: dict[int, list[int]] = defaultdict(list)
    for idx in range(len(nodes)):
        groups[uf.find(idx)].append(idx)
    found = []
    for root, members in groups.items():
        if len({nodes[i][0] for i in members}) < 2:
            continue
        passages = tuple(
            sorted(
                (
                    Passage(
                        nodes[i][0],
                        nodes[i][1],
                        nodes[i][2],
                        texts[nodes[i][0]][nodes[i][1] : nodes[i][2]],
                    )
                    for i in members
                ),
                key=lambda p: (p.article, p.start, p.end),
            )
        )
        votes = quoted_votes[root]
        found.append((passages, sum(votes) * 2 > len(votes)))
    found.sort(key=lambda pq: [(p.article, p.start, p.end) for p in pq[0]])
    return [Cluster(f"c{i}", quoted, passages) for i, (passages, quoted) in enumerate(found, 1)]
