"""Candidate pairs kept as arrays: each article pair with its run of unit pairs.

A large corpus's candidate stage finds millions of unit pairs; as Python tuples they take
about 150 bytes each, as arrays 8. `PairTable` is the sequence of candidate pairs the stages
read (`((i, j), ((a, b), ...))`, the same values) made from arrays when asked for one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Union, overload

import numpy as np

from ...arrays import firsts

__all__ = ["PairTable"]

Units = tuple[tuple[int, int], ...]
Item = tuple[tuple[int, int], Units]


class PairTable(Sequence[Item]):
    """Article pairs (`first[k]`, `second[k]`) with their unit pairs `unit_a[s:e]`,
    `unit_b[s:e]` for s, e = `start[k]`, `start[k + 1]`. An item is made when asked; a slice
    gives a list of items."""

    def __init__(
        self,
        first: np.ndarray,
        second: np.ndarray,
        start: np.ndarray,
        unit_a: np.ndarray,
        unit_b: np.ndarray,
    ) -> None:
        self.first, self.second, self.start = first, second, start
        self.unit_a, self.unit_b = unit_a, unit_b

    @classmethod
    def grouped(cls, d1: np.ndarray, d2: np.ndarray, u1: np.ndarray, u2: np.ndarray) -> PairTable:
        """The table of unit pairs (u1 of article d1, u2 of article d2) sorted by (d1, d2)."""
        if not len(d1):
            empty = np.zeros(0, np.int64)
            return cls(empty, empty, np.zeros(1, np.int64), empty, empty)
        new = firsts(d1) | firsts(d2)
        at = np.flatnonzero(new)
        return cls(d1[at], d2[at], np.r_[at, len(d1)].astype(np.int64), u1, u2)

    def __len__(self) -> int:
        return len(self.first)

    def _item(self, k: int) -> Item:
        s, e = int(self.start[k]), int(self.start[k + 1])
        units = tuple(zip(self.unit_a[s:e].tolist(), self.unit_b[s:e].tolist()))
        return (int(self.first[k]), int(self.second[k])), units

    @overload
    def __getitem__(self, k: int) -> Item: ...

    @overload
    def __getitem__(self, k: slice) -> list[Item]: ...

    def __getitem__(self, k: Union[int, slice]) -> Union[Item, list[Item]]:
        if isinstance(k, slice):
            return [self._item(x) for x in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        return self._item(k)

    def __iter__(self) -> Iterator[Item]:
        return (self._item(k) for k in range(len(self)))

    def items(self) -> Iterator[Item]:
        """The items, as a dict of article pair to unit pairs gives them."""
        return iter(self)

    def units(self) -> int:
        """How many unit pairs the table holds."""
        return len(self.unit_a)

    def articles(self) -> set[int]:
        """Every article of a pair."""
        return set(np.union1d(self.first, self.second).tolist())

    def taken(self, order: Sequence[int] | np.ndarray) -> PairTable:
        """The table with its pairs in `order` (indices of this table's pairs)."""
        order = np.asarray(order, np.int64)
        lengths = np.diff(self.start)[order]
        start = np.r_[0, np.cumsum(lengths)].astype(np.int64)
        # The unit pairs of each pair, in the new order: runs from its old start.
        rows = np.repeat(self.start[:-1][order] - start[:-1], lengths) + np.arange(start[-1])
        return PairTable(
            self.first[order],
            self.second[order],
            start,
            self.unit_a[rows],
            self.unit_b[rows],
        )
