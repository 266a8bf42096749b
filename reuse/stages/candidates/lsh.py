"""LSH banding of unit signatures, bucket expansion into unit pairs, and their verification into
candidate article pairs.

The banding is datasketch's MinHashLSH with its own choice of bands and rows for the threshold,
computed over arrays; tests check that the candidate pairs equal what `MinHashLSH.query`
returns.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHashLSH

from ...arrays import firsts
from ...errors import RunError, SettingsError
from ...model import Problem
from ...parallel import iter_steps
from ...settings import Settings
from .minhash import Sketches
from .table import PairTable

__all__ = [
    "check_lsh",
    "lsh_params",
    "CandidateStats",
    "CandidateTrace",
    "band_keys",
    "candidate_pairs",
    "pairs_from_keys",
    "candidate_table",
    "PairTable",
    "BandColumns",
    "similar_unit_pairs",
    "Similar",
    "SpilledPairs",
    "spilled_unit_pairs",
    "pairs_from_similar",
]


def check_lsh(settings: Settings) -> None:
    """Raise SettingsError when datasketch finds no banding for the threshold and permutations
    (a high threshold needs more permutations: 0.95 needs at least 64)."""
    try:
        lsh_params(settings.lsh_threshold, settings.num_perm)
    except ValueError as exc:
        raise SettingsError(
            f"lsh_threshold {settings.lsh_threshold} with num_perm "
            f"{settings.num_perm} leaves LSH without two bands ({exc}): lower "
            "--lsh-threshold or raise --num-perm"
        ) from exc


@lru_cache(maxsize=8)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that datasketch's MinHashLSH picks for this threshold and size."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


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

    def counts(self) -> dict[str, int]:
        """The counts by the names benchmarks print."""
        return {
            "units": self.units,
            "unit_pairs": self.unit_pairs,
            "similar_unit_pairs": self.similar_pairs,
            "verified_unit_pairs": self.verified_pairs,
            "buckets_skipped": self.buckets_skipped,
            "repeats_skipped": self.repeats_skipped,
        }

    def problems(self, settings: Settings) -> list[Problem]:
        """What the stage left out, said as problems of the run."""
        out = []
        if self.buckets_skipped:
            out.append(
                Problem(
                    "<corpus>",
                    f"{self.buckets_skipped} LSH buckets held more than "
                    f"{settings.max_bucket} articles and were not expanded "
                    "(boilerplate or mass reprints); raise max_bucket to expand them",
                )
            )
        if self.repeats_skipped:
            out.append(
                Problem(
                    "<corpus>",
                    f"{self.repeats_skipped} recurrences of sentences that "
                    "one article repeats many times (a line of debris, a notice) were "
                    "not paired: each article takes part in an LSH bucket with a "
                    "bounded number of its sentences",
                )
            )
        return out


@dataclass
class CandidateTrace:
    """What the candidate stage did to one article pair (documents `a` < `b`), recorded by
    `pairs_from_keys(..., trace=...)` as it decides (in one process) for `reuse.explain`.

    Rows are those of the arrays `pairs_from_keys` was given."""

    a: int
    b: int
    # Buckets both articles have rows in: band, distinct articles, skipped as wider than
    # max_bucket, rows of each side, rows left out as repeats (beyond _ROWS_PER_DOCUMENT).
    buckets: list[dict[str, Any]] = field(default_factory=list)
    # Colliding row pairs (row of a, row of b): bands, estimate, names-and-figures share (NaN
    # where a side names none), whether the estimate reaches candidate_similarity and whether
    # the facts check passes.
    collisions: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    # Verified row pairs: rank among each row's partners (0 is the closest), and kept.
    nearest: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    # The article-pair rule: best estimate, unit pairs, in a row, lone-pair check, passed.
    pair_rule: dict[str, Any] = field(default_factory=dict)

    def watched(self, d1: np.ndarray, d2: np.ndarray) -> np.ndarray:
        """Mask of row pairs whose documents are this pair's (either order)."""
        return ((d1 == self.a) & (d2 == self.b)) | ((d1 == self.b) & (d2 == self.a))

    def oriented(self, r1: int, r2: int, doc: np.ndarray) -> tuple[int, int]:
        return (r1, r2) if int(doc[r1]) == self.a else (r2, r1)


def band_keys(signatures: np.ndarray, settings: Settings) -> np.ndarray:
    """(n_units, bands) 64-bit keys: two units share a key in a band iff their signatures agree
    on all of that band's rows (barring a 64-bit hash collision)."""
    bands, rows = lsh_params(settings.lsh_threshold, settings.num_perm)
    keys = np.empty((len(signatures), bands), dtype=np.uint64)
    for band in range(bands):
        part = signatures[:, band * rows : (band + 1) * rows].astype(np.uint64)
        key = np.full(len(signatures), np.uint64(0xCBF29CE484222325))
        for j in range(rows):
            key = (key ^ part[:, j]) * np.uint64(0x100000001B3)
            key ^= key >> np.uint64(29)
        keys[:, band] = key
    return keys


