"""The candidate stage computed over arrays gives what datasketch and the plain expansions give."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import filler_article
from datasketch import MinHash, MinHashLSH
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from reuse.settings import Settings
from reuse.stages.candidates.lsh import band_keys, lsh_params, pairs_from_keys
from reuse.stages.candidates.minhash import shingle_hashes, sketch
from reuse.stages.prepare import prepare


def test_signatures_equal_datasketch() -> None:
    settings = Settings()
    doc = prepare(filler_article(1, True), settings)
    sk = sketch([doc], settings)
    for u, (s, e) in enumerate(doc.unit_bounds):
        m = MinHash(num_perm=settings.num_perm, seed=settings.minhash_seed, hashfunc=lambda x: x)
        m.update_batch(
            [int(h) for h in shingle_hashes(doc.content_stems(s, e), settings.shingle_words)]
        )
        assert np.array_equal(m.hashvalues, sk.signatures[u])


def test_banding_equals_datasketch_lsh() -> None:
    settings = Settings()
    docs = [prepare(filler_article(i, i % 3 == 0), settings) for i in range(12)]
    sk = sketch(docs, settings)
    ours = pairs_from_keys(band_keys(sk.signatures, settings), sk.doc, sk.unit, settings)
    bands, rows = lsh_params(settings.lsh_threshold, settings.num_perm)
    lsh = MinHashLSH(threshold=settings.lsh_threshold, num_perm=settings.num_perm)
    assert (lsh.b, lsh.r) == (bands, rows)
    minhashes = []
    for n in range(len(sk.doc)):
        m = MinHash(
            num_perm=settings.num_perm,
            seed=settings.minhash_seed,
            hashvalues=sk.signatures[n],
            scheme="affine32",
        )
        minhashes.append(m)
        lsh.insert(n, m)
    theirs: dict[tuple[int, int], set] = {}
    for n, m in enumerate(minhashes):
        for other in lsh.query(m):
            dx, dy = int(sk.doc[n]), int(sk.doc[other])
            if dx < dy:
                theirs.setdefault((dx, dy), set()).add((int(sk.unit[n]), int(sk.unit[other])))
    assert set(ours) == set(theirs)
    assert all(set(ours[p]) == theirs[p] for p in ours)
    # Verification keeps the colliding unit pairs whose signatures estimate J >= threshold.
    verified = pairs_from_keys(
        band_keys(sk.signatures, settings), sk.doc, sk.unit, settings, verify=sk.signatures
    )
    for pair, units in verified.items():
        assert set(units) <= set(ours[pair])


@pytest.mark.parametrize("k", [1, 2, 3])
def test_vectorised_shingles_equal_per_unit_shingles(k: int) -> None:
    from reuse.stages.candidates.minhash import _doc_shingles

    settings = Settings(shingle_words=k)
    doc = prepare(filler_article(3, True), settings)
    hashes, units = _doc_shingles(doc, k)
    for u, (s, e) in enumerate(doc.unit_bounds):
        expected = set(shingle_hashes(doc.content_stems(int(s), int(e)), k).tolist())
        assert set(hashes[units == u].tolist()) == expected


def _band_pairs_reference(keys, doc, max_bucket, per_doc):
    """Bucket expansion the plain way: every bucket's rows of different documents paired, at
    most `per_doc` rows of a document (its first), buckets of more than `max_bucket` documents
    skipped."""
    buckets: dict[int, list[int]] = {}
    for row, key in enumerate(keys):
        buckets.setdefault(key, []).append(row)
    pairs, skipped, repeats = set(), 0, 0
    for rows in buckets.values():
        docs = {doc[r] for r in rows}
        if len(docs) > max_bucket:
            skipped += 1
            continue
        if len(docs) < 2:
            continue
        kept = []
        for d in docs:
            mine = sorted(r for r in rows if doc[r] == d)
            kept += mine[:per_doc]
            repeats += len(mine[per_doc:])
        pairs |= {(min(r, s), max(r, s)) for r in kept for s in kept if doc[r] != doc[s]}
    return pairs, skipped, repeats


@hsettings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 5)), max_size=80),
    st.integers(2, 5),
    st.integers(1, 4),
)
def test_bucket_expansion_equals_the_plain_one(rows, max_bucket, per_doc) -> None:
    """Pairs only across documents, at most `per_doc` rows of a document per bucket, wide
    buckets skipped: the same pairs and counts as expanding every bucket by hand, whatever the
    batch size."""
    import reuse.stages.candidates.lsh as cand
    from reuse.stages.candidates.lsh import CandidateStats, _band_pairs

    keys = np.array([k for k, _ in rows], dtype=np.uint64)
    doc = np.array([d for _, d in rows], dtype=np.int32)
    n = len(rows)
    pairs, skipped, repeats = _band_pairs_reference(
        keys.tolist(), doc.tolist(), max_bucket, per_doc
    )
    for batch in (1 << 20, 3):
        old, cand._PAIRS_PER_BATCH = cand._PAIRS_PER_BATCH, batch
        try:
            stats = CandidateStats()
            codes = [
                c
                for part in _band_pairs(keys, doc, n, max_bucket, per_doc, stats)
                for c in part.tolist()
            ]
        finally:
            cand._PAIRS_PER_BATCH = old
        assert len(codes) == len(set(codes))
        assert {(c // n, c % n) for c in codes} == pairs
        assert (stats.buckets_skipped, stats.repeats_skipped) == (skipped, repeats)


@hsettings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 60), max_size=25), max_size=6))
def test_bands_merged_as_they_come_are_the_distinct_pairs_of_all_bands(bands) -> None:
    """Each band's similar pairs merged into the bands' before it give what sorting every
    band's pairs together and keeping each pair once gives."""
    from reuse.stages.candidates.lsh import _merged

    def values(c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return c / 64.0, np.where(c % 3 == 0, np.nan, c / 16.0)  # the same for a pair in any band

    held = (np.zeros(0, np.int64), np.zeros(0), np.zeros(0))
    for codes in bands:
        c = np.asarray(codes, np.int64)
        held = _merged(held, (c, *values(c)), True)
    every = np.asarray(sorted({x for codes in bands for x in codes}), np.int64)
    est, share = values(every)
    assert held[0].tolist() == every.tolist()
    assert held[1].tolist() == est.tolist()
    np.testing.assert_array_equal(held[2], share)
