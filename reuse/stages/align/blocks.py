"""The runs of words two word sequences share, in order: difflib's anchoring (compiled by
cydifflib) and rapidfuzz's longest common subsequence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

# difflib's SequenceMatcher compiled (from the makers of rapidfuzz): the same blocks, several
# times faster on the short passages that alignment compares by the thousand.
from cydifflib import SequenceMatcher
from rapidfuzz.distance import Indel

__all__ = ["replaced", "Block", "matching_blocks", "anchored_blocks"]


def replaced(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """The stretches a[i1:i2] that b replaces with b[j1:j2] (difflib's "replace" opcodes, on
    `anchored_blocks`)."""
    out = []
    i = j = 0
    for blk in [*anchored_blocks(a, b), Block(len(a), len(b), 0)]:
        if i < blk.a and j < blk.b:
            out.append((i, blk.a, j, blk.b))
        i, j = blk.a + blk.size, blk.b + blk.size
    return out


class Block(NamedTuple):
    """A run of `size` equal items at `a` in one sequence and `b` in the other."""

    a: int
    b: int
    size: int


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[Block]:
    """The runs two word sequences share, in order, along a longest common subsequence
    (rapidfuzz's bit-parallel Indel alignment; difflib's is quadratic in Python on long
    passages). No zero-size sentinel at the end."""
    if a == b:
        return [Block(0, 0, len(a))] if a else []
    return [Block(m.a, m.b, m.size) for m in Indel.opcodes(a, b).as_matching_blocks() if m.size]


def anchored_blocks(a: Sequence[str], b: Sequence[str], anchor: int = 12) -> list[Block]:
    """The runs two word sequences share, found as difflib does: the longest run first, then
    the same on each side of it. Trimming and edit direction rely on this anchoring (a longest
    common subsequence also threads through scattered common words at a passage's ends), so
    they use it; the literal runs, where only long runs count, use `matching_blocks`.

    difflib is quadratic Python on long near-copies, so there the runs of `anchor` or more
    words on rapidfuzz's alignment are taken as they are (a run that long is what difflib
    anchors on too) and difflib aligns only the stretches between them.
    """
    if a == b:
        return [Block(0, 0, len(a))] if a else []
    if len(a) * len(b) <= 4 * anchor * anchor * anchor:
        return _difflib_blocks(a, b, 0, 0)
    out: list[Block] = []
    i = j = 0
    for blk in matching_blocks(a, b):
        if blk.size < anchor:
            continue
        out.extend(_difflib_blocks(a[i : blk.a], b[j : blk.b], i, j))
        out.append(blk)
        i, j = blk.a + blk.size, blk.b + blk.size
    out.extend(_difflib_blocks(a[i:], b[j:], i, j))
    return out


def _difflib_blocks(a: Sequence[str], b: Sequence[str], i: int, j: int) -> list[Block]:
    if not a or not b:
        return []
    return [
        Block(m.a + i, m.b + j, m.size)
        for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
        if m.size
    ]