def candidate_pairs(
    sk: Sketches, settings: Settings, stats: CandidateStats | None = None
) -> dict[tuple[int, int], int]:
    """Document pairs (i < j) with the number of their unit pairs that collide in an LSH band and
    pass verification (see `pairs_from_keys`)."""
    facts = (sk.facts, sk.has_facts) if sk.facts is not None and sk.has_facts is not None else None
    found = pairs_from_keys(
        band_keys(sk.signatures, settings),
        sk.doc,
        sk.unit,
        settings,
        stats,
        verify=sk.signatures,
        facts=facts,
    )
    return {pair: len(units) for pair, units in found.items()}


def _partner_ranks(r1: np.ndarray, r2: np.ndarray, estimate: np.ndarray) -> np.ndarray:
    """(pairs, 2): each pair's rank among the partners of its first and of its second row
    (0 the most similar; ties by pair order)."""
    rows = np.concatenate((r1, r2))
    est = np.concatenate((estimate, estimate))
    idx = np.concatenate((np.arange(len(r1)), np.arange(len(r1))))
    # Sort by row, then by estimate (highest first), then by pair for a stable order.
    order = np.lexsort((idx, -est, rows))
    rows_sorted = rows[order]
    first = np.flatnonzero(firsts(rows_sorted))
    rank = np.arange(len(rows_sorted)) - np.repeat(
        first, np.diff(np.concatenate((first, [len(rows_sorted)])))
    )
    out = np.empty(2 * len(r1), np.int64)
    out[order] = rank
    return out.reshape(2, len(r1)).T


