"""Long articles: alignment without the dense grid of unit cosines, refrains, bounded pieces."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from reuse.fixtures import generate
from reuse.model import Article
from reuse.settings import Settings
from reuse.stages import align
from reuse.stages.align import align_pair, growth, passages
from reuse.stages.align.vectors import Idf
from reuse.stages.attribution import directions
from reuse.stages.candidates.stage import find_candidates
from reuse.stages.prepare import Document, prepare


@lru_cache(maxsize=1)
def _corpus() -> tuple[list[Document], Idf, list]:
    """160 generated articles, prepared, with their candidate pairs (and hints)."""
    settings = Settings()
    articles = sorted(
        (Article(a["id"], a["text"]) for a in generate(160, 5).articles), key=lambda a: a.id
    )
    found = find_candidates(articles, settings, 1, [])
    pairs, df = found.pairs, found.df
    docs = [prepare(a, settings) for a in articles]
    return docs, Idf(df, len(articles)), pairs


def test_cosines_without_the_grid_are_those_of_the_grid(monkeypatch) -> None:
    """Cell by cell and by row blocks (made tiny here), the sparse path's cosines are the
    dense grid's to the last bit, so both paths compare the same numbers with thresholds."""
    docs, idf, pairs = _corpus()
    monkeypatch.setattr(growth, "_BLOCK_PRODUCTS", 50)
    for (i, j), _ in pairs[:40]:
        va, vb = idf.unit_vectors(docs[i]), idf.unit_vectors(docs[j])
        grid = (va.matrix @ vb.matrix.T).toarray()
        cos = growth.Cosines(va.matrix, vb.matrix)
        x, y = np.indices(grid.shape).reshape(2, -1)
        assert np.array_equal(cos.at(x, y), grid.ravel())
        for threshold in (0.0, 0.25, 0.5):
            cells = set()
            covered = 0
            for lo, hi, bx, by in cos.blocks(threshold):
                assert lo == covered and hi > lo
                covered = hi
                assert ((bx >= lo) & (bx < hi)).all()
                cells |= set(zip(bx.tolist(), by.tolist()))
            assert covered == grid.shape[0]
            assert cells == set(zip(*(v.tolist() for v in np.nonzero(grid >= threshold))))


def test_the_sparse_path_aligns_as_the_dense_grid(monkeypatch) -> None:
    """Every candidate pair of a generated corpus, with and without hints, gives the same
    passages whether aligned on the dense grid or on the sparse path."""
    docs, idf, pairs = _corpus()
    settings = Settings()
    vectors = [idf.unit_vectors(d) for d in docs]
    dense = [
        align_pair(docs[i], vectors[i], docs[j], vectors[j], settings, hints=h)
        for (i, j), h in pairs
    ]
    unhinted = [
        align_pair(docs[i], vectors[i], docs[j], vectors[j], settings) for (i, j), _ in pairs[:60]
    ]
    assert sum(map(len, dense)) > 40
    monkeypatch.setattr(align, "DENSE_CELLS", 0)
    monkeypatch.setattr(growth, "_BLOCK_PRODUCTS", 200)
    monkeypatch.setattr(growth, "_GROW_BATCH", 3)
    assert [
        align_pair(docs[i], vectors[i], docs[j], vectors[j], settings, hints=h)
        for (i, j), h in pairs
    ] == dense
    assert [
        align_pair(docs[i], vectors[i], docs[j], vectors[j], settings) for (i, j), _ in pairs[:60]
    ] == unhinted


def _ngram_seeds_reference(da, va, db, vb, k, per_run=4):
    """The n-gram seeds as first written: every run of a looked up in b, each with its first
    `per_run` occurrences there."""
    if len(da.stems) < k or len(db.stems) < k:
        return set()
    ha, pa = growth._grams(da, va, k)
    hb, pb = growth._grams(db, vb, k)
    out = set()
    for h, p in zip(ha.tolist(), pa.tolist()):
        lo = int(np.searchsorted(hb, h, side="left"))
        hi = min(int(np.searchsorted(hb, h, side="right")), lo + per_run)
        for q in pb[lo:hi].tolist():
            out.add(
                (
                    int(np.searchsorted(da.unit_bounds[:, 0], p, side="right") - 1),
                    int(np.searchsorted(db.unit_bounds[:, 0], q, side="right") - 1),
                )
            )
    return out


