"""Candidate article pairs from MinHash-LSH over units (about a sentence each).

Why units and not whole articles: a 40-word quote shared by two 1,000-word articles gives a
whole-article Jaccard near 0.02, far below anything LSH can be tuned to. One unit against
another, the same quote gives a Jaccard near 1.

The sketches are datasketch's MinHash (scheme "affine32": a MurmurHash3 pre-mix, then
`a*h + b mod 2**32` per permutation) and the banding is datasketch's MinHashLSH with its own
choice of bands and rows for the threshold. Both are computed here over numpy arrays for a whole
batch of units at once: datasketch's per-object `update` and `insert` cost a Python call per
shingle and per band, which is the bottleneck at newsroom scale. Tests check that the signatures
equal datasketch's and that the candidate pairs equal what `MinHashLSH.query` returns.
"""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

from .document import Document
from .errors import SettingsError
from .normalize import stem
from .parallel import map_steps, shared
from .settings import Settings

__all__ = ["Sketches", "concat_sketches", "check_lsh", "lsh_params", "permutations", "shingle_hashes", "sketch", "band_keys",
           "candidate_pairs", "pairs_from_keys", "CandidateStats"]

log = logging.getLogger(__name__)

_M32 = np.uint64(0xFFFFFFFF)


def check_lsh(settings: Settings) -> None:
    """Raise SettingsError when datasketch finds no banding for the threshold and permutations
    (a high threshold needs more permutations: 0.95 needs at least 64)."""
    try:
        lsh_params(settings.lsh_threshold, settings.num_perm)
    except ValueError as exc:
        raise SettingsError(f"lsh_threshold {settings.lsh_threshold} with num_perm "
                            f"{settings.num_perm} leaves LSH without two bands ({exc}): lower "
                            "--lsh-threshold or raise --num-perm") from exc


@lru_cache(maxsize=8)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that datasketch's MinHashLSH picks for this threshold and size."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


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


def _word_hash(stem: str) -> int:
    # crc32 is stable across runs and platforms (Python's hash() is salted per process).
    return zlib.crc32(stem.encode("utf-8"))


def _combine(h: np.ndarray, k: int) -> np.ndarray:
    """Hashes of the k-grams of a sequence of 64-bit word hashes (as uint64 below 2**32)."""
    out = h[: len(h) - k + 1].copy()
    for j in range(1, k):
        out = (out * np.uint64(0x9E3779B1) + h[j: len(h) - k + 1 + j]) & _M32
    return out


def shingle_hashes(stems: Sequence[str], k: int) -> np.ndarray:
    """32-bit hashes of the word k-grams of a unit (the unit itself if shorter than k)."""
    h = np.fromiter((_word_hash(s) for s in stems), dtype=np.uint64, count=len(stems))
    if len(h) < k:
        k = max(len(h), 1)
    return _combine(h, k).astype(np.uint32)


