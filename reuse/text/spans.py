"""Sets of character spans: their length, complement and the positions inside them.
"""

from __future__ import annotations

import bisect
from typing import Sequence

__all__ = ["union_length", "count_in", "complement"]


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
    return sum(bisect.bisect_left(positions, e) - bisect.bisect_left(positions, s)
               for s, e in spans)


def complement(spans: Sequence[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    out, pos = [], 0
    for s, e in sorted(spans):
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < length:
        out.append((pos, length))
    return out
