"""Small numpy helpers the stages share."""

from __future__ import annotations

import numpy as np

__all__ = ["distinct", "firsts"]


def firsts(ordered: np.ndarray) -> np.ndarray:
    """Where each value of a sorted array first stands (bool array; empty for an empty one)."""
    return np.concatenate(([True], ordered[1:] != ordered[:-1]))[: len(ordered)]


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array (flattened), sorted: what `np.unique(values)`
    gives, by a sort. numpy's own finds them with a hash table first, and is several times
    slower on the arrays of a few thousand codes the stages dedupe."""
    ordered = np.sort(values, axis=None)
    kept: np.ndarray = ordered[firsts(ordered)]
    return kept