@hsettings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(["port", "wage", "deal", "fire", "the", "of", "court", "Lima"]),
        min_size=1,
        max_size=80,
    ),
    st.lists(
        st.sampled_from(["port", "wage", "deal", "fire", "the", "of", "court", "Lima"]),
        min_size=1,
        max_size=80,
    ),
    st.integers(2, 4),
    st.integers(1, 5),
    st.sampled_from([3, 1 << 22]),
)
def test_ngram_seeds_are_those_of_the_plain_lookup(wa, wb, k, per_run, batch) -> None:
    """Looked up from the side with fewer runs and expanded in batches (tiny here), the
    n-gram seeds are the unit pairs the plain lookup finds."""
    settings = Settings(min_unit_words=3, max_unit_words=6)
    da = prepare(Article("a", " ".join(wa) + "."), settings)
    db = prepare(Article("b", " ".join(wb) + "."), settings)
    idf = Idf.of([da, db])
    va, vb = idf.unit_vectors(da), idf.unit_vectors(db)
    old, growth._RUN_PAIRS = growth._RUN_PAIRS, batch
    try:
        codes = growth.ngram_seed_codes(da, va, db, vb, k, per_run)
    finally:
        growth._RUN_PAIRS = old
    nb = len(db.unit_bounds)
    assert codes.tolist() == sorted(set(codes.tolist()))
    assert {(c // nb, c % nb) for c in codes.tolist()} == _ngram_seeds_reference(
        da, va, db, vb, k, per_run
    )


def _texts(n: int, seed: int) -> list[str]:
    return [a["text"] for a in generate(n, seed).articles]


def test_a_copy_longer_than_a_piece_comes_out_as_consecutive_passages(monkeypatch) -> None:
    """A copy of some 3,000 words aligned with pieces of at most 500 words: consecutive
    passages, none longer than a piece, that together cover the copy."""
    copied = "\n".join(_texts(5, 11))
    others = _texts(5, 13)  # another seed: no copies planted between them and the copied texts
    a = "\n".join(others[:2]) + "\n" + copied + "\n" + others[2]
    b = others[3] + "\n" + copied + "\n" + others[4]
    settings = Settings()
    da, db = prepare(Article("a", a), settings), prepare(Article("b", b), settings)
    idf = Idf.of([da, db])
    va, vb = idf.unit_vectors(da), idf.unit_vectors(db)
    whole = [m for m in align_pair(da, va, db, vb, settings) if m.words > 1000]
    assert len(whole) == 1 and whole[0].words > 2500
    monkeypatch.setattr(passages, "PIECE_WORDS", 500)
    parts = [
        m
        for m in align_pair(da, va, db, vb, settings)
        if m.a_start >= whole[0].a_start and m.a_end <= whole[0].a_end
    ]
    assert len(parts) >= 6
    assert all(m.words <= 500 for m in parts)
    assert all(m.kind == "verbatim" for m in parts)
    # Consecutive: each starts where (give or take the spaces between words) the last ends.
    for x, y in zip(parts, parts[1:]):
        assert 0 <= y.a_start - x.a_end <= 2 and 0 <= y.b_start - x.b_end <= 2
    assert parts[0].a_start == whole[0].a_start and parts[-1].a_end == whole[0].a_end


NOTICE = (
    "Readers who wish to receive the weekly edition by post should write to the circulation "
    "office, enclosing their name, their full address and a stamped envelope."
)


@pytest.mark.parametrize("sparse", [False, True])
def test_a_line_both_texts_repeat_is_not_a_passage_with_every_copy(monkeypatch, sparse) -> None:
    """Two texts repeating a notice 30 and 40 times share it where it lies inside the stretch
    one copied from the other (or beside another shared sentence), not 1,200 times over."""
    if sparse:
        monkeypatch.setattr(align, "DENSE_CELLS", 0)
    texts = _texts(60, 12)
    a = "\n".join(f"{t}\n{NOTICE}" for t in texts[:30])
    shared = "\n".join(f"{t}\n{NOTICE}" for t in texts[5:15])
    b = (
        "\n".join(f"{t}\n{NOTICE}" for t in texts[30:45])
        + "\n"
        + shared
        + "\n"
        + "\n".join(f"{t}\n{NOTICE}" for t in texts[45:60])
    )
    settings = Settings()
    da, db = prepare(Article("a", a), settings), prepare(Article("b", b), settings)
    idf = Idf.of([da, db])
    found = align_pair(da, idf.unit_vectors(da), db, idf.unit_vectors(db), settings)
    start, end = a.index(shared), a.index(shared) + len(shared)
    assert sum(max(0, min(end, m.a_end) - max(start, m.a_start)) for m in found) > 0.95 * len(
        shared
    )
    assert len(found) < 60  # 1,089 when every copy of the notice seeds with every other


def _longest_forward_run(cells):
    """Length of the longest run of cells going forward in both coordinates (plain DP)."""
    cells = sorted(cells)
    best = [1] * len(cells)
    for k, (i, j) in enumerate(cells):
        for m in range(k):
            if cells[m][0] < i and cells[m][1] < j:
                best[k] = max(best[k], best[m] + 1)
    return max(best, default=0)


@hsettings(max_examples=300, deadline=None)
@given(
    st.sets(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=40),
    st.lists(st.integers(1, 9), min_size=31, max_size=31),
    st.lists(st.integers(1, 9), min_size=31, max_size=31),
    st.integers(9, 60),
)
def test_pieces_of_a_long_group_are_bounded_and_consecutive(cells, wa, wb, bound) -> None:
    """A group spanning more than a piece is cut along a longest forward chain of its unit
    pairs into consecutive token ranges of at most `_PIECE_WORDS` on both sides."""
    from types import SimpleNamespace

    group = sorted(cells)
    chain = passages._chain(group)
    assert all(c in cells for c in chain)
    assert all(x[0] < y[0] and x[1] < y[1] for x, y in zip(chain, chain[1:]))
    assert len(chain) == _longest_forward_run(group)

    def doc(widths):
        ends = np.cumsum(widths)
        return SimpleNamespace(unit_bounds=np.stack([ends - widths, ends], axis=1))

    da, db = doc(np.array(wa)), doc(np.array(wb))
    old, passages.PIECE_WORDS = passages.PIECE_WORDS, bound
    try:
        spans = passages.spans(da, db, group)
    finally:
        passages.PIECE_WORDS = old
    ua, ub = da.unit_bounds, db.unit_bounds
    box = (
        ua[group[0][0]][0],
        ua[group[-1][0]][1],
        ub[min(j for _, j in group)][0],
        ub[max(j for _, j in group)][1],
    )
    if box[1] - box[0] <= bound and box[3] - box[2] <= bound:
        assert spans == [tuple(int(v) for v in box)]
        return
    assert all(0 <= a1 - a0 <= bound and 0 <= b1 - b0 <= bound for a0, a1, b0, b1 in spans)
    assert all(x[1] == y[0] and x[3] == y[2] for x, y in zip(spans, spans[1:]))
    assert spans[0][0] == ua[chain[0][0]][0] and spans[0][2] == ub[chain[0][1]][0]
    assert spans[-1][1] == ua[chain[-1][0]][1] and spans[-1][3] == ub[chain[-1][1]][1]


@hsettings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["word", "“", "”", '"', "‘", "’", "«", "»", "\n", "it’s", ".", " "]),
        max_size=60,
    ),
    st.lists(st.tuples(st.integers(0, 400), st.integers(0, 400)), max_size=10),
)
def test_quotations_found_by_binary_search_are_those_of_a_scan(pieces, ranges) -> None:
    """Quotation spans come in order without overlapping, so the binary search finds the
    spans a scan of all of them finds."""
    text = " ".join(pieces)
    doc = prepare(Article("q", text or "x"), Settings())
    quotes = list(doc.quotes)
    assert all(s < e <= s2 for (s, e), (s2, _) in zip(quotes, quotes[1:]))
    for start, end in ranges:
        assert passages._quotes_over(doc, start, end) == [
            (s, e) for s, e in quotes if s < end and start < e
        ]


