"""Connected components of a graph on Spark, with what pyspark ships (no graphframes).

The alternating large-star and small-star rounds of Kiveris, Lattanzi, Mirrokni, Rastogi and
Vassilvitskii ("Connected Components in MapReduce and Beyond", SoCC 2014) on an RDD of edges
between integer nodes. Each round is two shuffles of the edges; a chain of n nodes, where
label propagation needs n rounds, takes O(log n) of them. At the end every component is a star
around its smallest node: each node's label is the smallest node of its component, whatever the
partitions or the order of the edges.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["connected_components"]

# Rounds allowed before giving up: each round at least halves a component's longest path, in
# the worst case a little less; 64 rounds is far beyond any graph that fits a cluster.
_MAX_ROUNDS = 64


def _large_star(item: tuple[int, Iterable[int]]) -> Iterator[tuple[int, int]]:
    """Every larger neighbour of a node linked to the smallest node of its neighbourhood."""
    u, nbrs = item
    near = set(nbrs)
    m = min(min(near), u)
    return ((v, m) for v in near if v > u)


def _small_star(item: tuple[int, Iterable[int]]) -> Iterator[tuple[int, int]]:
    """A node and its smaller neighbours all linked to the smallest of them."""
    u, smaller = item
    near = set(smaller)
    near.add(u)
    m = min(near)
    return ((v, m) for v in near if v != m)


def _local_stars(edges: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The edges of one partition replaced by stars around the smallest node of each of their
    components (as `UnionFind` finds them): the same components, fewer rounds after."""
    from ..text.spans import UnionFind

    pairs = list(edges)
    nodes = sorted({x for e in pairs for x in e})
    at = {v: k for k, v in enumerate(nodes)}
    links = UnionFind(len(nodes))
    for u, v in pairs:
        links.union(at[u], at[v])
    roots = [links.find(k) for k in range(len(nodes))]
    return ((v, nodes[r]) for v, r in zip(nodes, roots) if nodes[r] != v)


def connected_components(edges: Any, partitions: int) -> Any:
    """(node, label) for every node of `edges` (an RDD of (u, v) integer pairs; self-loops and
    repeats allowed), the label being the smallest node of the node's component: an RDD kept
    in memory (and on disk), which the caller unpersists.

    Each partition's edges are also made stars (`_local_stars`) before the first round and
    after each: that keeps the components, and a graph whose partitions come to hold whole
    components settles in a round or two instead of a round per halving of its longest path.
    """
    from pyspark import StorageLevel

    level = StorageLevel.MEMORY_AND_DISK

    def down(e: tuple[int, int]) -> tuple[int, int]:
        return (e[0], e[1]) if e[0] > e[1] else (e[1], e[0])

    # Every edge as (larger, smaller), each partition's made stars.
    current = edges.mapPartitions(_local_stars).persist(level)
    # Edges in one partition are made stars whole there: the components, with no round.
    settled = edges.getNumPartitions() == 1
    for _ in range(0 if settled else _MAX_ROUNDS):
        following = (
            current.flatMap(lambda e: (e, (e[1], e[0])))
            .groupByKey(partitions)
            .flatMap(_large_star)
            .map(down)
            .groupByKey(partitions)
            .flatMap(_small_star)
            .mapPartitions(_local_stars)
            .persist(level)
        )
        # Settled when the edges are the same as before: no edge of one set alone.
        settled = (
            following.map(lambda e: (e, 1))
            .union(current.map(lambda e: (e, 2)))
            .reduceByKey(lambda x, y: x | y, partitions)
            .filter(lambda kv: kv[1] != 3)
            .isEmpty()
        )
        current.unpersist()
        current = following
        if settled:
            break
    if not settled:  # pragma: no cover - beyond any real graph
        raise RuntimeError(f"connected components did not settle in {_MAX_ROUNDS} rounds")
    # A star around each component's smallest node: an edge (v, m) labels v; m (and a lone
    # node) labels itself.
    labels = (
        edges.flatMap(lambda e: ((e[0], e[0]), (e[1], e[1])))
        .union(current)
        .reduceByKey(min, partitions)
        .persist(level)
    )
    labels.count()
    current.unpersist()
    return labels
