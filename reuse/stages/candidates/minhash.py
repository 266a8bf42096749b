"""MinHash signatures of units (about a sentence each), and small signatures of their names and
figures, computed over numpy arrays for a whole batch of units at once.

The sketches are datasketch's MinHash (scheme "affine32": a MurmurHash3 pre-mix, then
`a*h + b mod 2**32` per permutation); datasketch's per-object `update` costs a Python call per
shingle, which is the bottleneck at newsroom scale. Tests check that the signatures equal
datasketch's.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import numpy as np
from datasketch import MinHash

from ...settings import Settings
from ...text.dates import CALENDAR_WORDS
from ...text.hashing import combine, word_hash
from ...text.tokens import stem
from ..prepare import Document

__all__ = ["permutations", "shingle_hashes", "Sketches", "FACT_PERM", "sketch", "concat_sketches"]


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters (a, b) for this size and seed."""
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    return np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch applies it to every input hash."""
    h = h.astype(np.uint32, copy=True)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


def shingle_hashes(stems: Sequence[str], k: int) -> np.ndarray:
    """32-bit hashes of the word k-grams of a unit (the unit itself if shorter than k)."""
    h = np.fromiter((word_hash(s) for s in stems), dtype=np.uint64, count=len(stems))
    if len(h) < k:
        k = max(len(h), 1)
    return combine(h, k).astype(np.uint32)


def _doc_shingles(
    d: Document, k: int, tails: Optional[np.ndarray] = None
) -> tuple[np.ndarray, np.ndarray]:
    """Shingle hashes of every unit of `d` (content words only, or all words of a unit that has
    none; a number written with a point or comma is one word, its first part: `tails`, from
    `_number_tails`) and the unit index of each, in unit order."""
    bounds = d.unit_bounds
    lengths = bounds[:, 1] - bounds[:, 0]
    tok_unit = np.repeat(np.arange(len(bounds)), lengths)
    keep = d.content[: len(tok_unit)].copy()
    tails = _number_tails(d) if tails is None else tails
    keep[tails[tails < len(keep)]] = False  # "34.9" is one word, "34"
    counts = np.bincount(tok_unit[keep], minlength=len(bounds))
    keep |= (counts == 0)[tok_unit]
    h = d.hashes[: len(tok_unit)][keep].astype(np.uint64)
    u = tok_unit[keep]
    if k == 1:
        return h.astype(np.uint32), u
    per_unit = np.bincount(u, minlength=len(bounds))
    grams = combine(h, k) if len(h) >= k else np.zeros(0, np.uint64)
    same = u[: len(grams)] == u[k - 1 :] if len(grams) else np.zeros(0, bool)
    short = per_unit < k  # units too short for one k-gram keep their single words
    hs = np.concatenate((grams[same], h[short[u]]))
    us = np.concatenate((u[: len(grams)][same], u[short[u]]))
    order = np.argsort(us, kind="stable")
    return hs[order].astype(np.uint32), us[order]


def _quote_shingles(
    d: Document, settings: Settings, first: int
) -> tuple[np.ndarray, np.ndarray, list[int], list[tuple[int, int]]]:
    """Extra sketch rows for quotations inside longer units.

    A quote is what outlets carry from one article to the next, often inside sentences of their
    own ("..., the minister told reporters on Monday"), which dilutes the unit's Jaccard. Each
    quote of `min_unit_words` or more words that is not a unit by itself gets a row of its own,
    labelled with the unit that holds its start. Returns shingle hashes, their row numbers
    (from `first` on), the unit of each row and its token range.
    """
    hs: list[np.ndarray] = []
    us: list[np.ndarray] = []
    owners: list[int] = []
    ranges: list[tuple[int, int]] = []
    bounds = d.unit_bounds
    for qs, qe in d.quotes:
        t0, t1 = d.token_range(qs, qe)
        if t1 - t0 < settings.min_unit_words:
            continue
        unit = int(np.searchsorted(bounds[:, 0], t0, side="right") - 1)
        if bounds[unit, 0] == t0 and bounds[unit, 1] == t1:
            continue
        content = [i for i in range(t0, t1) if d.content[i]] or list(range(t0, t1))
        h = d.hashes[content].astype(np.uint64)
        k = min(settings.shingle_words, len(h))
        h = combine(h, k).astype(np.uint32)
        hs.append(h)
        us.append(np.full(len(h), first + len(owners), dtype=np.int64))
        owners.append(unit)
        ranges.append((t0, t1))
    if not owners:
        return np.zeros(0, np.uint32), np.zeros(0, np.int64), [], []
    return np.concatenate(hs), np.concatenate(us), owners, ranges


@dataclass(frozen=True)
class Sketches:
    """MinHash signatures of units: row i belongs to document `doc[i]`, unit `unit[i]` (a
    quotation's extra row carries the unit that holds it)."""

    signatures: np.ndarray  # (n_units, num_perm) uint32
    doc: np.ndarray  # int32 document index
    unit: np.ndarray  # int32 unit index inside its document
    facts: np.ndarray | None = None  # (n_units, FACT_PERM) uint16: MinHash of names and figures
    has_facts: np.ndarray | None = None  # bool: the row names a name or a figure at all


def _minhash(
    flat: np.ndarray, owner: np.ndarray, n_rows: int, a: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """MinHash signatures of rows 0..n_rows-1 from 32-bit item hashes `flat` sorted by `owner`
    (every row must own at least one item)."""
    flat = _fmix32(flat)
    starts = np.searchsorted(owner, np.arange(n_rows))
    sig = np.empty((n_rows, len(a)), dtype=np.uint32)
    # Work in slices of items so the (items x permutations) block stays small.
    chunk = max(1, 4_000_000 // len(a))
    first_row = 0
    while first_row < n_rows:
        last_row = int(np.searchsorted(starts, starts[first_row] + chunk, side="left"))
        last_row = max(last_row, first_row + 1)
        lo = starts[first_row]
        hi = starts[last_row] if last_row < n_rows else len(flat)
        # (permutations x items): each row's items lie side by side, so the reduction runs
        # along memory (far faster than down the columns). uint32 wraps: mod 2**32.
        block = a[:, None] * flat[None, lo:hi] + b[:, None]
        sig[first_row:last_row] = np.minimum.reduceat(
            block, starts[first_row:last_row] - lo, axis=1
        ).T
        first_row = last_row
    return sig


FACT_PERM = 16


@lru_cache(maxsize=8)
def _calendar_hashes(stem_chars: int) -> np.ndarray:
    """Stem hashes of day and month names: capitalised, but shared by any two stories."""
    return np.unique(
        np.array(
            [zlib.crc32(stem(w, stem_chars).encode("utf-8")) for w in CALENDAR_WORDS],
            dtype=np.uint32,
        )
    )


# A point or comma with a digit on each side.
_DIGIT_SEP = re.compile(r"(?<=\d)[.,](?=\d)")


def _number_tails(d: Document) -> np.ndarray:
    """Tokens that continue a number written with a point or comma ("34.9", "3,400"): the
    tokens split such a number in two, but it is one figure, and a figure updated in a copy
    ("34.9" / "35.4") must count as one word and one fact changed, not two."""
    starts, ends = d.tokens.starts, d.tokens.ends
    if len(starts) < 2:
        return np.zeros(0, dtype=np.int64)
    # The points and commas between two digits, found by one regex pass over the text.
    seps = np.fromiter((m.start() for m in _DIGIT_SEP.finditer(d.text)), dtype=np.int64)
    if not len(seps):
        return np.zeros(0, dtype=np.int64)
    k = np.flatnonzero(np.isin(starts[1:] - 1, seps) & (ends[:-1] == starts[1:] - 1)) + 1
    norm = d.tokens.norm
    return np.asarray(
        [i for i in k.tolist() if norm[i].isdigit() and norm[i - 1].isdigit()], dtype=np.int64
    )


def _fact_items(
    d: Document,
    extra: Sequence[tuple[int, int]],
    stem_chars: int,
    tails: Optional[np.ndarray] = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The hashes of the names and figures (content words that are not ordinary lower-case
    words: capitalised words inside a sentence, numbers, short forms; not day or month names)
    of each unit of `d` and of each extra token range, and how many each row has."""
    fact = d.content & ~d.informative & ~np.isin(d.hashes, _calendar_hashes(stem_chars))
    fact[_number_tails(d) if tails is None else tails] = False
    bounds = d.unit_bounds
    lengths = bounds[:, 1] - bounds[:, 0]
    tok_unit = np.repeat(np.arange(len(bounds)), lengths)
    keep = fact[: len(tok_unit)]
    hashes = [d.hashes[: len(tok_unit)][keep]]
    counts = [np.bincount(tok_unit[keep], minlength=len(bounds))]
    for s, e in extra:
        h = d.hashes[s:e][fact[s:e]]
        hashes.append(h)
        counts.append(np.array([len(h)]))
    return np.concatenate(hashes), np.concatenate(counts)


def sketch(docs: Sequence[Document], settings: Settings, *, offset: int = 0) -> Sketches:
    """MinHash signatures of every unit of `docs` (document indices start at `offset`), and
    small signatures of the names and figures of each unit."""
    a, b = permutations(settings.num_perm, settings.minhash_seed)
    flats, units, doc_idx, unit_idx, fact_h, fact_n = [], [], [], [], [], []
    n_units = 0
    for di, d in enumerate(docs):
        if not len(d.unit_bounds):
            continue
        tails = _number_tails(d)
        h, u = _doc_shingles(d, settings.shingle_words, tails)
        rows = np.arange(len(d.unit_bounds), dtype=np.int32)
        extra_h, extra_u, extra_rows, extra_ranges = _quote_shingles(
            d, settings, len(d.unit_bounds)
        )
        if extra_rows:
            h, u = np.concatenate((h, extra_h)), np.concatenate((u, extra_u))
            rows = np.concatenate((rows, np.asarray(extra_rows, dtype=np.int32)))
        items, sizes = _fact_items(d, extra_ranges, settings.stem_chars, tails)
        fact_h.append(items)
        fact_n.append(sizes)
        flats.append(h)
        units.append(u + n_units)
        doc_idx.append(np.full(len(rows), offset + di, dtype=np.int32))
        unit_idx.append(rows)
        n_units += len(rows)
    if not n_units:
        return Sketches(
            np.zeros((0, settings.num_perm), np.uint32),
            np.zeros(0, np.int32),
            np.zeros(0, np.int32),
            np.zeros((0, FACT_PERM), np.uint16),
            np.zeros(0, bool),
        )
    sig = _minhash(np.concatenate(flats), np.concatenate(units), n_units, a, b)
    # Names and figures: a row without any gets one placeholder item (and has_facts False).
    counts = np.concatenate(fact_n)
    has = counts > 0
    fa, fb = permutations(FACT_PERM, settings.minhash_seed + 1)
    items = np.concatenate(fact_h + [np.zeros(int((~has).sum()), np.uint32)])
    owner = np.concatenate((np.repeat(np.arange(n_units), counts), np.flatnonzero(~has)))
    order = np.argsort(owner, kind="stable")
    facts = _minhash(items[order], owner[order], n_units, fa, fb)
    return Sketches(
        sig,
        np.concatenate(doc_idx),
        np.concatenate(unit_idx),
        (facts & np.uint32(0xFFFF)).astype(np.uint16),
        has,
    )


def concat_sketches(parts: Sequence[Sketches], settings: Settings) -> Sketches:
    """The rows of several `Sketches` in one, in order."""
    if not parts:
        return Sketches(
            np.zeros((0, settings.num_perm), np.uint32),
            np.zeros(0, np.int32),
            np.zeros(0, np.int32),
            np.zeros((0, FACT_PERM), np.uint16),
            np.zeros(0, bool),
        )
    return Sketches(
        np.concatenate([p.signatures for p in parts]),
        np.concatenate([p.doc for p in parts]),
        np.concatenate([p.unit for p in parts]),
        np.concatenate([p.facts for p in parts if p.facts is not None]),
        np.concatenate([p.has_facts for p in parts if p.has_facts is not None]),
    )