def _nearest(
    r1: np.ndarray, r2: np.ndarray, estimate: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Keep a pair when it is among the `k` most similar partners of either of its rows (the
    kept rows, and the mask of them).

    Formulaic sentences (market reports, results, weather) resemble hundreds of others a little;
    a copy resembles its original a lot. Keeping each sentence's nearest partners bounds the
    work to about k pairs per sentence without losing the close ones.
    """
    if not len(r1):
        return r1, r2, estimate, np.zeros(0, dtype=bool)
    keep: np.ndarray = np.asarray((_partner_ranks(r1, r2, estimate) < k).any(axis=1))
    return r1[keep], r2[keep], estimate[keep], keep


# Three or more similar unit pairs between two articles are a pattern, not chance; two count
# when they follow one another within this many units in both articles.
_SEVERAL_UNIT_PAIRS = 3
_IN_A_ROW = 2


def _strong_or_repeated(
    r1: np.ndarray,
    r2: np.ndarray,
    estimate: np.ndarray,
    doc: np.ndarray,
    unit: np.ndarray,
    strong: float,
    reach: int = _IN_A_ROW,
    lone: tuple[np.ndarray, float, float] | None = None,
    trace: CandidateTrace | None = None,
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
        if trace is not None:
            trace.pair_rule.update(unit_pairs=0, passed=False)
        return r1, r2
    d1, d2 = np.minimum(doc[r1], doc[r2]).astype(np.int64), np.maximum(doc[r1], doc[r2])
    key = d1 * (int(doc.max()) + 1) + d2
    uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    best = np.zeros(len(uniq))
    np.maximum.at(best, inverse, estimate)
    ok = best >= strong
    strong_ok = ok.copy() if trace is not None else ok
    other = np.zeros(len(uniq), dtype=bool)
    if lone is not None:
        share, facts, close = lone
        other[inverse] = (share < facts) & (estimate < close)  # NaN compares False
        ok &= ~(other & (counts == 1))
    ok |= counts >= _SEVERAL_UNIT_PAIRS
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
            ok[g] = any(
                0 < a2 - a1 <= reach and 0 < abs(b2 - b1) <= reach
                for n, (a1, b1) in enumerate(units)
                for a2, b2 in units[n + 1 :]
            )
    if trace is not None:
        at = np.flatnonzero(
            uniq == min(trace.a, trace.b) * (int(doc.max()) + 1) + max(trace.a, trace.b)
        )
        if len(at):
            g = int(at[0])
            trace.pair_rule.update(
                unit_pairs=int(counts[g]),
                best=float(best[g]),
                strong=bool(strong_ok[g]),
                lone_fails=bool(other[g] and counts[g] == 1),
                several=bool(counts[g] >= _SEVERAL_UNIT_PAIRS),
                in_a_row=bool(ok[g]) if counts[g] == 2 and not strong_ok[g] else None,
                passed=bool(ok[g]),
            )
        else:
            trace.pair_rule.update(unit_pairs=0, passed=False)
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


def _band_pairs(
    ks: np.ndarray,
    doc: np.ndarray,
    n: int,
    max_bucket: int,
    per_doc: int,
    stats: CandidateStats,
    trace: CandidateTrace | None = None,
    band: int = 0,
) -> Iterator[np.ndarray]:
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
    # Memory: this runs once a band over every unit row of the corpus, so its temporaries are
    # few and narrow (the keys go once sorted, bucket numbers are 32-bit, no count a bucket).
    order = np.argsort(ks)  # members are ordered within each bucket below: no need for stability
    sk = ks[order]
    del ks  # the caller's column, when the caller keeps none
    # new_key[i]: row i of the sorted keys starts a bucket; new_key[len] closes the last one.
    new_key = np.empty(len(sk) + 1, dtype=bool)
    new_key[0] = new_key[-1] = True
    np.not_equal(sk[1:], sk[:-1], out=new_key[1:-1])
    del sk
    # Most rows are alone in their bucket (they start one and the next row starts another):
    # set them aside first.
    shared = ~(new_key[:-1] & new_key[1:])
    bucket = np.cumsum(new_key[:-1], dtype=np.int32 if len(order) < 2**31 else np.int64) - 1
    rows, bucket = order[shared], bucket[shared]
    del order, new_key, shared
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
    new_bucket = firsts(bucket)
    new_run = new_bucket | firsts(d)
    run_first = np.flatnonzero(new_run)
    rank = np.arange(len(rows)) - run_first[np.cumsum(new_run) - 1]
    b_index = np.cumsum(new_bucket) - 1
    docs_in = np.bincount(b_index[new_run])  # distinct documents of each bucket
    wide = docs_in > max_bucket
    if trace is not None:
        _trace_buckets(trace, band, rows, d, b_index, rank, docs_in, max_bucket, per_doc)
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
    cuts = np.searchsorted(
        total, np.arange(_PAIRS_PER_BATCH, int(total[-1]), _PAIRS_PER_BATCH), side="right"
    )
    for lo, hi in zip(np.concatenate(([0], cuts)), np.concatenate((cuts, [len(rows)]))):
        c = count[lo:hi]
        if not c.sum():
            continue
        src = np.repeat(at[lo:hi], c)
        dst = np.repeat(run_end[lo:hi], c) + (np.arange(len(src)) - np.repeat(np.cumsum(c) - c, c))
        r1, r2 = rows[src], rows[dst]
        yield np.minimum(r1, r2).astype(np.int64) * n + np.maximum(r1, r2)


def _trace_buckets(
    trace: CandidateTrace,
    band: int,
    rows: np.ndarray,
    d: np.ndarray,
    b_index: np.ndarray,
    rank: np.ndarray,
    docs_in: np.ndarray,
    max_bucket: int,
    per_doc: int,
) -> None:
    """Record the buckets of one band that hold rows of both of the traced articles."""
    in_a, in_b = d == trace.a, d == trace.b
    for b in np.intersect1d(b_index[in_a], b_index[in_b]).tolist():
        here = b_index == b
        trace.buckets.append(
            {
                "band": band,
                "articles": int(docs_in[b]),
                "skipped": bool(docs_in[b] > max_bucket),
                "rows_a": rows[here & in_a].tolist(),
                "rows_b": rows[here & in_b].tolist(),
                "left_out": int((here & (in_a | in_b) & (rank >= per_doc)).sum()),
            }
        )


def _agree(verify: np.ndarray, r1: np.ndarray, r2: np.ndarray) -> np.ndarray:
    """How many signature values rows r1 and r2 share (uint16), in slices so the gathered rows
    stay small: the MinHash estimate of their Jaccard similarity is this over the values per
    row (`_estimate`)."""
    out = np.empty(len(r1), np.uint16)
    for lo in range(0, len(r1), 100_000):
        hi = lo + 100_000
        out[lo:hi] = (verify[r1[lo:hi]] == verify[r2[lo:hi]]).sum(axis=1)
    return out


def _estimate(verify: np.ndarray, r1: np.ndarray, r2: np.ndarray) -> np.ndarray:
    """Share of equal signature values of rows r1 and r2 (the MinHash estimate of Jaccard).
    The count over the values is exactly what `.mean(axis=1)` of the equalities gives."""
    return _agree(verify, r1, r2) / verify.shape[1]


def _fact_agree(facts: tuple[np.ndarray, np.ndarray], r1: np.ndarray, r2: np.ndarray) -> np.ndarray:
    """How many values of the names-and-figures signatures rows r1 and r2 share (int8); -1
    where a side names none."""
    signs, has = facts
    out = np.empty(len(r1), np.int8)
    for lo in range(0, len(r1), 100_000):
        hi = lo + 100_000
        out[lo:hi] = (signs[r1[lo:hi]] == signs[r2[lo:hi]]).sum(axis=1)
    out[~(has[r1] & has[r2])] = -1
    return out


def _shares(agree: np.ndarray, perm: int) -> np.ndarray:
    """Shares of equal names-and-figures values from their counts (`_fact_agree`): NaN where -1."""
    share = agree / perm
    share[agree < 0] = np.nan
    return share


def _fact_share(facts: tuple[np.ndarray, np.ndarray], r1: np.ndarray, r2: np.ndarray) -> np.ndarray:
    """Share of equal values of the names-and-figures signatures of rows r1 and r2; NaN where a
    side names none."""
    return _shares(_fact_agree(facts, r1, r2), facts[0].shape[1])


def _verified(estimate: np.ndarray, share: np.ndarray, settings: Settings) -> np.ndarray:
    """Whether colliding unit pairs pass verification: their estimate reaches
    candidate_similarity, and unless nearly identical they share names or figures when both
    sides name some (`share` NaN where a side names none)."""
    similar = estimate >= settings.candidate_similarity
    return similar & ((estimate >= _NEARLY_IDENTICAL) | ~(share == 0))


def _trace_collisions(
    trace: CandidateTrace,
    band: int,
    doc: np.ndarray,
    facts: tuple[np.ndarray, np.ndarray] | None,
    r1: np.ndarray,
    r2: np.ndarray,
    estimate: np.ndarray,
    settings: Settings,
) -> None:
    """Record the traced articles' colliding row pairs of one batch with their verification."""
    w = np.flatnonzero(trace.watched(doc[r1], doc[r2]))
    if not len(w):
        return
    share = _fact_share(facts, r1[w], r2[w]) if facts is not None else np.full(len(w), np.nan)
    passed = _verified(estimate[w], share, settings)
    for k, x, y in zip(range(len(w)), r1[w].tolist(), r2[w].tolist()):
        key = trace.oriented(x, y, doc)
        seen = trace.collisions.setdefault(
            key,
            {
                "bands": [],
                "estimate": float(estimate[w[k]]),
                "share": float(share[k]),
                "similar": bool(estimate[w[k]] >= settings.candidate_similarity),
                "passed": bool(passed[k]),
            },
        )
        seen["bands"].append(band)


class BandColumns:
    """Band keys kept on disk, a file a band (the rows' keys in order, little-endian uint64):
    `pairs_from_keys` reads one band at a time, so every band's keys of a corpus are never
    in memory at once (`reuse.Index.report` over a large index)."""

    def __init__(self, paths: Sequence[str], rows: int) -> None:
        self.paths = list(paths)
        self.shape = (rows, len(self.paths))

    def column(self, band: int) -> np.ndarray:
        keys = np.fromfile(self.paths[band], "<u8").astype(np.uint64, copy=False)
        if len(keys) != self.shape[0]:
            raise RuntimeError(
                f"{self.paths[band]}: {len(keys):,} band keys where {self.shape[0]:,} were written"
            )
        return keys


def _band_column(keys: np.ndarray | BandColumns, band: int) -> np.ndarray:
    return keys.column(band) if isinstance(keys, BandColumns) else keys[:, band]


@dataclass(frozen=True)
class _BandState:
    """What every band step reads: the band keys, owners and verification bits of all units;
    with `spill`, the folder the steps write their similar pairs to (see `SpilledPairs`)."""

    keys: np.ndarray | BandColumns
    doc: np.ndarray
    verify: np.ndarray | None
    facts: tuple[np.ndarray, np.ndarray] | None
    settings: Settings
    trace: CandidateTrace | None = None
    spill: SpilledPairs | None = None


@dataclass(frozen=True)
class _BandResult:
    """The unit pairs of one band that pass verification (codes r1 * n + r2), with their counts
    of equal signature values and of equal names-and-figures values (`Similar`), and the band's
    counts. Spilled, the pairs are in the spill's files and the arrays here are empty."""

    codes: np.ndarray
    agree: np.ndarray
    facts: np.ndarray
    collided: int
    buckets_skipped: int
    repeats_skipped: int


# Unit pairs whose estimate reaches this are nearly identical: they need no names or figures in
# common (a copied sentence whose one figure was corrected is still a copy).
_NEARLY_IDENTICAL = 0.9


def _band_step(state: _BandState, band: int) -> _BandResult:
    """The unit pairs colliding in one band that pass verification.

    A sentence poured into one mould with other names and figures ("Firefighters were battling
    591 wildfires ... 149 kilometres an hour") is a formula, not a copy: a copy carries the
    facts of its source. Unless nearly identical, a unit pair whose sides both name facts must
    share one.
    """
    doc, verify, facts, settings = state.doc, state.verify, state.facts, state.settings
    n = len(doc)
    stats = CandidateStats()
    codes, agrees, fact_agrees, collided = [], [], [], 0
    trace = state.trace
    # Traced, only the row pairs touching the pair's articles are followed: the pair's ranks
    # among its units' partners and its article-pair rule depend on those alone.
    mine = None if trace is None else (doc == trace.a) | (doc == trace.b)
    for batch in _band_pairs(
        _band_column(state.keys, band),
        doc,
        n,
        settings.max_bucket,
        _ROWS_PER_DOCUMENT,
        stats,
        trace,
        band,
    ):
        if mine is not None:
            batch = batch[mine[batch // n] | mine[batch % n]]
        collided += len(batch)
        if verify is None:
            codes.append(batch)
            continue
        r1, r2 = batch // n, batch % n
        agree = _agree(verify, r1, r2)
        estimate = agree / verify.shape[1]
        if trace is not None:
            _trace_collisions(trace, band, doc, facts, r1, r2, estimate, settings)
        ok = estimate >= settings.candidate_similarity
        batch, r1, r2, agree, estimate = batch[ok], r1[ok], r2[ok], agree[ok], estimate[ok]
        if facts is not None:
            fact_agree = _fact_agree(facts, r1, r2)
            share = _shares(fact_agree, facts[0].shape[1])
        else:
            fact_agree, share = np.full(len(r1), -1, np.int8), np.full(len(r1), np.nan)
        ok = _verified(estimate, share, settings)
        if state.spill is not None:
            state.spill.write(band, batch[ok], agree[ok], fact_agree[ok])
            continue
        codes.append(batch[ok])
        agrees.append(agree[ok])
        fact_agrees.append(fact_agree[ok])
    return _BandResult(
        np.concatenate(codes) if codes else np.zeros(0, np.int64),
        np.concatenate(agrees) if agrees else np.zeros(0, np.uint16),
        np.concatenate(fact_agrees) if fact_agrees else np.zeros(0, np.int8),
        collided,
        stats.buckets_skipped,
        stats.repeats_skipped,
    )


def _trace_nearest(
    trace: CandidateTrace,
    doc: np.ndarray,
    r1: np.ndarray,
    r2: np.ndarray,
    estimate: np.ndarray,
    k: int,
) -> None:
    """Record the traced articles' verified row pairs with their ranks among each row's
    partners (as `_nearest` ranks them)."""
    w = np.flatnonzero(trace.watched(doc[r1], doc[r2]))
    if not len(w):
        return
    ranks = _partner_ranks(r1, r2, estimate)[w]
    for (x, y), (k1, k2) in zip(zip(r1[w].tolist(), r2[w].tolist()), ranks.tolist()):
        ra, rb = (k1, k2) if int(doc[x]) == trace.a else (k2, k1)
        trace.nearest[trace.oriented(x, y, doc)] = {
            "rank_a": ra,
            "rank_b": rb,
            "kept": min(ra, rb) < k,
        }


def pairs_from_keys(
    keys: np.ndarray | BandColumns,
    doc: np.ndarray,
    unit: np.ndarray,
    settings: Settings,
    stats: CandidateStats | None = None,
    *,
    verify: np.ndarray | None = None,
    facts: tuple[np.ndarray, np.ndarray] | None = None,
    jobs: int = 1,
    trace: CandidateTrace | None = None,
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

    With `trace`, each decision about that one article pair is recorded in it as it is made
    (the bands then run in this process), and only the unit pairs touching its two articles
    are verified and ranked: the result then holds that pair as the whole corpus would, and
    not the others.
    """
    return dict(
        candidate_table(
            keys, doc, unit, settings, stats, verify=verify, facts=facts, jobs=jobs, trace=trace
        ).items()
    )


def candidate_table(
    keys: np.ndarray | BandColumns,
    doc: np.ndarray,
    unit: np.ndarray,
    settings: Settings,
    stats: CandidateStats | None = None,
    *,
    verify: np.ndarray | None = None,
    facts: tuple[np.ndarray, np.ndarray] | None = None,
    jobs: int = 1,
    trace: CandidateTrace | None = None,
) -> PairTable:
    """`pairs_from_keys` as a `PairTable` (the same pairs, in the same order, kept in arrays)."""
    stats = stats if stats is not None else CandidateStats()
    return pairs_from_similar(
        similar_unit_pairs(
            keys, doc, settings, stats, verify=verify, facts=facts, jobs=jobs, trace=trace
        ),
        doc,
        unit,
        settings,
        stats,
        trace=trace,
    )


@dataclass(frozen=True)
class Similar:
    """Similar unit pairs: codes r1 * rows + r2 (sorted, distinct), with how many of their
    `perm` signature values and `fact_perm` names-and-figures values agree (-1 where a side
    names none); without verification, codes alone. Counts rather than shares: 11 bytes a pair
    rather than 24, and the shares made from them (`estimate`, `share`) are the same floats."""

    codes: np.ndarray
    agree: np.ndarray | None = None
    facts: np.ndarray | None = None
    perm: int = 1
    fact_perm: int = 1

    def estimate(self, at: Any = slice(None)) -> np.ndarray:
        assert self.agree is not None
        return self.agree[at] / self.perm

    def share(self, at: Any = slice(None)) -> np.ndarray:
        assert self.facts is not None
        return _shares(self.facts[at], self.fact_perm)


_SPILL_DTYPE = np.dtype([("code", "<i8"), ("agree", "<u2"), ("facts", "i1")])


class SpilledPairs:
    """The similar pairs of the band steps kept on disk until every band is done, in files of
    `folder` by band and block of first rows: while the bands run, the signatures (which the
    steps verify against) fill memory, and the pairs a corpus of millions of units makes take
    as much again. `gather` then reads the files block by block, keeping each pair once."""

    def __init__(self, folder: str, rows: int, block_rows: int = 1 << 20) -> None:
        self.folder = folder
        self.rows = rows
        self.block_rows = max(1, block_rows)
        self.blocks = max(1, -(-rows // self.block_rows))

    def _path(self, band: int, block: int) -> str:
        return os.path.join(self.folder, f"similar-{band}-{block}.bin")

    def write(self, band: int, codes: np.ndarray, agree: np.ndarray, facts: np.ndarray) -> None:
        """Append one batch of a band's pairs to the files of their blocks."""
        if not len(codes):
            return
        block = codes // self.rows // self.block_rows
        order = np.argsort(block, kind="stable")
        records = np.empty(len(codes), _SPILL_DTYPE)
        records["code"], records["agree"], records["facts"] = codes, agree, facts
        records, block = records[order], block[order]
        cuts = np.flatnonzero(np.diff(block)) + 1
        try:
            for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, len(block)]):
                with open(self._path(band, int(block[lo])), "ab") as f:
                    records[lo:hi].tofile(f)
        except OSError as exc:
            raise RunError(
                f"writing similar unit pairs to {self.folder} failed ({exc}): free disk space "
                "there, or set TMPDIR to a folder with room"
            ) from exc

    def gather(self, bands: int, perm: int, fact_perm: int) -> Similar:
        """The distinct pairs of every band, sorted by code; each block's files go as read."""
        out: list[np.ndarray] = []
        for block in range(self.blocks):
            parts = []
            for band in range(bands):
                path = self._path(band, block)
                if os.path.exists(path):
                    parts.append(np.fromfile(path, _SPILL_DTYPE))
                    os.remove(path)
            if not parts:
                continue
            records = np.concatenate(parts)
            del parts
            codes = records["code"]
            order = np.argsort(codes, kind="stable")
            codes = codes[order]
            first = firsts(codes)
            out.append(records[order[first]])
        # Into one array a field, each block let go as it is copied: never twice the pairs.
        total = sum(len(r) for r in out)
        codes = np.empty(total, np.int64)
        agree, facts = np.empty(total, np.uint16), np.empty(total, np.int8)
        at = 0
        out.reverse()
        while out:
            r = out.pop()
            codes[at : at + len(r)] = r["code"]
            agree[at : at + len(r)] = r["agree"]
            facts[at : at + len(r)] = r["facts"]
            at += len(r)
        return Similar(codes, agree, facts, perm, fact_perm)


def similar_unit_pairs(
    keys: np.ndarray | BandColumns,
    doc: np.ndarray,
    settings: Settings,
    stats: CandidateStats,
    *,
    verify: np.ndarray | None = None,
    facts: tuple[np.ndarray, np.ndarray] | None = None,
    jobs: int = 1,
    trace: CandidateTrace | None = None,
) -> Similar:
    """The first half of `pairs_from_keys`: the unit pairs that collide in a band and pass
    verification, each once. What the second half (`pairs_from_similar`) needs of the units is
    their owners, not their signatures: a caller can let those go in between."""
    found = _similar(keys, doc, settings, stats, verify, facts, jobs, trace, None)
    assert found is not None
    return found


def spilled_unit_pairs(
    keys: np.ndarray | BandColumns,
    doc: np.ndarray,
    settings: Settings,
    stats: CandidateStats,
    spill: SpilledPairs,
    *,
    verify: np.ndarray,
    facts: tuple[np.ndarray, np.ndarray],
    jobs: int = 1,
) -> SpilledPairs:
    """`similar_unit_pairs` with the pairs left in `spill`'s files: once the signatures are let
    go, `spill.gather` reads them back, the same pairs."""
    _similar(keys, doc, settings, stats, verify, facts, jobs, None, spill)
    return spill


def _similar(
    keys: np.ndarray | BandColumns,
    doc: np.ndarray,
    settings: Settings,
    stats: CandidateStats,
    verify: np.ndarray | None,
    facts: tuple[np.ndarray, np.ndarray] | None,
    jobs: int,
    trace: CandidateTrace | None,
    spill: SpilledPairs | None,
) -> Similar | None:
    stats.units = len(doc)
    n = len(doc)
    # Verified band by band, so that only the similar pairs are held at once: on a large corpus
    # LSH lets through tens of millions of unit pairs, most of them far from similar. Bands are
    # independent steps, run on `jobs` processes.
    bands = list(range(keys.shape[1] if n > 1 else 0))
    state = _BandState(keys, doc, verify, facts, settings, trace, spill)
    if trace is not None:
        jobs = 1
    # A pair colliding in several bands is kept once (its counts are the same in each): each
    # band's pairs are merged into those of the bands before it as they come, so that a pair
    # is held once, not once a band (a close pair collides in most bands).
    flat = np.zeros(0, np.int64)
    agree, fact_agree = np.zeros(0, np.uint16), np.zeros(0, np.int8)
    for band in iter_steps(_band_step, bands, jobs, state, what="the banding of sketches"):
        stats.unit_pairs += band.collided
        stats.buckets_skipped += band.buckets_skipped
        stats.repeats_skipped += band.repeats_skipped
        if spill is None:
            flat, agree, fact_agree = _merged(
                (flat, agree, fact_agree),
                (band.codes, band.agree, band.facts),
                verify is not None,
            )
    if spill is not None:
        return None
    if verify is None:
        return Similar(flat)
    return Similar(
        flat, agree, fact_agree, verify.shape[1], facts[0].shape[1] if facts is not None else 1
    )


def _merged(
    held: tuple[np.ndarray, np.ndarray, np.ndarray],
    new: tuple[np.ndarray, np.ndarray, np.ndarray],
    verified: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct pairs of `held` (sorted, distinct codes with their values) and `new` (one
    band's), sorted by code."""
    codes, first_values, second_values = new
    order = np.argsort(codes, kind="stable")
    codes = codes[order]
    first = firsts(codes)
    at = np.searchsorted(held[0], codes)
    known = at < len(held[0])
    known[known] = held[0][at[known]] == codes[known]
    fresh = first & ~known
    codes, at = codes[fresh], at[fresh]
    # Two sorted runs, merged where each new code goes: held pair k moves up by the number of
    # new codes before it.
    size = len(held[0]) + len(codes)
    place = at + np.arange(len(codes))
    mine = np.ones(size, bool)
    mine[place] = False

    def merge(old: np.ndarray, extra: np.ndarray) -> np.ndarray:
        out = np.empty(size, old.dtype)
        out[mine] = old
        out[place] = extra
        return out

    out = merge(held[0], codes)
    if not verified:
        return out, held[1], held[2]
    return (
        out,
        merge(held[1], first_values[order][fresh]),
        merge(held[2], second_values[order][fresh]),
    )


def _nearest_kept(
    r1: np.ndarray, r2: np.ndarray, estimate: Any, k: int, block_rows: int
) -> np.ndarray:
    """Whether each pair is among the `k` most similar partners of either of its rows, as
    `_nearest` decides, with pairs sorted by (r1, r2) and `estimate(at)` giving the estimates
    of the pairs at `at`: the ranks are taken block of rows by block of rows, so that no
    array of every pair's two entries is ever made. A row's partners are the pairs it is the
    first row of (a run of the sorted pairs) and those it is the second row of."""
    keep = np.zeros(len(r1), bool)
    top = int(max(r1.max(initial=-1), r2.max(initial=-1))) + 1
    for lo in range(0, top, block_rows):
        hi = lo + block_rows
        first = np.arange(np.searchsorted(r1, lo), np.searchsorted(r1, hi))
        second = np.flatnonzero((r2 >= lo) & (r2 < hi))
        idx = np.concatenate((first, second))
        if not len(idx):
            continue
        rows = np.concatenate((r1[first], r2[second]))
        est = estimate(idx)
        order = np.lexsort((idx, -est, rows))
        rows_sorted = rows[order]
        start = np.flatnonzero(firsts(rows_sorted))
        rank = np.arange(len(rows)) - np.repeat(start, np.diff(np.r_[start, len(rows)]))
        keep[idx[order[rank < k]]] = True
    return keep


# Entries (a pair at one of its rows) ranked at once by `_nearest_kept`.
_RANKED_PER_BLOCK = 1 << 22


def _rows(codes: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The two rows of each pair code, as int32 when they fit (half the memory), in slices."""
    dtype = np.int32 if n < 2**31 else np.int64
    r1, r2 = np.empty(len(codes), dtype), np.empty(len(codes), dtype)
    for lo in range(0, len(codes), 1 << 24):
        c = codes[lo : lo + (1 << 24)]
        r1[lo : lo + len(c)] = c // n
        r2[lo : lo + len(c)] = c % n
    return r1, r2


# Unit pairs the article-pair rule takes in at once (`pairs_from_similar`).
_RULED_AT_ONCE = 1 << 23


def _document_cuts(doc: np.ndarray, r1: np.ndarray, size: int) -> list[int]:
    """Where to cut pairs sorted by first row into pieces of about `size` without parting two
    pairs of one first document: a document's pairs (it is the first of every pair whose
    first row is its, rows being numbered in document order) then lie in one piece. Rows not
    in document order give one piece."""
    n = len(r1)
    if n <= size or not bool((doc[1:] >= doc[:-1]).all()):
        return [0, n]
    cuts = [0]
    while cuts[-1] + size < n:
        at = cuts[-1] + size
        # Forward to the first pair of the next first document.
        at = int(np.searchsorted(r1, np.searchsorted(doc, doc[r1[at]], side="right")))
        if at >= n:
            break
        cuts.append(at)
    cuts.append(n)
    return cuts


def pairs_from_similar(
    similar: Similar,
    doc: np.ndarray,
    unit: np.ndarray,
    settings: Settings,
    stats: CandidateStats,
    *,
    trace: CandidateTrace | None = None,
) -> PairTable:
    """The second half of `pairs_from_keys`: similar unit pairs kept (each unit's nearest, a
    pattern or a strong pair between two documents) and grouped by document pair, as a table
    (in order of document pair, each with its unit pairs sorted)."""
    n = len(doc)
    stats.similar_pairs = len(similar.codes)
    if not len(similar.codes):
        if trace is not None:
            trace.pair_rule.update(unit_pairs=0, passed=False)
        return PairTable.grouped(*(np.zeros(0, np.int64),) * 4)
    r1, r2 = _rows(similar.codes, n)
    if similar.agree is not None and similar.facts is not None:
        if trace is not None:
            _trace_nearest(trace, doc, r1, r2, similar.estimate(), settings.max_neighbours)
        entries = 2 * len(r1)
        block = max(1, n * _RANKED_PER_BLOCK // entries)
        kept = _nearest_kept(r1, r2, similar.estimate, settings.max_neighbours, block)
        kept_at = np.flatnonzero(kept)
        del kept
        r1, r2 = r1[kept_at], r2[kept_at]
        estimate, share = similar.estimate(kept_at), similar.share(kept_at)
        del similar, kept_at  # the caller's, when handed over unnamed: freed here
        # The rule is applied by article pair: the pairs (sorted by first row, rows numbered
        # in document order) are cut between first documents into pieces of about
        # `_RULED_AT_ONCE`, so that its sorting never takes in all of them at once.
        cuts = _document_cuts(doc, r1, _RULED_AT_ONCE if trace is None else len(r1) + 1)
        ruled = [
            _strong_or_repeated(
                r1[lo:hi],
                r2[lo:hi],
                estimate[lo:hi],
                doc,
                unit,
                settings.verify_threshold,
                lone=(share[lo:hi], settings.lone_pair_facts, settings.lone_pair_close),
                trace=trace,
            )
            for lo, hi in zip(cuts[:-1], cuts[1:])
        ]
        del estimate, share
        r1 = np.concatenate([x for x, _ in ruled]) if ruled else r1[:0]
        r2 = np.concatenate([y for _, y in ruled]) if ruled else r2[:0]
        del ruled
    stats.verified_pairs = len(r1)
    d1, d2, u1, u2 = doc[r1], doc[r2], unit[r1], unit[r2]
    del r1, r2
    swap = d1 > d2
    d1[swap], d2[swap] = d2[swap], d1[swap].copy()
    u1[swap], u2[swap] = u2[swap], u1[swap].copy()
    order = np.lexsort((u2, u1, d2, d1))
    return PairTable.grouped(d1[order], d2[order], u1[order], u2[order])