@hsettings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Port", "port", "Wage", "deal", "the", "Lima", "lima", "Court", "of", "Fire", "."]
        ),
        min_size=1,
        max_size=120,
    ),
    st.lists(st.tuples(st.integers(0, 119), st.integers(1, 6)), min_size=1, max_size=8),
)
def test_long_documents_look_words_up_as_short_ones_scan(words, ranges) -> None:
    """The index that long documents use finds the recurring runs and the names mentioned
    elsewhere that a scan finds."""
    text = " ".join(words)
    settings = Settings()
    assume(prepare(Article("w", text), settings).stems)
    for t0, n in ranges:
        doc = prepare(Article("w", text), settings)  # a fresh one: no index made yet
        t0 = min(t0, len(doc.stems) - 1)
        t1 = min(t0 + n, len(doc.stems))
        scanned = (passages._recurs(doc, t0, t1), directions._names_elsewhere(doc, t0, t1))
        # The names by their definition: capitalised content words not opening a sentence.
        names = {
            doc.tokens.norm[i]
            for i in range(t0, t1)
            if doc.tokens.capitalized[i] and not doc.informative[i] and doc.content[i]
        }
        outside = set(doc.tokens.norm[:t0]) | set(doc.tokens.norm[t1:])
        assert scanned[1] == (len(names & outside) / len(names) if names else 0.0)
        old = passages.SCAN_TOKENS
        passages.SCAN_TOKENS = directions.SCAN_TOKENS = 0
        try:
            assert (
                passages._recurs(doc, t0, t1),
                directions._names_elsewhere(doc, t0, t1),
            ) == scanned
        finally:
            passages.SCAN_TOKENS = directions.SCAN_TOKENS = old


