"""Stable 32-bit hashes of words and of word k-grams (crc32 and a multiplicative mix): the same
in every run and on every platform, unlike Python's salted `hash`.
"""

from __future__ import annotations

import zlib

import numpy as np

__all__ = ["M32", "word_hash", "combine"]


M32 = np.uint64(0xFFFFFFFF)


def word_hash(stem: str) -> int:
    # crc32 is stable across runs and platforms (Python's hash() is salted per process).
    return zlib.crc32(stem.encode("utf-8"))


def combine(h: np.ndarray, k: int) -> np.ndarray:
    """Hashes of the k-grams of a sequence of 64-bit word hashes (as uint64 below 2**32)."""
    out = h[: len(h) - k + 1].copy()
    for j in range(1, k):
        out = (out * np.uint64(0x9E3779B1) + h[j : len(h) - k + 1 + j]) & M32
    return out
