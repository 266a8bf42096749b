"""The candidate stage computed over arrays gives what datasketch and the plain expansions give."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from conftest import filler_article, generated_articles
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
        # The same for a pair in any band (counts of equal values, as the bands keep them)
        return (c % 65).astype(np.uint16), np.where(c % 3 == 0, -1, c % 17).astype(np.int8)

    held = (np.zeros(0, np.int64), np.zeros(0, np.uint16), np.zeros(0, np.int8))
    for codes in bands:
        c = np.asarray(codes, np.int64)
        held = _merged(held, (c, *values(c)), True)
    every = np.asarray(sorted({x for codes in bands for x in codes}), np.int64)
    est, share = values(every)
    assert held[0].tolist() == every.tolist()
    assert held[1].tolist() == est.tolist()
    np.testing.assert_array_equal(held[2], share)


@hsettings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 8)), max_size=80),
    st.integers(1, 4),
    st.integers(1, 40),
)
def test_nearest_ranked_block_by_block_keeps_what_ranking_at_once_keeps(
    triples, k, block_rows
) -> None:
    """`_nearest_kept` (partners ranked a block of rows at a time, over pairs sorted by code)
    keeps the pairs `_nearest` keeps, ties included (estimates from few distinct values)."""
    from reuse.stages.candidates.lsh import _nearest, _nearest_kept

    pairs = sorted({(min(a, b), max(a, b)): e for a, b, e in triples if a != b}.items())
    r1 = np.array([p[0][0] for p in pairs], np.int64)
    r2 = np.array([p[0][1] for p in pairs], np.int64)
    est = np.array([p[1] / 8 for p in pairs])
    *_, want = _nearest(r1, r2, est, k)
    got = _nearest_kept(r1.astype(np.int32), r2.astype(np.int32), lambda at: est[at], k, block_rows)
    assert got.tolist() == want.tolist()


@hsettings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 400), max_size=40), max_size=6),
    st.integers(1, 90),
)
def test_pairs_spilled_by_band_and_block_are_gathered_as_merged(bands, block_rows) -> None:
    """Pairs written band by band to `SpilledPairs` (in blocks of first rows) and gathered are
    the distinct pairs of every band, sorted, with their counts: what merging them in memory
    gives."""
    from reuse.stages.candidates.lsh import Similar, SpilledPairs

    rows = 21  # codes r1 * 21 + r2: up to 400 spans rows 0 to 19

    def counts(c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (c % 65).astype(np.uint16), np.where(c % 3 == 0, -1, c % 17).astype(np.int8)

    with tempfile.TemporaryDirectory() as where:
        folder = Path(where)
        spill = SpilledPairs(where, rows, block_rows=block_rows)
        held, got = _written_and_gathered(spill, bands, counts)
        assert not list(folder.iterdir())  # each block's files go as read
    assert isinstance(got, Similar)
    assert got.codes.tolist() == held[0].tolist()
    assert got.agree is not None and got.facts is not None
    assert got.agree.tolist() == held[1].tolist() and got.facts.tolist() == held[2].tolist()
    np.testing.assert_array_equal(got.share(), np.where(held[2] < 0, np.nan, held[2] / 16))


def _written_and_gathered(spill, bands, counts):  # type: ignore[no-untyped-def]
    """Each band's pairs merged in memory, and written to `spill` in batches then gathered."""
    from reuse.stages.candidates.lsh import _merged

    held = (np.zeros(0, np.int64), np.zeros(0, np.uint16), np.zeros(0, np.int8))
    for band, codes in enumerate(bands):
        c = np.asarray(codes, np.int64)
        held = _merged(held, (c, *counts(c)), True)
        for lo in range(0, len(c), 7):  # in batches, as a band step writes them
            spill.write(band, c[lo : lo + 7], *counts(c[lo : lo + 7]))
    return held, spill.gather(len(bands), 64, 16)


@hsettings(max_examples=50, deadline=None)
@given(st.integers(8, 200), st.integers(0, 2**16), st.integers(1, 300))
def test_counts_of_equal_values_give_the_estimates_the_means_give(perm, seed, pairs) -> None:
    """Estimates made from counts of equal signature values (how similar pairs are kept) are
    the very floats the means of the equalities give, for any number of permutations."""
    from reuse.stages.candidates.lsh import _agree, _fact_agree, _shares

    rng = np.random.default_rng(seed)
    verify = rng.integers(0, 3, (50, perm)).astype(np.uint16)
    signs = rng.integers(0, 2, (50, 16)).astype(np.uint16)
    has = rng.random(50) < 0.7
    r1, r2 = rng.integers(0, 50, pairs), rng.integers(0, 50, pairs)
    mean = (verify[r1] == verify[r2]).mean(axis=1)
    assert (_agree(verify, r1, r2) / perm).tolist() == mean.tolist()
    share = (signs[r1] == signs[r2]).mean(axis=1)
    share[~(has[r1] & has[r2])] = np.nan
    np.testing.assert_array_equal(_shares(_fact_agree((signs, has), r1, r2), 16), share)


def test_pairs_ranked_and_ruled_in_small_pieces_are_the_pairs_of_one_piece(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The similar pairs are ranked a block of rows at a time and the article-pair rule takes
    them a few documents at a time: with pieces of a handful of pairs the candidates of a
    generated news day are those of one piece."""
    import reuse
    from reuse.stages.candidates import lsh

    settings = Settings()
    fx = reuse.generate(120, seed=11, config=reuse.FixtureConfig.news_day())
    docs = [prepare(a, settings) for a in generated_articles(fx.articles)]
    sk = sketch(docs, settings)
    facts = (sk.facts, sk.has_facts)

    def found() -> dict:  # type: ignore[type-arg]
        stats = lsh.CandidateStats()
        pairs = pairs_from_keys(
            band_keys(sk.signatures, settings),
            sk.doc,
            sk.unit,
            settings,
            stats,
            verify=sk.signatures,
            facts=facts,  # type: ignore[arg-type]
        )
        return {"pairs": pairs, "counts": stats.counts()}

    want = found()
    assert len(want["pairs"]) > 20
    monkeypatch.setattr(lsh, "_RANKED_PER_BLOCK", 8)
    monkeypatch.setattr(lsh, "_RULED_AT_ONCE", 5)
    assert found() == want