def test_the_hint_gate_loses_no_passage() -> None:
    """The gate on candidate hints only spares work: every candidate pair aligns to the same
    passages with its hints, with a hint that seeds nothing, and with none."""
    docs, idf, pairs = _corpus()
    settings = Settings()
    vectors = [idf.unit_vectors(d) for d in docs]
    for (i, j), h in pairs[:120]:
        plain = align_pair(docs[i], vectors[i], docs[j], vectors[j], settings)
        assert align_pair(docs[i], vectors[i], docs[j], vectors[j], settings, hints=h) == plain
        assert (
            align_pair(docs[i], vectors[i], docs[j], vectors[j], settings, hints=[(0, 0)]) == plain
        )


@pytest.mark.parametrize("shared, cosine", [(4, 0.5), (2, 0.3), (1, 0.15), (6, 0.5)])
def test_the_gate_without_the_grid_decides_as_the_grid(shared: int, cosine: float) -> None:
    """`has_seed` tests only the unit pairs sharing enough informative stems; it says what
    `is_seed` over every cell of the grid says, for candidate pairs and for unrelated ones,
    and so does its fallback on the product (taken when the stem lists would be too long)."""
    docs, idf, pairs = _corpus()
    settings = Settings(
        min_shared_words=shared,
        seed_similarity=cosine,
        extend_similarity=min(cosine, 0.25),
        seed_ngram_words=40,
    )
    vectors = [idf.unit_vectors(d) for d in docs]
    tried = [p for p, _ in pairs[:80]] + [(k, (k * 37 + 11) % len(docs)) for k in range(80)]
    verdicts = set()
    for i, j in tried:
        if i == j:
            continue
        da, va, db, vb = docs[i], vectors[i], docs[j], vectors[j]
        grid = (va.matrix @ vb.matrix.T).toarray()
        truth = any(
            growth.is_seed(da, va, x, db, vb, y, grid[x, y], settings)
            for x in range(grid.shape[0])
            for y in range(grid.shape[1])
        )
        assert growth.has_seed(da, va, db, vb, settings) == truth
        old = growth._WORD_PAIRS
        growth._WORD_PAIRS = -1
        try:
            assert growth.has_seed(da, va, db, vb, settings) == truth
        finally:
            growth._WORD_PAIRS = old
        verdicts.add(truth)
    assert verdicts == {True, False}