def _doc_shingles(d: Document, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Shingle hashes of every unit of `d` (content words only, or all words of a unit that has
    none) and the unit index of each, in unit order."""
    bounds = d.unit_bounds
    lengths = bounds[:, 1] - bounds[:, 0]
    tok_unit = np.repeat(np.arange(len(bounds)), lengths)
    keep = d.content[: len(tok_unit)].copy()
    counts = np.bincount(tok_unit[keep], minlength=len(bounds))
    keep |= (counts == 0)[tok_unit]
    h = d.hashes[: len(tok_unit)][keep].astype(np.uint64)
    u = tok_unit[keep]
    if k == 1:
        return h.astype(np.uint32), u
    per_unit = np.bincount(u, minlength=len(bounds))
    grams = _combine(h, k) if len(h) >= k else np.zeros(0, np.uint64)
    same = u[: len(grams)] == u[k - 1:] if len(grams) else np.zeros(0, bool)
    short = per_unit < k  # units too short for one k-gram keep their single words
    hs = np.concatenate((grams[same], h[short[u]]))
    us = np.concatenate((u[: len(grams)][same], u[short[u]]))
    order = np.argsort(us, kind="stable")
    return hs[order].astype(np.uint32), us[order]


def _quote_shingles(d: Document, settings: Settings, first: int
                    ) -> tuple[np.ndarray, np.ndarray, list[int], list[tuple[int, int]]]:
    """Extra sketch rows for quotations inside longer units.

    A quote is what outlets carry from one article to the next, often inside sentences of their
    own ("..., the minister told reporters on Monday"), which dilutes the unit's Jaccard. Each
    quote of `min_unit_words` or more words that is not a unit by itself gets a row of its own,
    labelled with the unit that holds its start. Returns shingle hashes, their row numbers
    (from `first` on), the unit of each row and its token range.
    """
    hs, us, owners, ranges = [], [], [], []
    bounds = d.unit_bounds
    for qs, qe in d.quotes:
        t0 = int(np.searchsorted(d.tokens.starts, qs))
        t1 = int(np.searchsorted(d.tokens.ends, qe, side="right"))
        if t1 - t0 < settings.min_unit_words:
            continue
        unit = int(np.searchsorted(bounds[:, 0], t0, side="right") - 1)
        if bounds[unit, 0] == t0 and bounds[unit, 1] == t1:
            continue
        content = [i for i in range(t0, t1) if d.content[i]] or list(range(t0, t1))
        h = d.hashes[content].astype(np.uint64)
        k = min(settings.shingle_words, len(h))
        h = _combine(h, k).astype(np.uint32)
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


def _minhash(flat: np.ndarray, owner: np.ndarray, n_rows: int, a: np.ndarray, b: np.ndarray
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
        # along memory (eight times faster than down the columns). uint32 wraps: mod 2**32.
        block = a[:, None] * flat[None, lo:hi] + b[:, None]
        sig[first_row:last_row] = np.minimum.reduceat(block, starts[first_row:last_row] - lo, axis=1).T
        first_row = last_row
    return sig


FACT_PERM = 16


_CALENDAR = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december")


@lru_cache(maxsize=8)
def _calendar_hashes(stem_chars: int) -> np.ndarray:
    """Stem hashes of day and month names: capitalised, but shared by any two stories."""
    return np.unique(np.array([zlib.crc32(stem(w, stem_chars).encode("utf-8"))
                               for w in _CALENDAR], dtype=np.uint32))


def _fact_items(d: Document, extra: Sequence[tuple[int, int]], stem_chars: int
                ) -> tuple[np.ndarray, np.ndarray]:
    """The hashes of the names and figures (content words that are not ordinary lower-case
    words: capitalised words inside a sentence, numbers, short forms; not day or month names)
    of each unit of `d` and of each extra token range, and how many each row has."""
    fact = d.content & ~d.informative & ~np.isin(d.hashes, _calendar_hashes(stem_chars))
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
        h, u = _doc_shingles(d, settings.shingle_words)
        rows = np.arange(len(d.unit_bounds), dtype=np.int32)
        extra_h, extra_u, extra_rows, extra_ranges = _quote_shingles(d, settings, len(d.unit_bounds))
        if extra_rows:
            h, u = np.concatenate((h, extra_h)), np.concatenate((u, extra_u))
            rows = np.concatenate((rows, np.asarray(extra_rows, dtype=np.int32)))
        items, sizes = _fact_items(d, extra_ranges, settings.stem_chars)
        fact_h.append(items)
        fact_n.append(sizes)
        flats.append(h)
        units.append(u + n_units)
        doc_idx.append(np.full(len(rows), offset + di, dtype=np.int32))
        unit_idx.append(rows)
        n_units += len(rows)
    if not n_units:
        return Sketches(np.zeros((0, settings.num_perm), np.uint32), np.zeros(0, np.int32),
                        np.zeros(0, np.int32), np.zeros((0, FACT_PERM), np.uint16),
                        np.zeros(0, bool))
    sig = _minhash(np.concatenate(flats), np.concatenate(units), n_units, a, b)
    # Names and figures: a row without any gets one placeholder item (and has_facts False).
    counts = np.concatenate(fact_n)
    has = counts > 0
    fa, fb = permutations(FACT_PERM, settings.minhash_seed + 1)
    items = np.concatenate(fact_h + [np.zeros(int((~has).sum()), np.uint32)])
    owner = np.concatenate((np.repeat(np.arange(n_units), counts), np.flatnonzero(~has)))
    order = np.argsort(owner, kind="stable")
    facts = _minhash(items[order], owner[order], n_units, fa, fb)
    return Sketches(sig, np.concatenate(doc_idx), np.concatenate(unit_idx),
                    (facts & np.uint32(0xFFFF)).astype(np.uint16), has)


def concat_sketches(parts: Sequence[Sketches], settings: Settings) -> Sketches:
    """The rows of several `Sketches` in one, in order."""
    if not parts:
        return Sketches(np.zeros((0, settings.num_perm), np.uint32), np.zeros(0, np.int32),
                        np.zeros(0, np.int32), np.zeros((0, FACT_PERM), np.uint16),
                        np.zeros(0, bool))
    return Sketches(np.concatenate([p.signatures for p in parts]),
                    np.concatenate([p.doc for p in parts]), np.concatenate([p.unit for p in parts]),
                    np.concatenate([p.facts for p in parts if p.facts is not None]),
                    np.concatenate([p.has_facts for p in parts if p.has_facts is not None]))


@dataclass
class CandidateStats:
    """Counts of the candidate stage, for reports and benchmarks."""

    units: int = 0
    buckets_skipped: int = 0
    unit_pairs: int = 0  # colliding unit pairs, counted in each band they collide in
    similar_pairs: int = 0  # distinct colliding pairs whose estimate reaches candidate_similarity
    # and that pass the names-and-figures check
    verified_pairs: int = 0
    repeats_skipped: int = 0  # rows left out of a bucket because their article already had
    # _ROWS_PER_DOCUMENT rows in it (a line the article repeats), counted in each band


def band_keys(signatures: np.ndarray, settings: Settings) -> np.ndarray:
    """(n_units, bands) 64-bit keys: two units share a key in a band iff their signatures agree
    on all of that band's rows (barring a 64-bit hash collision)."""
    bands, rows = lsh_params(settings.lsh_threshold, settings.num_perm)
    keys = np.empty((len(signatures), bands), dtype=np.uint64)
    for band in range(bands):
        part = signatures[:, band * rows:(band + 1) * rows].astype(np.uint64)
        key = np.full(len(signatures), np.uint64(0xCBF29CE484222325))
        for j in range(rows):
            key = (key ^ part[:, j]) * np.uint64(0x100000001B3)
            key ^= key >> np.uint64(29)
        keys[:, band] = key
    return keys


def candidate_pairs(sk: Sketches, settings: Settings,
                    stats: CandidateStats | None = None) -> dict[tuple[int, int], int]:
    """Document pairs (i < j) with the number of their unit pairs that collide in an LSH band and
    pass verification (see `pairs_from_keys`)."""
    facts = (sk.facts, sk.has_facts) if sk.facts is not None and sk.has_facts is not None else None
    found = pairs_from_keys(band_keys(sk.signatures, settings), sk.doc, sk.unit, settings, stats,
                            verify=sk.signatures, facts=facts)
    return {pair: len(units) for pair, units in found.items()}


def _nearest(r1: np.ndarray, r2: np.ndarray, estimate: np.ndarray, k: int
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Keep a pair when it is among the `k` most similar partners of either of its rows (the
    kept rows, and the mask of them).

    Formulaic sentences (market reports, results, weather) resemble hundreds of others a little;
    a copy resembles its original a lot. Keeping each sentence's nearest partners bounds the
    work to about k pairs per sentence without losing the close ones.
    """
    if not len(r1):
        return r1, r2, estimate, np.zeros(0, dtype=bool)
    rows = np.concatenate((r1, r2))
    est = np.concatenate((estimate, estimate))
    idx = np.concatenate((np.arange(len(r1)), np.arange(len(r1))))
    # Sort by row, then by estimate (highest first), then by pair for a stable order.
    order = np.lexsort((idx, -est, rows))
    rows_sorted = rows[order]
    first = np.concatenate(([0], np.flatnonzero(rows_sorted[1:] != rows_sorted[:-1]) + 1))
    rank = np.arange(len(rows_sorted)) - np.repeat(first, np.diff(np.concatenate((first, [len(rows_sorted)]))))
    keep = np.zeros(len(r1), dtype=bool)
    keep[idx[order][rank < k]] = True
    return r1[keep], r2[keep], estimate[keep], keep


def _strong_or_repeated(r1: np.ndarray, r2: np.ndarray, estimate: np.ndarray, doc: np.ndarray,
                        unit: np.ndarray, strong: float, reach: int = 2,
                        lone: tuple[np.ndarray, float, float] | None = None
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Keep the unit pairs of document pairs that have one strongly similar unit pair (estimate
    at least `strong`) or two similar ones in a row: within `reach` units of each other, in the
    same order, in both documents.

    A single sentence that resembles another only moderately is most often a shared frame, and
    articles on one story resemble each other sentence by sentence in no particular order; a
    paraphrased passage shows as moderately similar sentences that follow one another.

    With `lone` = (share, facts, close), a document pair with a single unit pair also needs
    `share` (the shared part of the names and figures of the two units, NaN where a side names
    none) to reach `facts`, or its estimate to reach `close`.
    """
    if not len(r1):
        return r1, r2
    d1, d2 = np.minimum(doc[r1], doc[r2]).astype(np.int64), np.maximum(doc[r1], doc[r2])
    key = d1 * (int(doc.max()) + 1) + d2
    uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    best = np.zeros(len(uniq))
    np.maximum.at(best, inverse, estimate)
    ok = best >= strong
    if lone is not None:
        share, facts, close = lone
        other = np.zeros(len(uniq), dtype=bool)
        other[inverse] = (share < facts) & (estimate < close)  # NaN compares False
        ok &= ~(other & (counts == 1))
    ok |= counts >= 3
    unsure = np.flatnonzero(~ok & (counts == 2))
    if len(unsure):
        first = doc[r1] <= doc[r2]
        u = np.where(first, unit[r1], unit[r2])
        v = np.where(first, unit[r2], unit[r1])
        rows = np.flatnonzero(np.isin(inverse, unsure))
        groups: dict[int, list[tuple[int, int]]] = {}
        for g, a, b in zip(inverse[rows].tolist(), u[rows].tolist(), v[rows].tolist()):
            groups.setdefault(g, []).append((a, b))
        for g, units in groups.items():
            units.sort()
            ok[g] = any(0 < a2 - a1 <= reach and 0 < abs(b2 - b1) <= reach
                        for n, (a1, b1) in enumerate(units) for a2, b2 in units[n + 1:])
    keep = ok[inverse]
    return r1[keep], r2[keep]


# Most rows of one document an LSH bucket keeps. Rows of one article that share a band key are
# units alike enough to agree on a whole band of their signatures: an ordinary article puts up
# to about ten in one bucket (sentences of one story sharing its key words; ten at most in
# 10,000 generated articles), a line repeated through a long text (a notice, a running head,
# OCR debris) puts thousands, each paired with every row of the other articles in the bucket.
# Thirty-two leaves ordinary articles untouched and bounds a bucket's pairs by
# 32 x 32 x max_bucket**2 / 2 whatever the articles' length.
_ROWS_PER_DOCUMENT = 32

# Most unit pairs a batch of `_band_pairs` holds: the verification gathers two signature rows
# per pair, so a batch stays some tens of megabytes whatever the size of the buckets.
_PAIRS_PER_BATCH = 1 << 20


def _band_pairs(ks: np.ndarray, doc: np.ndarray, n: int, max_bucket: int, per_doc: int,
                stats: CandidateStats) -> Iterator[np.ndarray]:
    """Row pairs (coded r1 * n + r2, r1 < r2, of different documents) sharing a key in one band,
    in batches of at most about `_PAIRS_PER_BATCH`.

    Buckets are expanded in numpy, so the cost is that of the pairs themselves and no Python
    object is made per pair. Only rows of different documents are paired: the rows of a bucket
    are ordered by document, and each row is paired with the rows of the documents after its
    own, so the pairs inside one document (which a long article repeating a line would make by
    the million) are never made.

    Of each document, a bucket keeps its first `per_doc` rows (`_ROWS_PER_DOCUMENT`): beyond
    that, rows of one article sharing a band key are copies of one line, and a row of another
    article keeps only its `max_neighbours` most similar partners anyway; more copies of the
    same line add pairs but no evidence. The rows left out are counted in
    `stats.repeats_skipped` (only in buckets that hold other documents too, where they would
    have made pairs). Buckets holding more than `max_bucket` documents are skipped and counted
    in `stats.buckets_skipped`.
    """
    order = np.argsort(ks)  # members are ordered within each bucket below: no need for stability
    sk = ks[order]
    new_key = np.empty(len(sk), dtype=bool)
    new_key[:1] = True
    np.not_equal(sk[1:], sk[:-1], out=new_key[1:])
    bucket = np.cumsum(new_key) - 1
    sizes = np.bincount(bucket)
    shared = sizes[bucket] > 1  # most rows are alone in their bucket: set them aside first
    rows, bucket = order[shared], bucket[shared]
    del order, sk, new_key, shared
    d = doc[rows]
    if len(doc) < 2 or bool((doc[1:] >= doc[:-1]).all()):
        # Rows numbered in document order (as `sketch` makes them): by bucket and row is by
        # bucket, document and row, and one sort key is cheaper than three.
        by = np.argsort(bucket.astype(np.int64) * len(doc) + rows)
    else:
        by = np.lexsort((rows, d, bucket))
    rows, d, bucket = rows[by], d[by], bucket[by]
    del by
    if not len(rows):
        return
    # Runs of one document inside a bucket; a row's rank is its place in its run.
    new_bucket = np.concatenate(([True], bucket[1:] != bucket[:-1]))
    new_run = new_bucket | np.concatenate(([True], d[1:] != d[:-1]))
    run_first = np.flatnonzero(new_run)
    rank = np.arange(len(rows)) - run_first[np.cumsum(new_run) - 1]
    b_index = np.cumsum(new_bucket) - 1
    docs_in = np.bincount(b_index[new_run])  # distinct documents of each bucket
    wide = docs_in > max_bucket
    stats.buckets_skipped += int(wide.sum())
    mixed = (docs_in > 1) & ~wide
    keep = mixed[b_index] & (rank < per_doc)
    stats.repeats_skipped += int((mixed[b_index] & (rank >= per_doc)).sum())
    rows, new_bucket, new_run = rows[keep], new_bucket[keep], new_run[keep]
    del d, bucket, rank, b_index, keep
    if not len(rows):
        return
    # Each row pairs with the rows from the end of its run to the end of its bucket.
    at = np.arange(len(rows))
    ends = np.append(np.flatnonzero(new_bucket[1:]) + 1, len(rows))
    bucket_end = ends[np.cumsum(new_bucket) - 1]
    run_ends = np.append(np.flatnonzero(new_run[1:]) + 1, len(rows))
    run_end = run_ends[np.cumsum(new_run) - 1]
    count = bucket_end - run_end
    total = np.cumsum(count)
    cuts = np.searchsorted(total, np.arange(_PAIRS_PER_BATCH, int(total[-1]), _PAIRS_PER_BATCH),
                           side="right")
    for lo, hi in zip(np.concatenate(([0], cuts)), np.concatenate((cuts, [len(rows)]))):
        c = count[lo:hi]
        if not c.sum():
            continue
        src = np.repeat(at[lo:hi], c)
        dst = np.repeat(run_end[lo:hi], c) + (np.arange(len(src)) - np.repeat(np.cumsum(c) - c, c))
        r1, r2 = rows[src], rows[dst]
        yield np.minimum(r1, r2).astype(np.int64) * n + np.maximum(r1, r2)


def _estimate(verify: np.ndarray, r1: np.ndarray, r2: np.ndarray) -> np.ndarray:
    """Share of equal signature values of rows r1 and r2 (the MinHash estimate of Jaccard),
    in slices so the gathered rows stay small."""
    out = np.empty(len(r1))
    for lo in range(0, len(r1), 100_000):
        hi = lo + 100_000
        out[lo:hi] = (verify[r1[lo:hi]] == verify[r2[lo:hi]]).mean(axis=1)
    return out


def _fact_share(facts: tuple[np.ndarray, np.ndarray], r1: np.ndarray, r2: np.ndarray
                ) -> np.ndarray:
    """Share of equal values of the names-and-figures signatures of rows r1 and r2; NaN where a
    side names none."""
    signs, has = facts
    share = np.full(len(r1), np.nan)
    for lo in range(0, len(r1), 100_000):
        hi = lo + 100_000
        share[lo:hi] = (signs[r1[lo:hi]] == signs[r2[lo:hi]]).mean(axis=1)
    share[~(has[r1] & has[r2])] = np.nan
    return share


def _band_step(band: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int, int]:
    """The unit pairs colliding in one band that pass verification (as codes r1 * n + r2) with
    their MinHash estimates and shares of names and figures, how many collided, how many
    buckets were too large to expand and how many repeated rows were left out of buckets.

    A sentence poured into one mould with other names and figures ("Firefighters were battling
    591 wildfires ... 149 kilometres an hour") is a formula, not a copy: a copy carries the
    facts of its source. Unless nearly identical, a unit pair whose sides both name facts must
    share one.
    """
    state = shared()
    doc, verify, facts, settings = state["doc"], state["verify"], state["facts"], state["settings"]
    n = len(doc)
    stats = CandidateStats()
    codes, estimates, shares, collided = [], [], [], 0
    for batch in _band_pairs(state["keys"][:, band], doc, n, settings.max_bucket,
                             _ROWS_PER_DOCUMENT, stats):
        collided += len(batch)
        if verify is None:
            codes.append(batch)
            continue
        r1, r2 = batch // n, batch % n
        estimate = _estimate(verify, r1, r2)
        ok = estimate >= settings.candidate_similarity
        batch, r1, r2, estimate = batch[ok], r1[ok], r2[ok], estimate[ok]
        share = _fact_share(facts, r1, r2) if facts is not None else np.full(len(r1), np.nan)
        ok = (estimate >= 0.9) | ~(share == 0)  # NaN: a side names no facts
        codes.append(batch[ok])
        estimates.append(estimate[ok])
        shares.append(share[ok])
    found = np.concatenate(codes) if codes else np.zeros(0, np.int64)
    estimate = np.concatenate(estimates) if estimates else np.zeros(0)
    share = np.concatenate(shares) if shares else np.zeros(0)
    return found, estimate, share, collided, stats.buckets_skipped, stats.repeats_skipped


def pairs_from_keys(keys: np.ndarray, doc: np.ndarray, unit: np.ndarray, settings: Settings,
                    stats: CandidateStats | None = None, *, verify: np.ndarray | None = None,
                    facts: tuple[np.ndarray, np.ndarray] | None = None, jobs: int = 1
                    ) -> dict[tuple[int, int], tuple[tuple[int, int], ...]]:
    """Document pairs (i < j) whose units share a band key, each with its colliding unit pairs
    (unit of i, unit of j), sorted.

    With `verify` (the signatures, or any fixed slice of their bits), a colliding unit pair is
    kept only if the share of equal signature values, the MinHash estimate of its Jaccard
    similarity, reaches `candidate_similarity`: LSH lets through pairs well below the threshold by
    chance, and on formulaic prose those are most of them. Buckets holding more than
    `max_bucket` documents are skipped (counted in `stats`): a sentence carried by hundreds of
    articles is boilerplate or a mass reprint, and expanding it would make the cost quadratic.
    Likewise a bucket keeps at most `_ROWS_PER_DOCUMENT` rows of each document (the rest
    counted in `stats.repeats_skipped`): a long article repeating a line would otherwise pair
    every copy with every row of the other articles in the bucket.
    """
    stats = stats if stats is not None else CandidateStats()
    stats.units = len(doc)
    n = len(doc)
    # Verified band by band, so that only the similar pairs are held at once: on 100,000
    # articles LSH lets through some eighty million unit pairs, most of them far from similar.
    # Bands are independent steps, run on `jobs` processes.
    codes, estimates, shares = [], [], []
    bands = list(range(keys.shape[1] if n > 1 else 0))
    state = {"keys": keys, "doc": doc, "verify": verify, "facts": facts, "settings": settings}
    for found, estimate, share, collided, skipped, repeats in map_steps(_band_step, bands, jobs,
                                                                        state):
        codes.append(found)
        estimates.append(estimate)
        shares.append(share)
        stats.unit_pairs += collided
        stats.buckets_skipped += skipped
        stats.repeats_skipped += repeats
    flat = np.concatenate(codes) if codes else np.zeros(0, np.int64)
    del codes
    # A pair colliding in several bands is kept once (its estimate and share are the same).
    order = np.argsort(flat, kind="stable")
    flat = flat[order]
    first = np.concatenate(([True], flat[1:] != flat[:-1])) if len(flat) else np.zeros(0, bool)
    flat = flat[first]
    stats.similar_pairs = len(flat)
    if not len(flat):
        return {}
    r1, r2 = flat // n, flat % n
    if verify is not None:
        estimate = np.concatenate(estimates)[order][first]
        share = np.concatenate(shares)[order][first]
        r1, r2, estimate, kept = _nearest(r1, r2, estimate, settings.max_neighbours)
        r1, r2 = _strong_or_repeated(r1, r2, estimate, doc, unit, settings.verify_threshold,
                                     lone=(share[kept], settings.lone_pair_facts,
                                           settings.lone_pair_close))
    stats.verified_pairs = len(r1)
    d1, d2, u1, u2 = doc[r1], doc[r2], unit[r1], unit[r2]
    swap = d1 > d2
    d1[swap], d2[swap] = d2[swap], d1[swap].copy()
    u1[swap], u2[swap] = u2[swap], u1[swap].copy()
    order = np.lexsort((u2, u1, d2, d1))
    out: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for i, j, a, b in zip(d1[order].tolist(), d2[order].tolist(), u1[order].tolist(),
                          u2[order].tolist()):
        out.setdefault((i, j), []).append((a, b))
    return {pair: tuple(units) for pair, units in out.items()}
