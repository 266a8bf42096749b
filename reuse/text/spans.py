"""Sets of spans (character or token ranges): their union, length and complement, the
positions inside them, and the union-find that groups linked items."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

__all__ = ["union_length", "count_in", "complement", "merge_spans", "UnionFind"]


def union_length(spans: Sequence[tuple[int, int]]) -> int:
    """Characters covered by a set of spans, overlaps counted once."""
    total, end = 0, -1
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total


def count_in(positions: Sequence[int], spans: Sequence[tuple[int, int]]) -> int:
    return sum(
        bisect.bisect_left(positions, e) - bisect.bisect_left(positions, s) for s, e in spans
    )


def complement(spans: Sequence[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    out, pos = [], 0
    for s, e in sorted(spans):
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < length:
        out.append((pos, length))
    return out


def merge_spans(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans with the overlapping ones merged, in order (spans that only touch stay apart)."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


class UnionFind:
    """Groups of items 0..n-1 linked by `union`, with path halving. The smaller root wins, so a
    group's root is its smallest item and the result does not depend on the order of unions."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)

    def groups(self) -> list[list[int]]:
        """The groups, each in item order, in order of their first (smallest) item."""
        out: dict[int, list[int]] = {}
        for x in range(len(self.parent)):
            out.setdefault(self.find(x), []).append(x)
        return list(out.values())