def test_vectors_without_single_article_stems_give_the_same_cosines() -> None:
    """Leaving out the stems only one article holds (after weighting) changes no cosine
    between two articles, to the bit, even where a unit of stop words alone keeps a stop
    word's stem that no article was counted holding."""
    settings = Settings()
    extra = [
        Article("z1", "Over there. And so on, but not then.\nThe harbour closed at dawn today."),
        Article("z2", "And so on, but not then. The harbour closed early at dawn today."),
    ]
    articles = sorted(
        [Article(a["id"], a["text"]) for a in generate(60, 9).articles] + extra,
        key=lambda a: a.id,
    )
    found = find_candidates(articles, settings, 1, [])
    docs = [prepare(a, settings) for a in articles]
    full = Idf(found.df, len(articles)).unit_vectors_of(docs)
    kept = Idf(found.df, len(articles), settings.stem_chars).unit_vectors_of(docs)
    assert kept[0].matrix.shape[1] < full[0].matrix.shape[1]
    for i in range(len(docs)):
        for j in range(i + 1, len(docs)):
            a = (full[i].matrix @ full[j].matrix.T).toarray()
            b = (kept[i].matrix @ kept[j].matrix.T).toarray()
            assert np.array_equal(a, b), (docs[i].id, docs[j].id)


_WORDS = ["port", "wage", "deal", "fire", "the", "of", "court", "Lima", "strike", "grain"]
_MORE_WORDS = _WORDS + ["ship", "coal", "bank", "mill", "rail", "crop", "union", "mayor"]


@hsettings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_MORE_WORDS), min_size=1, max_size=90),
    st.lists(st.sampled_from(_MORE_WORDS), min_size=1, max_size=90),
    st.integers(1, 5),
    st.booleans(),
    st.sampled_from(["idf", "none", "shuffled", "flat"]),
    st.integers(0, 2**32 - 1),
)
def test_unit_pairs_sharing_words_are_those_counted_cell_by_cell(
    wa, wb, least, on_grid, order, seed
) -> None:
    """The unit pairs `has_seed` tries (sharing at least `least` informative stems) are those
    a count over every cell finds, in order: counted on the grid or by sorting, and through
    the prefix filter (each unit's rarest stems), whatever order of the stems it is given
    (the IDF, another, all stems alike), or without it."""
    settings = Settings(min_unit_words=3, max_unit_words=8)
    da = prepare(Article("a", " ".join(wa) + "."), settings)
    db = prepare(Article("b", " ".join(wb) + "."), settings)
    idf = Idf.of([da, db])
    va, vb = idf.unit_vectors(da), idf.unit_vectors(db)
    assert va.rarity is vb.rarity is not None
    if order != "idf":
        rarity = {
            "none": None,
            "shuffled": np.random.default_rng(seed).permutation(len(va.rarity)).astype(float),
            "flat": np.ones(len(va.rarity)),
        }[order]
        va = dataclasses.replace(va, memo=dict(va.memo), rarity=rarity)
        vb = dataclasses.replace(vb, memo=dict(vb.memo), rarity=rarity)
    old = growth._GRID_CELLS, growth._GRID_PER_PAIR
    if not on_grid:
        growth._GRID_CELLS = growth._GRID_PER_PAIR = 0
    try:
        cells = growth._word_cells(va, vb, least)
    finally:
        growth._GRID_CELLS, growth._GRID_PER_PAIR = old
    assert cells is not None
    na, nb = len(da.unit_bounds), len(db.unit_bounds)
    expected = [
        x * nb + y
        for x in range(na)
        for y in range(nb)
        if growth.shared_informative(va, x, vb, y) >= least
    ]
    assert cells.tolist() == expected


@hsettings(max_examples=300, deadline=None)
@given(
    st.sets(st.integers(0, 60), max_size=40),
    st.sets(st.integers(0, 60), max_size=40),
)
def test_common_values_are_found_where_intersect1d_finds_them(x, y) -> None:
    """Where the values two sorted arrays share stand in each: numpy's `intersect1d`."""
    a, b = np.array(sorted(x), np.int64), np.array(sorted(y), np.int64)
    _, want_a, want_b = np.intersect1d(a, b, assume_unique=True, return_indices=True)
    got_a, got_b = growth._common(a, b)
    assert got_a.tolist() == want_a.tolist() and got_b.tolist() == want_b.tolist()
